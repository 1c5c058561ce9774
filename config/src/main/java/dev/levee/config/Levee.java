package dev.levee.config;

import dev.levee.core.Bulkhead;
import dev.levee.core.BulkheadConfig;
import dev.levee.core.CircuitBreaker;
import dev.levee.core.CircuitBreakerConfig;
import dev.levee.core.RateLimiter;
import dev.levee.core.RateLimiterConfig;
import dev.levee.core.Registry;
import dev.levee.core.Retry;
import dev.levee.core.RetryConfig;
import dev.levee.health.GracefulShutdown;
import dev.levee.health.HealthEndpoints;
import dev.levee.health.HealthMonitor;
import dev.levee.http.EndpointServer;
import dev.levee.http.HttpEndpoint;
import dev.levee.metrics.LeveeMetrics;
import dev.levee.metrics.prometheus.PrometheusEndpoint;
import dev.levee.timeouts.Timeouts;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Levee assembled from a {@link LeveeConfig}: registries of every primitive, a health monitor, a
 * Prometheus registry with every family bound, and the HTTP servers the configuration asks for (one
 * server when health and metrics share a port), with the settings of {@code health.http}.
 *
 * <p>Shutdown is graceful by default, as Kubernetes needs it ({@link LeveeConfig.Shutdown}): {@link
 * #close()}, or SIGTERM through the JVM shutdown hook {@link #start} installs, turns readiness DOWN
 * (probes answer 503) for {@code shutdown.propagation_delay} (5s) so load balancers stop sending
 * traffic, runs what {@link #stopIntakeOnShutdown} registered, waits up to {@code
 * shutdown.drain_timeout} (30s) for every bulkhead and whatever {@link #drainOnShutdown} registered
 * to empty, closes the health monitor (its checks stop; probes keep its last judgement), what
 * {@link #closeOnShutdown} registered (newest first) and the metrics registry, and the HTTP servers
 * last. It leaves no Levee thread or socket behind. Tests and tools that serve no load balancer set
 * {@code shutdown.propagation_delay: 0s}.
 *
 * <pre>{@code
 * try (Levee levee = Levee.start(LeveeConfig.load(Path.of("levee.yaml")))) {
 *   levee.health().register(levee.config().healthCheck("db"), dbCheck);
 *   levee.health().markStarted();
 *   ...
 * }
 * }</pre>
 *
 * <p>It does not touch the host's logging: the configuration's {@code logging:} section is read and
 * validated ({@link LeveeConfig#logging()}) for the application to apply, since a library must not
 * reconfigure its application's logging backend. Levee logs through SLF4J only.
 *
 * <p>Thread-safe.
 */
@SuppressWarnings("exports") // PrometheusMeterRegistry, from an automatic module
public final class Levee implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Levee.class);

  private final LeveeConfig config;
  private final Registry<CircuitBreaker, CircuitBreakerConfig> breakers;
  private final Registry<Retry, RetryConfig> retries;
  private final Registry<RateLimiter, RateLimiterConfig> limiters;
  private final Registry<Bulkhead, BulkheadConfig> bulkheads;
  private final HealthMonitor health;
  private final PrometheusMeterRegistry prometheus;
  private final List<EndpointServer> servers = new ArrayList<>();
  private final List<Named<IntSupplier>> drains = new CopyOnWriteArrayList<>();
  private final List<Named<Runnable>> intakes = new CopyOnWriteArrayList<>();
  private final List<Named<AutoCloseable>> resources = new CopyOnWriteArrayList<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile Thread hook;
  private volatile Thread closer; // the thread running close(), once one does

  private record Named<T>(String name, T value) {}

  private Levee(LeveeConfig config) {
    this.config = config;
    this.breakers = config.circuitBreakerRegistry();
    this.retries = config.retryRegistry();
    this.limiters = config.rateLimiterRegistry();
    this.bulkheads = config.bulkheadRegistry();
    this.health = HealthMonitor.builder().build();
    this.prometheus =
        config.metrics().enabled() ? new PrometheusMeterRegistry(PrometheusConfig.DEFAULT) : null;
  }

  /**
   * Builds and starts everything the configuration describes.
   *
   * @param config the configuration
   * @return the running runtime
   * @throws java.io.UncheckedIOException if a port cannot be bound (what was started is closed)
   */
  public static Levee start(LeveeConfig config) {
    Levee levee = new Levee(Objects.requireNonNull(config, "config"));
    try {
      levee.startServers();
    } catch (RuntimeException e) {
      levee.closeNow(); // nothing was served yet: no load balancer to wait for
      throw e;
    }
    if (config.shutdown().hook()) {
      Thread t = new Thread(levee::close, "levee-shutdown");
      levee.hook = t;
      Runtime.getRuntime().addShutdownHook(t);
    }
    return levee;
  }

  private void startServers() {
    if (prometheus != null) {
      LeveeMetrics.Builder b =
          LeveeMetrics.builder()
              .circuitBreakers(breakers)
              .retries(retries)
              .rateLimiters(limiters)
              .bulkheads(bulkheads)
              .health(health);
      if (config.metrics().prefix() != null) {
        b.prefix(config.metrics().prefix());
      }
      b.build().bindTo(prometheus);
    }
    LeveeConfig.Http http = config.http();
    LeveeConfig.Metrics metrics = config.metrics();
    List<HttpEndpoint> onHealthPort = new ArrayList<>();
    if (http.enabled()) {
      onHealthPort.add(HealthEndpoints.of(health));
    }
    boolean shared = prometheus != null && http.enabled() && metrics.port() == http.port();
    if (shared) {
      onHealthPort.add(PrometheusEndpoint.of(prometheus, metrics.path()));
    }
    if (!onHealthPort.isEmpty()) {
      EndpointServer.Builder b = http.serverBuilder(http.port());
      onHealthPort.forEach(b::endpoint);
      servers.add(b.start());
    }
    if (prometheus != null && !shared) {
      servers.add(
          http.serverBuilder(metrics.port())
              .endpoint(PrometheusEndpoint.of(prometheus, metrics.path()))
              .start());
    }
    LOG.atInfo()
        .addKeyValue("component", "levee")
        .log(
            "levee started: health port {}, metrics port {}",
            healthPort().isPresent() ? healthPort().getAsInt() : "off",
            metricsPort().isPresent() ? metricsPort().getAsInt() : "off");
  }

  /**
   * The configuration it was built from.
   *
   * @return the configuration
   */
  public LeveeConfig config() {
    return config;
  }

  /**
   * The circuit breakers (named ones created, the rest from the defaults).
   *
   * @return the registry
   */
  public Registry<CircuitBreaker, CircuitBreakerConfig> circuitBreakers() {
    return breakers;
  }

  /**
   * The retries.
   *
   * @return the registry
   */
  public Registry<Retry, RetryConfig> retries() {
    return retries;
  }

  /**
   * The rate limiters.
   *
   * @return the registry
   */
  public Registry<RateLimiter, RateLimiterConfig> rateLimiters() {
    return limiters;
  }

  /**
   * The bulkheads.
   *
   * @return the registry
   */
  public Registry<Bulkhead, BulkheadConfig> bulkheads() {
    return bulkheads;
  }

  /**
   * The named operation timeouts.
   *
   * @return the timeouts
   */
  public Timeouts timeouts() {
    return config.timeouts();
  }

  /**
   * The health monitor: register checks here, then mark startup complete.
   *
   * @return the monitor
   */
  public HealthMonitor health() {
    return health;
  }

  /**
   * The Prometheus registry every family is bound to, if metrics are enabled.
   *
   * @return the registry, or {@code null}
   */
  public PrometheusMeterRegistry prometheus() {
    return prometheus;
  }

  /**
   * The port health is served on (the bound one, when configured as 0).
   *
   * @return the port, or empty if health HTTP is off
   */
  public OptionalInt healthPort() {
    return config.http().enabled() && !servers.isEmpty()
        ? OptionalInt.of(servers.get(0).port())
        : OptionalInt.empty();
  }

  /**
   * The port metrics are served on.
   *
   * @return the port, or empty if metrics are off
   */
  public OptionalInt metricsPort() {
    if (prometheus == null || servers.isEmpty()) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(servers.get(servers.size() - 1).port());
  }

  /**
   * Waits for {@code inFlight} to reach zero during a shutdown, beside every bulkhead (calls of an
   * {@code InFlightTracker}, a pipeline, a queue's consumer).
   *
   * @param name names it in the shutdown report
   * @param inFlight the count now
   * @return this
   */
  public Levee drainOnShutdown(String name, IntSupplier inFlight) {
    drains.add(
        new Named<>(
            Objects.requireNonNull(name, "name"), Objects.requireNonNull(inFlight, "inFlight")));
    return this;
  }

  /**
   * Runs {@code stop} during a shutdown once the propagation delay has passed, before the drain: to
   * stop what takes in new work (a queue consumer, a scheduler).
   *
   * @param name names it in the shutdown report
   * @param stop what stops it
   * @return this
   */
  public Levee stopIntakeOnShutdown(String name, Runnable stop) {
    intakes.add(
        new Named<>(Objects.requireNonNull(name, "name"), Objects.requireNonNull(stop, "stop")));
    return this;
  }

  /**
   * Closes {@code resource} during a shutdown, after the drain and the health monitor (newest
   * first), while the HTTP servers still answer.
   *
   * @param name names it in the shutdown report
   * @param resource the resource, such as a connection pool
   * @return this
   */
  public Levee closeOnShutdown(String name, AutoCloseable resource) {
    resources.add(
        new Named<>(
            Objects.requireNonNull(name, "name"), Objects.requireNonNull(resource, "resource")));
    return this;
  }

  /**
   * Shuts down gracefully (see the class description) and returns when done. Idempotent: a second
   * call, or SIGTERM's hook during a call, waits for the first to finish; a call from what the
   * first is closing (a resource given to {@link #closeOnShutdown} that closes this) returns at
   * once, and the first goes on.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      if (closer != Thread.currentThread()) {
        awaitStopped(); // not from within the close underway, which would wait for itself
      }
      return;
    }
    closer = Thread.currentThread();
    try {
      LeveeConfig.Shutdown plan = config.shutdown();
      GracefulShutdown.Builder b =
          GracefulShutdown.builder(health)
              .propagationDelay(plan.propagationDelay())
              .drainTimeout(plan.drainTimeout())
              .drain(
                  "bulkheads",
                  () -> bulkheads.all().values().stream().mapToInt(Bulkhead::inFlight).sum());
      drains.forEach(d -> b.drain(d.name(), d.value()));
      intakes.forEach(i -> b.stopIntake(i.name(), i.value()));
      if (prometheus != null) {
        b.close("metrics", prometheus::close);
      }
      resources.forEach(r -> b.close(r.name(), r.value()));
      // Last registered, first closed: the checks stop before what they watch closes, and probes
      // keep the last judgement (liveness UP, readiness DOWN) until the servers close.
      b.close("health", health);
      for (EndpointServer server : servers) {
        b.server("http " + server.port(), server);
      }
      b.build().run();
    } finally {
      stopped.countDown();
      // Only now: a SIGTERM during this close starts the hook, which waits for the close to
      // finish, so the JVM does not exit in the middle of the propagation delay or the drain.
      removeHook();
    }
  }

  /** A failed start: everything closed at once, no delay and no drain. */
  private void closeNow() {
    closed.set(true);
    for (int i = servers.size() - 1; i >= 0; i--) {
      servers.get(i).close();
    }
    health.close();
    if (prometheus != null) {
      prometheus.close();
    }
    stopped.countDown();
  }

  private void removeHook() {
    Thread t = hook;
    if (t != null && t != Thread.currentThread()) {
      try {
        Runtime.getRuntime().removeShutdownHook(t);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs, or ran: it finds the close done
      }
    }
  }

  private void awaitStopped() {
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
