package dev.levee.config;

import dev.levee.common.internal.LeveeThreadFactory;
import dev.levee.config.internal.AdmissionAssembly;
import dev.levee.config.internal.PipelineAssembly;
import dev.levee.config.internal.ShutdownSequence;
import dev.levee.core.AdaptiveLimiter;
import dev.levee.core.AdaptiveLimiterConfig;
import dev.levee.core.Bulkhead;
import dev.levee.core.BulkheadConfig;
import dev.levee.core.CircuitBreaker;
import dev.levee.core.CircuitBreakerConfig;
import dev.levee.core.Hedge;
import dev.levee.core.HedgeConfig;
import dev.levee.core.KeyedRateLimiter;
import dev.levee.core.KeyedRateLimiterConfig;
import dev.levee.core.Pipeline;
import dev.levee.core.RateLimiter;
import dev.levee.core.RateLimiterConfig;
import dev.levee.core.Registry;
import dev.levee.core.Retry;
import dev.levee.core.RetryConfig;
import dev.levee.health.HealthEndpoints;
import dev.levee.health.HealthMonitor;
import dev.levee.health.StatusPage;
import dev.levee.http.EndpointServer;
import dev.levee.http.HttpEndpoint;
import dev.levee.http.admission.Admission;
import dev.levee.metrics.LeveeMetrics;
import dev.levee.metrics.prometheus.PrometheusEndpoint;
import dev.levee.timeouts.Scheduler;
import dev.levee.timeouts.Timeouts;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Levee assembled from a {@link LeveeConfig}: registries of every primitive, a health monitor, a
 * meter registry with every family bound, and the HTTP servers the configuration asks for (one
 * server when health and metrics share a port), with the settings of {@code health.http}.
 *
 * <p>Two ways to run it. Standalone, {@link #start(LeveeConfig)}: its own {@code
 * PrometheusMeterRegistry} and its own ports. Embedded, {@link #builder(LeveeConfig)}: around the
 * application's {@link MeterRegistry} (any registry, not only Prometheus), without servers, its
 * endpoints mounted on the application's own server:
 *
 * <pre>{@code
 * Levee levee = Levee.builder(config)
 *     .meterRegistry(appRegistry)    // Levee's series land here; Levee never closes it
 *     .servers(false)                // no port of Levee's own
 *     .shutdownHook(false)           // the application's lifecycle closes Levee
 *     .start();
 * context.addServlet(new ServletHolder(new EndpointServlet(levee.healthEndpoint())), "/health/*");
 * }</pre>
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
  private final ScheduledThreadPoolExecutor retryScheduler;
  private final Registry<RateLimiter, RateLimiterConfig> limiters;
  private final Registry<Bulkhead, BulkheadConfig> bulkheads;
  private final Registry<AdaptiveLimiter, AdaptiveLimiterConfig> adaptiveLimiters;
  private final Registry<KeyedRateLimiter<Object>, KeyedRateLimiterConfig> keyedLimiters;
  private final Registry<Hedge, HedgeConfig> hedges;
  private final HealthMonitor health;
  private final HealthEndpoints healthEndpoint;
  private final StatusPage statusPage;
  private final Map<String, Pipeline> pipelines;
  private final Map<String, Admission> admissions;

  /** Where every family is bound; {@code null} if metrics are off. */
  private final MeterRegistry meters;

  /** Whether Levee made {@link #meters} (and so closes it), or the application gave it. */
  private final boolean ownsMeters;

  private final List<EndpointServer> servers = new ArrayList<>();
  private final ShutdownSequence shutdown;

  private Levee(Builder b) {
    this.config = b.config;
    this.breakers = config.circuitBreakerRegistry();
    // Asynchronous calls retry, and hedges send their second attempts, on a scheduler: one daemon
    // thread, started at the first task scheduled (none before), stopped with the rest.
    this.retryScheduler =
        new ScheduledThreadPoolExecutor(1, new LeveeThreadFactory("retry", "scheduler"));
    retryScheduler.setRemoveOnCancelPolicy(true);
    this.retries = retryRegistry(config, Scheduler.of(retryScheduler));
    this.limiters = config.rateLimiterRegistry();
    this.bulkheads = config.bulkheadRegistry();
    this.adaptiveLimiters = config.adaptiveLimiterRegistry();
    this.keyedLimiters = config.keyedRateLimiterRegistry();
    this.hedges = config.hedgeRegistry(Scheduler.of(retryScheduler));
    this.health = HealthMonitor.builder().build();
    this.healthEndpoint = HealthEndpoints.of(health);
    this.pipelines =
        PipelineAssembly.build(
            config, breakers, retries, limiters, bulkheads, adaptiveLimiters, hedges);
    this.admissions = AdmissionAssembly.build(config.admissions(), adaptiveLimiters, limiters);
    // Its sampler is one task a second on the monitor's scheduler (no thread of its own), stopped
    // when the monitor closes.
    this.statusPage =
        StatusPage.builder(health)
            .circuitBreakers(breakers)
            .rateLimiters(limiters)
            .bulkheads(bulkheads)
            .retries(retries)
            .build();
    this.shutdown = new ShutdownSequence(config.shutdown(), health);
    if (!config.metrics().enabled()) {
      this.meters = null;
      this.ownsMeters = false;
    } else if (b.meterRegistry != null) {
      this.meters = b.meterRegistry;
      this.ownsMeters = false;
    } else {
      this.meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      this.ownsMeters = true;
    }
  }

  /**
   * Builds and starts everything the configuration describes, standalone: its own Prometheus
   * registry, its own ports, and (if {@code shutdown.hook}) a JVM shutdown hook. The same as {@code
   * builder(config).start()}.
   *
   * @param config the configuration
   * @return the running runtime
   * @throws java.io.UncheckedIOException if a port cannot be bound (what was started is closed)
   */
  public static Levee start(LeveeConfig config) {
    return builder(config).start();
  }

  /**
   * Starts assembling Levee, to run it inside an application: its meter registry, with or without
   * servers and a shutdown hook.
   *
   * @param config the configuration
   * @return a builder; with nothing more set, {@link Builder#start()} does what {@link
   *     #start(LeveeConfig)} does
   */
  public static Builder builder(LeveeConfig config) {
    return new Builder(Objects.requireNonNull(config, "config"));
  }

  /**
   * Assembles a {@link Levee}. Not thread-safe.
   *
   * <p>What the configuration asks to serve and what is given must agree: with servers on, metrics
   * on and a registry that is not a {@code PrometheusMeterRegistry}, there is nothing to serve at
   * {@code metrics.port}, and {@link #start()} fails saying so.
   */
  public static final class Builder {
    private final LeveeConfig config;
    private MeterRegistry meterRegistry;
    private boolean servers = true;
    private boolean shutdownHook;

    private Builder(LeveeConfig config) {
      this.config = config;
      this.shutdownHook = config.shutdown().hook();
    }

    /**
     * Binds every family to {@code registry} instead of a Prometheus registry of Levee's own. The
     * registry stays the application's: Levee never closes it, and its meters stay in it after
     * {@link Levee#close()} (reading the last counts of primitives still reachable).
     *
     * @param registry any Micrometer registry (Prometheus, a composite, a {@code
     *     SimpleMeterRegistry}, ...)
     * @return this builder
     */
    public Builder meterRegistry(MeterRegistry registry) {
      this.meterRegistry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /**
     * Whether Levee opens the HTTP servers the configuration describes ({@code health.http}, {@code
     * metrics.port}). Off, it opens no port, and {@link Levee#healthEndpoint()} and {@link
     * Levee#metricsEndpoint()} are for the application's server to mount.
     *
     * @param servers {@code true} by default
     * @return this builder
     */
    public Builder servers(boolean servers) {
      this.servers = servers;
      return this;
    }

    /**
     * Whether {@link #start()} installs a JVM shutdown hook that closes Levee on SIGTERM. Off when
     * the application's own lifecycle (a framework's context) closes it.
     *
     * @param hook the configuration's {@code shutdown.hook} by default
     * @return this builder
     */
    public Builder shutdownHook(boolean hook) {
      this.shutdownHook = hook;
      return this;
    }

    /**
     * Builds Levee, binds its metrics and starts what was asked for.
     *
     * @return the running runtime
     * @throws IllegalArgumentException if servers are on, metrics are on and the registry given is
     *     not a {@code PrometheusMeterRegistry}
     * @throws java.io.UncheckedIOException if a port cannot be bound (what was started is closed)
     */
    public Levee start() {
      LeveeConfig.Metrics m = config.metrics();
      if (servers
          && m.enabled()
          && meterRegistry != null
          && !(meterRegistry instanceof PrometheusMeterRegistry)) {
        throw new IllegalArgumentException(
            "levee: metrics.port "
                + m.port()
                + " serves Prometheus text, but the meter registry given is a "
                + meterRegistry.getClass().getSimpleName()
                + ", not a PrometheusMeterRegistry: give a PrometheusMeterRegistry, start with"
                + " servers(false) and serve the application's registry, or set metrics.enabled:"
                + " false");
      }
      Levee levee = new Levee(this);
      try {
        levee.bindMetrics();
        if (servers) {
          levee.startServers();
        }
      } catch (RuntimeException e) {
        // Nothing was served yet: no load balancer to wait for.
        levee.shutdown.runNow(levee.ownMeters(), levee.servers);
        levee.retryScheduler.shutdownNow();
        throw e;
      }
      LOG.atInfo()
          .addKeyValue("component", "levee")
          .log(
              "levee started: health port {}, metrics port {}{}",
              levee.healthPort().isPresent() ? levee.healthPort().getAsInt() : "off",
              levee.metricsPort().isPresent() ? levee.metricsPort().getAsInt() : "off",
              servers ? "" : " (embedded: endpoints for the application's server)");
      if (shutdownHook) {
        levee.shutdown.installHook(levee::close);
      }
      return levee;
    }
  }

  /** The configuration's retries, each with {@code scheduler} for its asynchronous calls. */
  private static Registry<Retry, RetryConfig> retryRegistry(
      LeveeConfig config, Scheduler scheduler) {
    Registry<Retry, RetryConfig> r =
        Retry.registry(config.retryDefaults().toBuilder("default").scheduler(scheduler).build());
    config
        .retries()
        .forEach(
            (name, c) -> r.getOrCreate(name, c.toBuilder(c.label()).scheduler(scheduler).build()));
    return r;
  }

  private void bindMetrics() {
    if (meters != null) {
      LeveeMetrics.Builder b =
          LeveeMetrics.builder()
              .circuitBreakers(breakers)
              .retries(retries)
              .rateLimiters(limiters)
              .bulkheads(bulkheads)
              .adaptiveLimiters(adaptiveLimiters)
              .keyedRateLimiters(keyedLimiters)
              .hedges(hedges)
              .health(health);
      admissions.values().forEach(b::admission);
      if (config.metrics().prefix() != null) {
        b.prefix(config.metrics().prefix());
      }
      b.build().bindTo(meters);
    }
  }

  private void startServers() {
    PrometheusMeterRegistry prometheus = prometheus();
    LeveeConfig.Http http = config.http();
    LeveeConfig.Metrics metrics = config.metrics();
    List<HttpEndpoint> onHealthPort = new ArrayList<>();
    if (http.enabled()) {
      onHealthPort.add(healthEndpoint);
      onHealthPort.add(statusPage);
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
   * The adaptive limiters ({@code resilience.adaptive_limiter}).
   *
   * @return the registry
   */
  public Registry<AdaptiveLimiter, AdaptiveLimiterConfig> adaptiveLimiters() {
    return adaptiveLimiters;
  }

  /**
   * The keyed rate limiters ({@code resilience.keyed_rate_limiter}); any key type (a client id, a
   * peer address).
   *
   * @return the registry
   */
  public Registry<KeyedRateLimiter<Object>, KeyedRateLimiterConfig> keyedRateLimiters() {
    return keyedLimiters;
  }

  /**
   * The hedges ({@code resilience.hedge}), whose second attempts are timed on Levee's scheduler
   * thread (the one asynchronous retries use). They hedge asynchronous calls; for blocking ones,
   * build a hedge from {@code config().hedges(...)} with an executor.
   *
   * @return the registry
   */
  public Registry<Hedge, HedgeConfig> hedges() {
    return hedges;
  }

  /**
   * A named pipeline of the configuration's {@code pipelines:}, built from these registries: its
   * stages are the registries' instances, shared with every other pipeline that names them.
   *
   * @param name the pipeline's name
   * @return the pipeline
   * @throws IllegalArgumentException if no pipeline has that name (the message lists those that do)
   */
  public Pipeline pipeline(String name) {
    Pipeline p = pipelines.get(Objects.requireNonNull(name, "name"));
    if (p == null) {
      throw new IllegalArgumentException(
          "levee: no pipeline named \""
              + name
              + "\" (configured: "
              + (pipelines.isEmpty() ? "none" : String.join(", ", pipelines.keySet()))
              + ")");
    }
    return p;
  }

  /**
   * Every named pipeline, in the order configured.
   *
   * @return the pipelines by name
   */
  public Map<String, Pipeline> pipelines() {
    return pipelines;
  }

  /**
   * A named admission control of the configuration's {@code admission:}, built once at start from
   * these registries: its limiters are the registries' instances, and its counters are bound with
   * Levee's other metrics ({@code admission_*}). Levee's own server serves only probes and metrics
   * and is not guarded by it: mount it in front of the application's endpoints with an adapter
   * ({@link dev.levee.http.servlet.AdmissionFilter}, {@link
   * dev.levee.http.undertow.AdmissionHandler}, {@link dev.levee.http.jdk.JdkAdmissionFilter}).
   *
   * @param name the admission control's name
   * @return the same admission control at every call
   * @throws IllegalArgumentException if none has that name (the message lists those that do)
   */
  public Admission admission(String name) {
    Admission a = admissions.get(Objects.requireNonNull(name, "name"));
    if (a == null) {
      throw new IllegalArgumentException(
          "levee: no admission named \""
              + name
              + "\" (configured: "
              + (admissions.isEmpty() ? "none" : String.join(", ", admissions.keySet()))
              + ")");
    }
    return a;
  }

  /**
   * Every named admission control, in the order configured.
   *
   * @return the admission controls by name
   */
  public Map<String, Admission> admissions() {
    return admissions;
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
   * The Prometheus registry every family is bound to, if metrics are enabled and the registry is
   * one (always, standalone).
   *
   * @return the registry, or {@code null}
   */
  public PrometheusMeterRegistry prometheus() {
    return meters instanceof PrometheusMeterRegistry ? (PrometheusMeterRegistry) meters : null;
  }

  /**
   * The meter registry every family is bound to: the application's, if it gave one, else Levee's
   * own Prometheus registry.
   *
   * @return the registry, or {@code null} if metrics are off ({@code metrics.enabled: false})
   */
  public MeterRegistry meterRegistry() {
    return meters;
  }

  /**
   * The health endpoints ({@code /health}, {@code /health/live}, {@code /health/ready}, ...), to
   * mount on the application's server with {@link dev.levee.http.servlet.EndpointServlet} or {@link
   * dev.levee.http.undertow.EndpointHandler}. Levee's own server, when it runs one, serves this
   * same endpoint.
   *
   * @return the endpoint, at base path {@code /health}
   */
  public HttpEndpoint healthEndpoint() {
    return healthEndpoint;
  }

  /**
   * The status page for operators ({@code /status}, its JSON at {@code /status/status.json}): the
   * groups, checks, breakers, rate limiters, bulkheads and retries, live. Levee's own health server
   * serves it; embedded, mount it as {@link #healthEndpoint()}. Details for loopback callers only,
   * as the health endpoints.
   *
   * @return the page
   */
  public HttpEndpoint statusPage() {
    return statusPage;
  }

  /**
   * The Prometheus endpoint at {@code metrics.path}, to mount on the application's server: present
   * when metrics are on and the registry is a {@code PrometheusMeterRegistry}. For any other
   * registry, the application serves it its own way.
   *
   * @return the endpoint, or empty
   */
  public Optional<HttpEndpoint> metricsEndpoint() {
    PrometheusMeterRegistry p = prometheus();
    return p == null
        ? Optional.empty()
        : Optional.of(PrometheusEndpoint.of(p, config.metrics().path()));
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
    if (prometheus() == null || servers.isEmpty()) {
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
    shutdown.drain(name, inFlight);
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
    shutdown.stopIntake(name, stop);
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
    shutdown.close(name, resource);
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
    shutdown.run(
        () -> bulkheads.all().values().stream().mapToInt(Bulkhead::inFlight).sum(),
        ownMeters(),
        servers);
    retryScheduler.shutdownNow(); // after the drain: no call is left to retry
  }

  /**
   * Closes everything at once, without the propagation delay or the drain: for an application that
   * failed to start and so never took traffic (a framework's context that fails to refresh). What
   * {@link #close()} closes is closed here too: the servers, the health monitor, what {@link
   * #closeOnShutdown} registered (newest first) and Levee's own meter registry; the JVM shutdown
   * hook is removed. A {@link #close()} after it, or during it, returns at once.
   */
  public void closeNow() {
    shutdown.runNow(ownMeters(), servers);
    retryScheduler.shutdownNow();
  }

  /** Levee's own registry, to close with it; {@code null} for the application's (or none). */
  private AutoCloseable ownMeters() {
    return ownsMeters ? meters::close : null;
  }
}
