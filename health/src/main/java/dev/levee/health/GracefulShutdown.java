package dev.levee.health;

import dev.levee.common.internal.Require;
import dev.levee.http.EndpointServer;
import dev.levee.timeouts.Durations;
import dev.levee.timeouts.Sleeper;
import dev.levee.timeouts.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shuts a service down without dropping work, in the order load balancers need: readiness DOWN
 * first (probes of {@code /health/ready} answer 503), then a pause so every load balancer notices
 * and stops sending traffic, then the intake of new work stopped ({@link Builder#stopIntake}), then
 * a wait for calls in flight to finish, then the resources closed in reverse order of registration,
 * and the HTTP servers last of all, so the probes keep answering 503 (not "connection refused")
 * until the very end. What did not drain and what failed to close are reported, never hidden.
 *
 * <pre>{@code
 * GracefulShutdown shutdown = GracefulShutdown.builder(monitor)
 *     .propagationDelay(Duration.ofSeconds(5))
 *     .drain("api", tracker::inFlight).drain("db", dbBulkhead::inFlight)
 *     .drainTimeout(Duration.ofSeconds(30))
 *     .server("http", server)                      // closed last, whatever the order here
 *     .close("datasource", dataSource).close("health", monitor)
 *     .build()
 *     .installShutdownHook();                      // SIGTERM runs it; a run() by hand removes it
 * }</pre>
 *
 * <p>An {@link EndpointServer} given to {@link Builder#close} is taken as a server too. {@link
 * #run()} runs once; later calls return the first report. This class is thread-safe.
 */
public final class GracefulShutdown {
  // Held apart so that loading this class (as reading a configuration does, for its rules)
  // starts no logging backend: an application applies its logging configuration first.
  private static final class Log {
    static final Logger LOG = LoggerFactory.getLogger(GracefulShutdown.class);
  }

  private static final long POLL_NANOS = 10_000_000L;

  /**
   * What a shutdown did. Immutable; only a shutdown makes one. A class rather than a record, as
   * every report in Levee, so that it can say more later without breaking its readers.
   */
  public static final class Report {
    private final Duration took;
    private final Map<String, Integer> undrained;
    private final Map<String, String> closeFailures;
    private final boolean interrupted;

    private Report(
        Duration took,
        Map<String, Integer> undrained,
        Map<String, String> closeFailures,
        boolean interrupted) {
      this.took = took;
      this.undrained = Map.copyOf(undrained);
      this.closeFailures = Map.copyOf(closeFailures);
      this.interrupted = interrupted;
    }

    /**
     * How long the shutdown took, by the shutdown's ticker.
     *
     * @return the duration
     */
    public Duration took() {
      return took;
    }

    /**
     * The calls still in flight when the drain timeout passed, by name.
     *
     * @return the counts, read-only; empty when everything drained
     */
    public Map<String, Integer> undrained() {
      return undrained;
    }

    /**
     * What failed to close, by name, with the error.
     *
     * @return the failures, read-only
     */
    public Map<String, String> closeFailures() {
      return closeFailures;
    }

    /**
     * Whether the shutdown was interrupted (it then stopped the intake and closed everything at
     * once, without waiting for the drain).
     *
     * @return whether it was interrupted
     */
    public boolean interrupted() {
      return interrupted;
    }

    /**
     * Whether everything drained and closed.
     *
     * @return whether the shutdown was clean
     */
    public boolean clean() {
      return undrained.isEmpty() && closeFailures.isEmpty() && !interrupted;
    }

    /**
     * Whether {@code other} is a {@code Report} with equal components.
     *
     * @param other the object to compare with
     * @return {@code true} if equal
     */
    @Override
    public boolean equals(Object other) {
      if (this == other) {
        return true;
      }
      if (!(other instanceof Report)) {
        return false;
      }
      Report o = (Report) other;
      return Objects.equals(took, o.took)
          && Objects.equals(undrained, o.undrained)
          && Objects.equals(closeFailures, o.closeFailures)
          && interrupted == o.interrupted;
    }

    @Override
    public int hashCode() {
      return Objects.hash(took, undrained, closeFailures, interrupted);
    }

    @Override
    public String toString() {
      return "Report["
          + "took="
          + took
          + ", undrained="
          + undrained
          + ", closeFailures="
          + closeFailures
          + ", interrupted="
          + interrupted
          + "]";
    }
  }

  private record Named<T>(String name, T value) {}

  private final HealthMonitor monitor;
  private final Duration propagationDelay;
  private final Duration drainTimeout;
  private final List<Named<IntSupplier>> drains;
  private final List<Named<Runnable>> intakes;
  private final List<Named<AutoCloseable>> resources;
  private final List<Named<AutoCloseable>> servers;
  private final Ticker ticker;
  private final Sleeper sleeper;
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicReference<Thread> hook = new AtomicReference<>();
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile Report report;
  private volatile Thread runner;

  private GracefulShutdown(Builder b) {
    this.monitor = b.monitor;
    this.propagationDelay = b.propagationDelay;
    this.drainTimeout = b.drainTimeout;
    this.drains = List.copyOf(b.drains);
    this.intakes = List.copyOf(b.intakes);
    this.resources = List.copyOf(b.resources);
    this.servers = List.copyOf(b.servers);
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
   * Runs this shutdown when the JVM shuts down (SIGTERM, {@code System.exit}), on a thread named
   * {@code levee-shutdown}. The JVM waits for the hook to finish, so the propagation delay and
   * drain happen before the process exits; a {@link #run()} by hand keeps the hook until it has
   * finished (a SIGTERM during it makes the JVM wait for that run), then removes it.
   *
   * @return this
   * @throws IllegalStateException if a hook is installed already, the shutdown has run already, or
   *     the JVM is shutting down
   */
  public GracefulShutdown installShutdownHook() {
    if (finished.getCount() == 0) {
      throw new IllegalStateException(
          "graceful shutdown: it has run already, so a hook would do nothing");
    }
    Thread t = new Thread(this::run, "levee-shutdown");
    if (!hook.compareAndSet(null, t)) {
      throw new IllegalStateException("graceful shutdown: a shutdown hook is installed already");
    }
    Runtime.getRuntime().addShutdownHook(t);
    if (finished.getCount() == 0) {
      removeHook(); // a run ended meanwhile, perhaps before this hook was there to remove
    }
    return this;
  }

  /**
   * Shuts down: readiness DOWN, the propagation delay, the drain, the resources in reverse order,
   * then the servers. Runs once; a concurrent call waits for the first to finish and returns its
   * report, and so does a later one (a call from a resource the first run is closing returns {@code
   * null} at once).
   *
   * @return the report
   */
  public Report run() {
    if (!started.compareAndSet(false, true)) {
      if (runner == Thread.currentThread() && finished.getCount() > 0) {
        return null; // called again from a resource being closed: the first run goes on
      }
      try {
        finished.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return report;
    }
    runner = Thread.currentThread();
    try {
      report = shutDown();
    } finally {
      finished.countDown();
      // Only now: a SIGTERM during this run starts the hook, which waits for the run to finish,
      // so the JVM does not exit in the middle of the propagation delay or the drain.
      removeHook();
    }
    return report;
  }

  /** The hook thread, once installed (for tests). */
  Thread shutdownHook() {
    return hook.get();
  }

  /**
   * Removes the JVM hook unless this is the hook's own thread or the JVM is shutting down (the hook
   * then runs, or ran, and finds this shutdown done).
   */
  private void removeHook() {
    Thread t = hook.get();
    if (t != null && t != Thread.currentThread()) {
      try {
        Runtime.getRuntime().removeShutdownHook(t);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs, or ran: it finds this shutdown done and returns its report
      }
    }
  }

  private Report shutDown() {
    long start = ticker.read();
    boolean interrupted = false;
    Map<String, Integer> undrained = new LinkedHashMap<>();
    Map<String, String> failures = new LinkedHashMap<>();
    monitor.startDraining();
    Log.LOG
        .atInfo()
        .addKeyValue("component", "shutdown")
        .addKeyValue("propagation_delay_ms", propagationDelay.toMillis())
        .log(
            "shutdown: readiness is DOWN; waiting {} for load balancers",
            Durations.format(propagationDelay));
    try {
      sleeper.sleep(propagationDelay.toNanos());
    } catch (InterruptedException e) {
      interrupted = true;
      Thread.currentThread().interrupt();
    }
    // Interrupted or not: work that still came in would meet the resources closed under it.
    stopIntake(failures);
    if (!interrupted) {
      try {
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
      }
    }
    if (interrupted) {
      inFlight(undrained); // cut short: what is still in flight is reported, never hidden
    }
    if (!undrained.isEmpty()) {
      Log.LOG
          .atWarn()
          .addKeyValue("component", "shutdown")
          .addKeyValue("undrained", undrained.toString())
          .log(
              "shutdown: calls still in flight after {}: {}",
              Durations.format(drainTimeout),
              undrained);
    }
    closeInReverse(resources, failures);
    closeInReverse(servers, failures);
    Report done =
        new Report(Duration.ofNanos(ticker.read() - start), undrained, failures, interrupted);
    Log.LOG
        .atInfo()
        .addKeyValue("component", "shutdown")
        .addKeyValue("duration_ms", done.took().toMillis())
        .addKeyValue("clean", done.clean())
        .log(
            "shutdown: done in {}{}",
            Durations.format(Duration.ofMillis(done.took().toMillis())),
            done.clean() ? "" : " (not clean)");
    return done;
  }

  /** Runs the intake stops once, in order of registration; a failure is reported, never fatal. */
  private void stopIntake(Map<String, String> failures) {
    for (Named<Runnable> stop : intakes) {
      try {
        stop.value().run();
      } catch (RuntimeException | Error e) {
        failures.put(stop.name(), e.toString());
        Log.LOG
            .atError()
            .addKeyValue("component", "shutdown")
            .addKeyValue("name", stop.name())
            .setCause(e)
            .log("shutdown: stopping \"{}\" failed", stop.name());
      }
    }
  }

  private static void closeInReverse(
      List<Named<AutoCloseable>> closeables, Map<String, String> failures) {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      Named<AutoCloseable> r = closeables.get(i);
      try {
        r.value().close();
      } catch (Exception | Error e) {
        failures.put(r.name(), e.toString());
        Log.LOG
            .atError()
            .addKeyValue("component", "shutdown")
            .addKeyValue("name", r.name())
            .addKeyValue("error", e.toString())
            .setCause(e)
            .log("shutdown: closing \"{}\" failed", r.name());
      }
    }
  }

  /** Builds a {@link GracefulShutdown}. Not thread-safe. */
  public static final class Builder {
    private final HealthMonitor monitor;
    private Duration propagationDelay = Duration.ofSeconds(5);
    private Duration drainTimeout = Duration.ofSeconds(30);
    private final List<Named<IntSupplier>> drains = new ArrayList<>();
    private final List<Named<Runnable>> intakes = new ArrayList<>();
    private final List<Named<AutoCloseable>> resources = new ArrayList<>();
    private final List<Named<AutoCloseable>> servers = new ArrayList<>();
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
     * Waits for anything that can count its calls in flight: an {@code InFlightTracker} or a {@code
     * Bulkhead} ({@code drain("api", tracker::inFlight)}), a pipeline, a queue's consumer.
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
     * Stops something that takes in new work (a queue consumer, a scheduler, a load generator) when
     * the propagation delay has passed, before the drain: until then, work that still arrives is
     * done, as a load balancer may send requests until it notices. Runs once, also when the
     * shutdown is interrupted; a failure is reported as a close failure and the shutdown goes on.
     *
     * @param name names it in the report
     * @param stop what stops it; must not block long
     * @return this builder
     */
    public Builder stopIntake(String name, Runnable stop) {
      intakes.add(
          new Named<>(Objects.requireNonNull(name, "name"), Objects.requireNonNull(stop, "stop")));
      return this;
    }

    /**
     * Closes a resource after the drain; resources close in reverse order of registration. An
     * {@link EndpointServer} is taken as a {@linkplain #server server} and closes last.
     *
     * @param name names it in the report
     * @param resource the resource
     * @return this builder
     */
    public Builder close(String name, AutoCloseable resource) {
      Named<AutoCloseable> named =
          new Named<>(
              Objects.requireNonNull(name, "name"), Objects.requireNonNull(resource, "resource"));
      (resource instanceof EndpointServer ? servers : resources).add(named);
      return this;
    }

    /**
     * Closes an HTTP server that serves probes after every other resource (servers close in reverse
     * order of registration among themselves), so readiness keeps answering 503 until the end
     * instead of "connection refused". For Jetty, Undertow or any server of the application's.
     *
     * @param name names it in the report
     * @param server the server
     * @return this builder
     */
    public Builder server(String name, AutoCloseable server) {
      servers.add(
          new Named<>(
              Objects.requireNonNull(name, "name"), Objects.requireNonNull(server, "server")));
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
      return Require.inRange("graceful shutdown: " + field, value, Duration.ZERO, max);
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
