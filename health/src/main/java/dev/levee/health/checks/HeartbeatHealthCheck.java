package dev.levee.health.checks;

import dev.levee.common.internal.Require;
import dev.levee.health.HealthCheck;
import dev.levee.health.HealthResult;
import dev.levee.timeouts.Durations;
import dev.levee.timeouts.Ticker;
import dev.levee.timeouts.Timeouts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * DOWN when a named source (a peer, a broker, a registry) has not sent a heartbeat within its
 * timeout (default {@link Timeouts#heartbeatTimeout()}, 30s). Sources are expected with {@link
 * #expect(String)} and beat with {@link #beat(String)}; a source that never beat is timed from when
 * it was expected. Each source's age is in the data. {@link #beat(String)} is one map lookup and
 * one ticker read: cheap enough for every message.
 */
public final class HeartbeatHealthCheck implements HealthCheck {
  private final Ticker ticker;
  private final Duration timeout;
  private final Map<String, Long> lastBeat = new ConcurrentHashMap<>();

  private HeartbeatHealthCheck(Duration timeout, Ticker ticker) {
    this.timeout = Require.positive("heartbeat check: timeout", timeout);
    this.ticker = Objects.requireNonNull(ticker, "ticker");
  }

  /**
   * A check with the default timeout (30s) on the system ticker.
   *
   * @return the check
   */
  public static HeartbeatHealthCheck create() {
    return new HeartbeatHealthCheck(Timeouts.defaults().heartbeatTimeout(), Ticker.system());
  }

  /**
   * A check with another timeout and ticker.
   *
   * @param timeout how long a source may stay silent
   * @param ticker the ticker
   * @return the check
   * @throws IllegalArgumentException if the timeout is not positive
   */
  public static HeartbeatHealthCheck of(Duration timeout, Ticker ticker) {
    return new HeartbeatHealthCheck(timeout, ticker);
  }

  /**
   * Starts expecting heartbeats from {@code source}; its silence is timed from now.
   *
   * @param source the source's name
   */
  public void expect(String source) {
    lastBeat.putIfAbsent(Objects.requireNonNull(source, "source"), ticker.read());
  }

  /**
   * Records a heartbeat from {@code source} (expecting it from now on, if it was not).
   *
   * @param source the source's name
   */
  public void beat(String source) {
    lastBeat.put(Objects.requireNonNull(source, "source"), ticker.read());
  }

  /**
   * Stops expecting heartbeats from {@code source}.
   *
   * @param source the source's name
   * @return whether it was expected
   */
  public boolean forget(String source) {
    return lastBeat.remove(source) != null;
  }

  @Override
  public HealthResult check() {
    long now = ticker.read();
    List<String> silent = new ArrayList<>();
    Map<String, Long> ages = new TreeMap<>();
    for (Map.Entry<String, Long> e : lastBeat.entrySet()) {
      long ageMs = (now - e.getValue()) / 1_000_000;
      ages.put(e.getKey() + "_age_ms", ageMs);
      if (now - e.getValue() > timeout.toNanos()) {
        silent.add(e.getKey() + " (" + Durations.format(Duration.ofMillis(ageMs)) + ")");
      }
    }
    HealthResult result =
        silent.isEmpty()
            ? HealthResult.up()
            : HealthResult.down(
                "no heartbeat within "
                    + Durations.format(timeout)
                    + " from "
                    + String.join(", ", silent));
    return result.withNamedData(ages); // keys are peer names, values ages: nothing to mask
  }
}
