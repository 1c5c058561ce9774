package dev.levee.health.checks;

import dev.levee.common.internal.Require;
import dev.levee.health.HealthCheck;
import dev.levee.health.HealthResult;
import dev.levee.timeouts.Durations;
import dev.levee.timeouts.Ticker;
import java.time.Duration;
import java.util.Objects;

/**
 * DOWN when a loop that must keep moving (a coordinator, a consumer, a scheduler) has not marked
 * progress within a threshold: the "stuck loop" a liveness probe exists for. The loop calls {@link
 * #progress()} each time round (one ticker read and one volatile write).
 */
public final class ProgressHealthCheck implements HealthCheck {
  private final String loop;
  private final Duration threshold;
  private final Ticker ticker;
  private volatile long last;

  private ProgressHealthCheck(String loop, Duration threshold, Ticker ticker) {
    this.loop = Objects.requireNonNull(loop, "loop");
    this.threshold = Require.positive("progress check \"" + loop + "\": threshold", threshold);
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    this.last = ticker.read();
  }

  /**
   * A check for {@code loop}, on the system ticker; its silence is timed from now.
   *
   * @param loop names the loop in the reason
   * @param threshold how long the loop may go without progress
   * @return the check
   * @throws IllegalArgumentException if the threshold is not positive
   */
  public static ProgressHealthCheck of(String loop, Duration threshold) {
    return new ProgressHealthCheck(loop, threshold, Ticker.system());
  }

  /**
   * A check with an injected ticker.
   *
   * @param loop names the loop in the reason
   * @param threshold how long the loop may go without progress
   * @param ticker the ticker
   * @return the check
   */
  public static ProgressHealthCheck of(String loop, Duration threshold, Ticker ticker) {
    return new ProgressHealthCheck(loop, threshold, ticker);
  }

  /** Marks progress. */
  public void progress() {
    last = ticker.read();
  }

  @Override
  public HealthResult check() {
    long idle = ticker.read() - last;
    long idleMs = idle / 1_000_000;
    HealthResult result =
        idle > threshold.toNanos()
            ? HealthResult.down(
                loop
                    + " made no progress for "
                    + Durations.format(Duration.ofMillis(idleMs))
                    + " (limit "
                    + Durations.format(threshold)
                    + ")")
            : HealthResult.up();
    return result.withData("idle_ms", idleMs);
  }
}
