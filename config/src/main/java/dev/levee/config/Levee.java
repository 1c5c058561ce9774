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
import dev.levee.health.HealthEndpoints;
import dev.levee.health.HealthMonitor;
import dev.levee.health.HealthServer;
import dev.levee.health.HttpEndpoint;
import dev.levee.metrics.LeveeMetrics;
import dev.levee.metrics.prometheus.PrometheusEndpoint;
import dev.levee.timeouts.Timeouts;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Levee assembled from a {@link LeveeConfig}: registries of every primitive, a health monitor, a
 * Prometheus registry with every family bound, and the HTTP servers the configuration asks for (one
 * server when health and metrics share a port). Started in that order; {@link #close()} stops them
 * in reverse and leaves no Levee thread or socket behind.
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
  private final List<HealthServer> servers = new ArrayList<>();
  private final AtomicBoolean closed = new AtomicBoolean();

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
      levee.close();
      throw e;
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
      servers.add(HealthServer.start(onHealthPort, http.bindAddress(), http.port()));
    }
    if (prometheus != null && !shared) {
      servers.add(
          HealthServer.start(
              PrometheusEndpoint.of(prometheus, metrics.path()),
              http.bindAddress(),
              metrics.port()));
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

  /** Stops the servers, then the health monitor, then the metrics registry. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    for (int i = servers.size() - 1; i >= 0; i--) {
      servers.get(i).close();
    }
    health.close();
    if (prometheus != null) {
      prometheus.close();
    }
  }
}
