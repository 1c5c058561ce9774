package dev.levee.health;

import dev.levee.core.Bulkhead;
import dev.levee.core.InFlightTracker;
import dev.levee.timeouts.Durations;
import dev.levee.timeouts.Sleeper;
import dev.levee.timeouts.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shuts a service down without dropping work: readiness DOWN first, then a pause so load balancers
 * notice and stop sending traffic, then a wait for calls in flight to finish, then the resources
 * closed in reverse order of registration (servers before the pools they use). What did not drain
 * and what failed to close are reported, never hidden.
 *
 * <pre>{@code
 * GracefulShutdown shutdown = GracefulShutdown.builder(monitor)
 *     .propagationDelay(Duration.ofSeconds(5))
 *     .drain(tracker).drain(dbBulkhead)
 *     .drainTimeout(Duration.ofSeconds(30))
 *     .close("datasource", dataSource).close("health", monitor).close("http", server)
 *     .build();
 * Runtime.getRuntime().addShutdownHook(new Thread(shutdown::run));
 * }</pre>
 *
 * <p>{@link #run()} runs once; later calls return the first report. This class is thread-safe.
 */
public final class GracefulShutdown {
  private static final Logger LOG = LoggerFactory.getLogger(GracefulShutdown.class);
  private static final long POLL_NANOS = 10_000_000L;

  /**
   * What a shutdown did.
   *
   * @param took how long it took, by the shutdown's ticker
   * @param undrained the calls still in flight when the drain timeout passed, by name; empty when
   *     everything drained
   * @param closeFailures what failed to close, by name, with the error
   * @param interrupted whether the shutdown was interrupted (it then closed everything at once)
   */
  public record Report(
      Duration took,
      Map<String, Integer> undrained,
      Map<String, String> closeFailures,
      boolean interrupted) {
    /**
     * Copies the maps.
     *
     * @param took see {@link #took()}
     * @param undrained see {@link #undrained()}
     * @param closeFailures see {@link #closeFailures()}
     * @param interrupted see {@link #interrupted()}
     */
    public Report {
      undrained = Map.copyOf(undrained);
      closeFailures = Map.copyOf(closeFailures);
    }

    /**
     * Whether everything drained and closed.
     *
     * @return whether the shutdown was clean
     */
    public boolean clean() {
      return undrained.isEmpty() && closeFailures.isEmpty() && !interrupted;
    }
  }

  private record Named<T>(String name, T value) {}

  private final HealthMonitor monitor;
  private final Duration propagationDelay;
  private final Duration drainTimeout;
  private final List<Named<IntSupplier>> drains;
  private final List<Named<AutoCloseable>> resources;
  private final Ticker ticker;
  private final Sleeper sleeper;
  private final AtomicBoolean started = new AtomicBoolean();
  private volatile Report report;

  private GracefulShutdown(Builder b) {
    this.monitor = b.monitor;
    this.propagationDelay = b.propagationDelay;
    this.drainTimeout = b.drainTimeout;
    this.drains = List.copyOf(b.drains);
    this.resources = List.copyOf(b.resources);
    this.ticker = b.ticker;
    this.sleeper = b.sleeper;
  }

  /**
   * Starts a shutdown plan.
   *
   * @param monitor the monitor whose readiness to turn DOWN first
   * @return a builder: 5s propagation delay, 30s drain timeout, nothing to drain or close
   */
  public static Builder builder(HealthMonitor monitor) {
    return new Builder(Objects.requireNonNull(monitor, "monitor"));
  }

  /**
   * Shuts down: readiness DOWN, the propagation delay, the drain, then the resources in reverse
   * order. Runs once; a second call (or a concurrent one) waits for nothing and returns the first
   * report, or {@code null} if the first has not finished.
   *
   * @return the report
   */
  public Report run() {
    if (!started.compareAndSet(false, true)) {
      return report;
    }
    long start = ticker.read();
    boolean interrupted = false;
    Map<String, Integer> undrained = new LinkedHashMap<>();
    monitor.startDraining();
    LOG.atInfo()
        .addKeyValue("component", "shutdown")
        .addKeyValue("propagation_delay_ms", propagationDelay.toMillis())
        .log(
            "shutdown: readiness is DOWN; waiting {} for load balancers",
            Durations.format(propagationDelay));
    try {
      sleeper.sleep(propagationDelay.toNanos());
      long deadline = ticker.read() + drainTimeout.toNanos();
      while (true) {
        inFlight(undrained);
        if (undrained.isEmpty() || ticker.read() - deadline >= 0) {
          break;
        }
        sleeper.sleep(POLL_NANOS);
      }
    } catch (InterruptedException e) {
      interrupted = true;
      Thread.currentThread().interrupt();
      inFlight(undrained); // cut short: what is still in flight is reported, never hidden
    }
    if (!undrained.isEmpty()) {
      LOG.atWarn()
          .addKeyValue("component", "shutdown")
          .addKeyValue("undrained", undrained.toString())
          .log(
              "shutdown: calls still in flight after {}: {}",
              Durations.format(drainTimeout),
              undrained);
    }
    Map<String, String> failures = new LinkedHashMap<>();
    for (int i = resources.size() - 1; i >= 0; i--) {
      Named<AutoCloseable> r = resources.get(i);
      try {
        r.value().close();
      } catch (Exception | Error e) {
        failures.put(r.name(), e.toString());
        LOG.atError()
            .addKeyValue("component", "shutdown")
            .addKeyValue("name", r.name())
            .addKeyValue("error", e.toString())
            .setCause(e)
            .log("shutdown: closing \"{}\" failed", r.name());
      }
    }
    Report done =
        new Report(Duration.ofNanos(ticker.read() - start), undrained, failures, interrupted);
    LOG.atInfo()
        .addKeyValue("component", "shutdown")
        .addKeyValue("duration_ms", done.took().toMillis())
        .addKeyValue("clean", done.clean())
        .log(
            "shutdown: done in {}{}",
            Durations.format(Duration.ofMillis(done.took().toMillis())),
            done.clean() ? "" : " (not clean)");
    report = done;
    return done;
  }

  /** Builds a {@link GracefulShutdown}. Not thread-safe. */
  public static final class Builder {
    private final HealthMonitor monitor;
    private Duration propagationDelay = Duration.ofSeconds(5);
    private Duration drainTimeout = Duration.ofSeconds(30);
    private final List<Named<IntSupplier>> drains = new ArrayList<>();
    private final List<Named<AutoCloseable>> resources = new ArrayList<>();
    private Ticker ticker = Ticker.system();
    private Sleeper sleeper = Sleeper.system();

    private Builder(HealthMonitor monitor) {
      this.monitor = monitor;
    }

    /**
     * Sets the pause between readiness DOWN and the drain (default 5s): long enough for every load
     * balancer to see a failed probe (Kubernetes: period × failure threshold).
     *
     * @param delay in [0, 5m]
     * @return this builder
     */
    public Builder propagationDelay(Duration delay) {
      this.propagationDelay = within("propagationDelay", delay, Duration.ofMinutes(5));
      return this;
    }

    /**
     * Sets how long to wait for calls in flight (default 30s).
     *
     * @param timeout in [0, 1h]
     * @return this builder
     */
    public Builder drainTimeout(Duration timeout) {
      this.drainTimeout = within("drainTimeout", timeout, Duration.ofHours(1));
      return this;
    }

    /**
     * Waits for a tracker's calls to finish.
     *
     * @param tracker the tracker
     * @return this builder
     */
    public Builder drain(InFlightTracker tracker) {
      return drain(tracker.name(), tracker::inFlight);
    }

    /**
     * Waits for a bulkhead's calls to finish.
     *
     * @param bulkhead the bulkhead
     * @return this builder
     */
    public Builder drain(Bulkhead bulkhead) {
      return drain(bulkhead.name(), bulkhead::inFlight);
    }

    /**
     * Waits for anything that can count its calls in flight.
     *
     * @param name names it in the report
     * @param inFlight the count now
     * @return this builder
     */
    public Builder drain(String name, IntSupplier inFlight) {
      drains.add(
          new Named<>(
              Objects.requireNonNull(name, "name"), Objects.requireNonNull(inFlight, "inFlight")));
      return this;
    }

    /**
     * Closes a resource after the drain; resources close in reverse order of registration.
     *
     * @param name names it in the report
     * @param resource the resource
     * @return this builder
     */
    public Builder close(String name, AutoCloseable resource) {
      resources.add(
          new Named<>(
              Objects.requireNonNull(name, "name"), Objects.requireNonNull(resource, "resource")));
      return this;
    }

    /**
     * Sets the ticker and sleeper (a manual ticker and its sleeper in tests).
     *
     * @param ticker the ticker
     * @param sleeper the sleeper
     * @return this builder
     */
    public Builder time(Ticker ticker, Sleeper sleeper) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /**
     * Builds the plan.
     *
     * @return the plan
     */
    public GracefulShutdown build() {
      return new GracefulShutdown(this);
    }

    private static Duration within(String field, Duration value, Duration max) {
      Objects.requireNonNull(value, field);
      if (value.isNegative() || value.compareTo(max) > 0) {
        throw new IllegalArgumentException(
            "graceful shutdown: "
                + field
                + " must be in [0, "
                + Durations.format(max)
                + "], was "
                + Durations.format(value));
      }
      return value;
    }
  }

  /** Reads every drain into {@code undrained}: the names with calls still in flight. */
  private void inFlight(Map<String, Integer> undrained) {
    undrained.clear();
    for (Named<IntSupplier> d : drains) {
      int n = d.value().getAsInt();
      if (n > 0) {
        undrained.put(d.name(), n);
      }
    }
  }
}
