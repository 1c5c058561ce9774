package dev.levee.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.levee.config.internal.ConfigReader;
import dev.levee.config.internal.FileText;
import dev.levee.config.internal.OverloadReader;
import dev.levee.config.internal.Overrides;
import dev.levee.config.internal.YamlText;
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
import dev.levee.core.RateLimiter;
import dev.levee.core.RateLimiterConfig;
import dev.levee.core.Registry;
import dev.levee.core.Retry;
import dev.levee.core.RetryConfig;
import dev.levee.health.HealthCheckConfig;
import dev.levee.timeouts.Scheduler;
import dev.levee.timeouts.Timeouts;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * Levee's configuration, read from YAML in the shape of the user's plan:
 *
 * <pre>{@code
 * resilience:
 *   circuit_breaker:            # defaults, plus named instances under `instances:`
 *     failure_threshold: 5
 *     success_threshold: 2
 *     timeout: 30s
 *     max_requests_half_open: 3
 *     instances:
 *       db: { failure_threshold: 3 }
 *   retry: { max_retries: 3, backoff: { initial: 50ms, multiplier: 2, max: 2s, jitter: full } }
 *   rate_limiter: { permits: 100, period: 1s, burst: 20 }
 *   bulkhead: { max_concurrent: 25, max_wait: 0s }
 *   adaptive_limiter:         # a concurrency limit that follows latency (AdaptiveLimiterConfig)
 *     algorithm: gradient     # gradient | vegas | aimd
 *     min_limit: 1
 *     max_limit: 1000
 *     initial_limit: 20
 *     smoothing: 0.5
 *     sample_window: 100ms
 *     min_samples: 10
 *     baseline_refresh: 10s
 *     instances:
 *       db: { max_limit: 50 }
 *   keyed_rate_limiter:       # per client or peer, bounded keys (KeyedRateLimiterConfig)
 *     permits: 100
 *     period: 1s
 *     burst: 100
 *     max_keys: 10000
 *     idle_timeout: 1m
 *     overflow: shared_bucket # shared_bucket | reject
 *   hedge: { delay: 100ms, percentile: 95, window: 10s, budget_ratio: 0.05, budget_capacity: 10 }
 *   timeouts: { proposal: 5s, health_check: 2s, rebalance: 30s }
 * health:
 *   check_interval: 5s
 *   http: { enabled: true, port: 8080, bind_address: "0.0.0.0" }
 *   checks:
 *     db: { groups: [ready], failure_attempts: 3 }
 * metrics: { enabled: true, port: 9090, path: "/metrics" }
 * logging: { level: info, format: json }
 * pipelines:                  # each name: a configured instance of its family, or default
 *   orders-db: { timeout: 2s, retry: default, circuit_breaker: db, adaptive_limiter: db }
 *   search: { hedge: default }  # hedges asynchronous calls
 * admission:                  # incoming requests (Levee.admission(name)); limiters by name
 *   api: { adaptive_limiter: db, critical_header: { name: X-Priority, value: critical } }
 * }</pre>
 *
 * <p>Durations take {@code 100ms}, {@code 5s}, {@code 1m}, {@code 2h}, {@code 1d} or ISO-8601.
 * Every key can be overridden by a system property {@code levee.<path>} or an environment variable
 * {@code LEVEE_<PATH>} (upper case, {@code __} between path parts: {@code
 * LEVEE_RESILIENCE__CIRCUIT_BREAKER__TIMEOUT=10s}); properties win over variables, both over the
 * file.
 *
 * <p>Values are the core modules' own immutable configs ({@link CircuitBreakerConfig}, {@link
 * RetryConfig}, ...), validated by their builders. A file with problems fails with one {@link
 * ConfigException} that lists them all, each naming the path, the value and the rule; unknown keys
 * come with a "did you mean". Immutable and thread-safe.
 *
 * <p>The YAML is read strictly. A key written twice in one mapping is a problem ({@code
 * resilience.circuit_breaker.timeout: duplicate key (lines 3 and 7)}), as is a tag other than
 * YAML's core ones ({@code !!binary}, {@code !!python/object}). Anchors, aliases and the {@code <<}
 * merge key work: an alias is a copy of what its anchor names, and {@code <<: *defaults} puts the
 * anchored mapping's keys under the mapping's own. What a file can make large is bounded, so that a
 * hostile or broken file is refused in milliseconds: 1048576 characters (bytes, for a file),
 * nesting 50 deep, 100 aliases, and 10000 values copied by aliases and merges. Plain scalars are
 * typed by YAML 1.2's core schema: {@code yes}, {@code on} and {@code 0.0.0.0} are text; {@code
 * .inf}, {@code .nan} and {@code 1e400} are numbers that each key's rule judges like any other
 * value.
 */
public final class LeveeConfig {
  /**
   * The HTTP server for health (and metrics, when on the same port): the {@code health.http}
   * section.
   *
   * <p>Immutable; only {@link LeveeConfig} makes one. A class rather than a record, as every
   * configuration in Levee, so that a key added to the section does not break its readers.
   */
  public static final class Http {
    private final boolean enabled;
    private final int port;
    private final String bindAddress;
    private final Duration readTimeout;
    private final Duration idleTimeout;
    private final int maxConnections;
    private final int workerThreads;
    private final int workerQueue;

    private Http(
        boolean enabled,
        int port,
        String bindAddress,
        Duration readTimeout,
        Duration idleTimeout,
        int maxConnections,
        int workerThreads,
        int workerQueue) {
      this.enabled = enabled;
      this.port = port;
      this.bindAddress = bindAddress;
      this.readTimeout = readTimeout;
      this.idleTimeout = idleTimeout;
      this.maxConnections = maxConnections;
      this.workerThreads = workerThreads;
      this.workerQueue = workerQueue;
    }

    /**
     * Whether to serve health over HTTP (default true).
     *
     * @return whether to serve
     */
    public boolean enabled() {
      return enabled;
    }

    /**
     * The port (default 8080; 0 picks one).
     *
     * @return the port
     */
    public int port() {
      return port;
    }

    /**
     * The address to bind (default {@code 0.0.0.0}).
     *
     * @return the address
     */
    public String bindAddress() {
      return bindAddress;
    }

    /**
     * How long a request may take to arrive, and a client to take its answer (default 5s; see
     * {@link dev.levee.http.EndpointServer}).
     *
     * @return the timeout
     */
    public Duration readTimeout() {
      return readTimeout;
    }

    /**
     * How long a kept-alive connection may wait for its next request (default 30s).
     *
     * @return the timeout
     */
    public Duration idleTimeout() {
      return idleTimeout;
    }

    /**
     * Connections open at once (default 512).
     *
     * @return the limit
     */
    public int maxConnections() {
      return maxConnections;
    }

    /**
     * Threads for endpoints that may block, such as {@code /metrics} (default 8).
     *
     * @return the count
     */
    public int workerThreads() {
      return workerThreads;
    }

    /**
     * Requests that may wait for a worker (default 256).
     *
     * @return the limit
     */
    public int workerQueue() {
      return workerQueue;
    }

    /**
     * A server builder with these settings, bound to {@code port} on {@link #bindAddress()}.
     *
     * @param port the port to bind (the health port, or the metrics port)
     * @return the builder; add endpoints and start it
     */
    public dev.levee.http.EndpointServer.Builder serverBuilder(int port) {
      return dev.levee.http.EndpointServer.builder()
          .bind(bindAddress, port)
          .readTimeout(readTimeout)
          .idleTimeout(idleTimeout)
          .maxConnections(maxConnections)
          .workerThreads(workerThreads)
          .workerQueue(workerQueue);
    }

    /**
     * Whether {@code other} is a {@code Http} with equal components.
     *
     * @param other the object to compare with
     * @return {@code true} if equal
     */
    @Override
    public boolean equals(Object other) {
      if (this == other) {
        return true;
      }
      if (!(other instanceof Http)) {
        return false;
      }
      Http o = (Http) other;
      return enabled == o.enabled
          && port == o.port
          && Objects.equals(bindAddress, o.bindAddress)
          && Objects.equals(readTimeout, o.readTimeout)
          && Objects.equals(idleTimeout, o.idleTimeout)
          && maxConnections == o.maxConnections
          && workerThreads == o.workerThreads
          && workerQueue == o.workerQueue;
    }

    @Override
    public int hashCode() {
      return Objects.hash(
          enabled,
          port,
          bindAddress,
          readTimeout,
          idleTimeout,
          maxConnections,
          workerThreads,
          workerQueue);
    }

    @Override
    public String toString() {
      return "Http["
          + "enabled="
          + enabled
          + ", port="
          + port
          + ", bindAddress="
          + bindAddress
          + ", readTimeout="
          + readTimeout
          + ", idleTimeout="
          + idleTimeout
          + ", maxConnections="
          + maxConnections
          + ", workerThreads="
          + workerThreads
          + ", workerQueue="
          + workerQueue
          + "]";
    }
  }

  /**
   * How {@link Levee#close()} shuts down (see {@link dev.levee.health.GracefulShutdown}): readiness
   * DOWN, this delay for load balancers to notice, the drain, then everything closed, the HTTP
   * servers last. The {@code shutdown} section.
   *
   * <p>Immutable; only {@link LeveeConfig} makes one. A class rather than a record, as every
   * configuration in Levee, so that a key added to the section does not break its readers.
   */
  public static final class Shutdown {
    private final Duration propagationDelay;
    private final Duration drainTimeout;
    private final boolean hook;

    private Shutdown(Duration propagationDelay, Duration drainTimeout, boolean hook) {
      this.propagationDelay = propagationDelay;
      this.drainTimeout = drainTimeout;
      this.hook = hook;
    }

    /**
     * How long readiness answers 503 before the drain (default 5s; 0s in tests and tools that serve
     * no load balancer).
     *
     * @return the delay
     */
    public Duration propagationDelay() {
      return propagationDelay;
    }

    /**
     * How long to wait for calls in flight (default 30s).
     *
     * @return the timeout
     */
    public Duration drainTimeout() {
      return drainTimeout;
    }

    /**
     * Whether {@link Levee#start} installs a JVM shutdown hook that closes it on SIGTERM (default
     * true).
     *
     * @return whether to install it
     */
    public boolean hook() {
      return hook;
    }

    /**
     * Whether {@code other} is a {@code Shutdown} with equal components.
     *
     * @param other the object to compare with
     * @return {@code true} if equal
     */
    @Override
    public boolean equals(Object other) {
      if (this == other) {
        return true;
      }
      if (!(other instanceof Shutdown)) {
        return false;
      }
      Shutdown o = (Shutdown) other;
      return Objects.equals(propagationDelay, o.propagationDelay)
          && Objects.equals(drainTimeout, o.drainTimeout)
          && hook == o.hook;
    }

    @Override
    public int hashCode() {
      return Objects.hash(propagationDelay, drainTimeout, hook);
    }

    @Override
    public String toString() {
      return "Shutdown["
          + "propagationDelay="
          + propagationDelay
          + ", drainTimeout="
          + drainTimeout
          + ", hook="
          + hook
          + "]";
    }
  }

  /**
   * The Prometheus endpoint: the {@code metrics} section.
   *
   * <p>Immutable; only {@link LeveeConfig} makes one. A class rather than a record, as every
   * configuration in Levee, so that a key added to the section does not break its readers.
   */
  public static final class Metrics {
    private final boolean enabled;
    private final int port;
    private final String path;
    private final String prefix;

    private Metrics(boolean enabled, int port, String path, String prefix) {
      this.enabled = enabled;
      this.port = port;
      this.path = path;
      this.prefix = prefix;
    }

    /**
     * Whether to serve metrics (default true).
     *
     * @return whether to serve
     */
    public boolean enabled() {
      return enabled;
    }

    /**
     * Its port (default 9090; the health port serves both when equal).
     *
     * @return the port
     */
    public int port() {
      return port;
    }

    /**
     * Its path (default {@code /metrics}).
     *
     * @return the path
     */
    public String path() {
      return path;
    }

    /**
     * A prefix for every meter name.
     *
     * @return the prefix, or {@code null}
     */
    public String prefix() {
      return prefix;
    }

    /**
     * Whether {@code other} is a {@code Metrics} with equal components.
     *
     * @param other the object to compare with
     * @return {@code true} if equal
     */
    @Override
    public boolean equals(Object other) {
      if (this == other) {
        return true;
      }
      if (!(other instanceof Metrics)) {
        return false;
      }
      Metrics o = (Metrics) other;
      return enabled == o.enabled
          && port == o.port
          && Objects.equals(path, o.path)
          && Objects.equals(prefix, o.prefix);
    }

    @Override
    public int hashCode() {
      return Objects.hash(enabled, port, path, prefix);
    }

    @Override
    public String toString() {
      return "Metrics["
          + "enabled="
          + enabled
          + ", port="
          + port
          + ", path="
          + path
          + ", prefix="
          + prefix
          + "]";
    }
  }

  /**
   * The {@code logging:} section, read and validated here for the application to apply. Levee never
   * applies it: neither loading a configuration nor {@link Levee#start} touches the host's logging,
   * because a library must not reconfigure its application's logging backend. The application,
   * which owns that backend, applies it before anything logs (the demo picks its Logback
   * configuration from {@code format} and sets the root level from {@code level}).
   *
   * <p>Immutable; only {@link LeveeConfig} makes one. A class rather than a record, as every
   * configuration in Levee, so that a key added to the section does not break its readers.
   */
  public static final class Logging {
    private final String level;
    private final String format;

    private Logging(String level, String format) {
      this.level = level;
      this.format = format;
    }

    /**
     * The level: trace, debug, info (default), warn or error.
     *
     * @return the level
     */
    public String level() {
      return level;
    }

    /**
     * The format: console (default) or json.
     *
     * @return the format
     */
    public String format() {
      return format;
    }

    /**
     * Whether {@code other} is a {@code Logging} with equal components.
     *
     * @param other the object to compare with
     * @return {@code true} if equal
     */
    @Override
    public boolean equals(Object other) {
      if (this == other) {
        return true;
      }
      if (!(other instanceof Logging)) {
        return false;
      }
      Logging o = (Logging) other;
      return Objects.equals(level, o.level) && Objects.equals(format, o.format);
    }

    @Override
    public int hashCode() {
      return Objects.hash(level, format);
    }

    @Override
    public String toString() {
      return "Logging[" + "level=" + level + ", format=" + format + "]";
    }
  }

  /**
   * A named pipeline, as configured under {@code pipelines:}: its timeout and the names of its
   * stages, each a configured instance of its family or {@code default} (checked when the
   * configuration is read). {@link Levee} builds it from its registries, so two pipelines naming
   * the same breaker share it. Immutable; a class rather than a record, so that stages can be
   * added.
   */
  public static final class PipelineSpec {
    private final String name;
    private final Duration timeout;
    private final String retry;
    private final String circuitBreaker;
    private final String rateLimiter;
    private final String bulkhead;
    private final String adaptiveLimiter;
    private final String hedge;

    private PipelineSpec(Builder b) {
      this.name = b.name;
      this.timeout = b.timeout;
      this.retry = b.retry;
      this.circuitBreaker = b.circuitBreaker;
      this.rateLimiter = b.rateLimiter;
      this.bulkhead = b.bulkhead;
      this.adaptiveLimiter = b.adaptiveLimiter;
      this.hedge = b.hedge;
    }

    /**
     * Starts a pipeline's specification.
     *
     * @param name the pipeline's name
     * @return a builder with no stage
     */
    public static Builder builder(String name) {
      return new Builder(Objects.requireNonNull(name, "name"));
    }

    /**
     * The pipeline's name.
     *
     * @return the name
     */
    public String name() {
      return name;
    }

    /**
     * What bounds the whole call, retries included.
     *
     * @return the timeout, or {@code null} for none
     */
    public Duration timeout() {
      return timeout;
    }

    /**
     * The retry's name.
     *
     * @return the name, or {@code null} for none
     */
    public String retry() {
      return retry;
    }

    /**
     * The circuit breaker's name.
     *
     * @return the name, or {@code null} for none
     */
    public String circuitBreaker() {
      return circuitBreaker;
    }

    /**
     * The rate limiter's name.
     *
     * @return the name, or {@code null} for none
     */
    public String rateLimiter() {
      return rateLimiter;
    }

    /**
     * The bulkhead's name.
     *
     * @return the name, or {@code null} for none
     */
    public String bulkhead() {
      return bulkhead;
    }

    /**
     * The adaptive limiter's name.
     *
     * @return the name, or {@code null} for none
     */
    public String adaptiveLimiter() {
      return adaptiveLimiter;
    }

    /**
     * The hedge's name (it hedges asynchronous calls only; see {@link
     * dev.levee.core.Pipeline.Builder#hedge}).
     *
     * @return the name, or {@code null} for none
     */
    public String hedge() {
      return hedge;
    }

    @Override
    public boolean equals(Object o) {
      if (this == o) {
        return true;
      }
      if (!(o instanceof PipelineSpec)) {
        return false;
      }
      PipelineSpec p = (PipelineSpec) o;
      return name.equals(p.name)
          && Objects.equals(timeout, p.timeout)
          && Objects.equals(retry, p.retry)
          && Objects.equals(circuitBreaker, p.circuitBreaker)
          && Objects.equals(rateLimiter, p.rateLimiter)
          && Objects.equals(bulkhead, p.bulkhead)
          && Objects.equals(adaptiveLimiter, p.adaptiveLimiter)
          && Objects.equals(hedge, p.hedge);
    }

    @Override
    public int hashCode() {
      return Objects.hash(
          name, timeout, retry, circuitBreaker, rateLimiter, bulkhead, adaptiveLimiter, hedge);
    }

    @Override
    public String toString() {
      return "PipelineSpec[name="
          + name
          + ", timeout="
          + timeout
          + ", retry="
          + retry
          + ", circuitBreaker="
          + circuitBreaker
          + ", rateLimiter="
          + rateLimiter
          + ", bulkhead="
          + bulkhead
          + ", adaptiveLimiter="
          + adaptiveLimiter
          + ", hedge="
          + hedge
          + "]";
    }

    /** Builds a {@link PipelineSpec}. Not thread-safe. */
    public static final class Builder {
      private final String name;
      private Duration timeout;
      private String retry;
      private String circuitBreaker;
      private String rateLimiter;
      private String bulkhead;
      private String adaptiveLimiter;
      private String hedge;

      private Builder(String name) {
        this.name = name;
      }

      /**
       * Sets what bounds the whole call, retries included.
       *
       * @param timeout the timeout, or {@code null} for none
       * @return this builder
       */
      public Builder timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
      }

      /**
       * Sets the retry's name.
       *
       * @param retry the name, or {@code null} for none
       * @return this builder
       */
      public Builder retry(String retry) {
        this.retry = retry;
        return this;
      }

      /**
       * Sets the circuit breaker's name.
       *
       * @param circuitBreaker the name, or {@code null} for none
       * @return this builder
       */
      public Builder circuitBreaker(String circuitBreaker) {
        this.circuitBreaker = circuitBreaker;
        return this;
      }

      /**
       * Sets the rate limiter's name.
       *
       * @param rateLimiter the name, or {@code null} for none
       * @return this builder
       */
      public Builder rateLimiter(String rateLimiter) {
        this.rateLimiter = rateLimiter;
        return this;
      }

      /**
       * Sets the bulkhead's name.
       *
       * @param bulkhead the name, or {@code null} for none
       * @return this builder
       */
      public Builder bulkhead(String bulkhead) {
        this.bulkhead = bulkhead;
        return this;
      }

      /**
       * Sets the adaptive limiter's name.
       *
       * @param adaptiveLimiter the name, or {@code null} for none
       * @return this builder
       */
      public Builder adaptiveLimiter(String adaptiveLimiter) {
        this.adaptiveLimiter = adaptiveLimiter;
        return this;
      }

      /**
       * Sets the hedge's name.
       *
       * @param hedge the name, or {@code null} for none
       * @return this builder
       */
      public Builder hedge(String hedge) {
        this.hedge = hedge;
        return this;
      }

      /**
       * Builds the specification.
       *
       * @return the specification
       */
      public PipelineSpec build() {
        return new PipelineSpec(this);
      }
    }
  }

  private final CircuitBreakerConfig breakerDefaults;
  private final Map<String, CircuitBreakerConfig> breakers;
  private final RetryConfig retryDefaults;
  private final Map<String, RetryConfig> retries;
  private final RateLimiterConfig limiterDefaults;
  private final Map<String, RateLimiterConfig> limiters;
  private final BulkheadConfig bulkheadDefaults;
  private final Map<String, BulkheadConfig> bulkheads;
  private final OverloadReader overload;
  private final Timeouts timeouts;
  private final Duration checkInterval;
  private final Map<String, HealthCheckConfig> checks;
  private final Http http;
  private final Metrics metrics;
  private final Logging logging;
  private final Shutdown shutdown;
  private final Map<String, PipelineSpec> pipelines;
  private final Map<String, AdmissionSpec> admissions;

  private LeveeConfig(ConfigReader r) {
    this.breakerDefaults = r.breakerDefaults;
    this.breakers = Map.copyOf(r.breakers);
    this.retryDefaults = r.retryDefaults;
    this.retries = Map.copyOf(r.retries);
    this.limiterDefaults = r.limiterDefaults;
    this.limiters = Map.copyOf(r.limiters);
    this.bulkheadDefaults = r.bulkheadDefaults;
    this.bulkheads = Map.copyOf(r.bulkheads);
    this.overload = r.overload;
    this.timeouts = r.timeouts;
    this.checkInterval = r.checkInterval;
    this.checks = Map.copyOf(r.checks);
    ConfigReader.HttpSection h = r.http;
    this.http =
        new Http(
            h.enabled(),
            h.port(),
            h.bindAddress(),
            h.readTimeout(),
            h.idleTimeout(),
            h.maxConnections(),
            h.workerThreads(),
            h.workerQueue());
    this.metrics =
        new Metrics(r.metrics.enabled(), r.metrics.port(), r.metrics.path(), r.metrics.prefix());
    this.logging = new Logging(r.logging.level(), r.logging.format());
    this.shutdown =
        new Shutdown(r.shutdown.propagationDelay(), r.shutdown.drainTimeout(), r.shutdown.hook());
    this.pipelines =
        java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(r.pipelines));
    this.admissions =
        java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(r.admissions));
  }

  /**
   * Reads a YAML file, with overrides from the environment and system properties.
   *
   * @param file the file
   * @return the configuration
   * @throws ConfigException listing every problem of its contents; or, if the file cannot be read
   *     (no such file, permission denied, a directory, not UTF-8, larger than 1048576 bytes), with
   *     one line naming it and why: {@code levee.yaml: no such file}
   */
  public static LeveeConfig load(Path file) {
    String text;
    try {
      text = FileText.read(file);
    } catch (FileText.Unreadable e) {
      throw ConfigException.unreadable(file.toString(), e.getMessage());
    }
    return load(file.toString(), text, System.getenv(), System.getProperties());
  }

  /**
   * Reads YAML from a stream, with overrides from the environment and system properties.
   *
   * @param in the stream (read to its end, not closed)
   * @return the configuration
   * @throws ConfigException listing every problem; or, if the bytes are not UTF-8 or are more than
   *     1048576, with one line saying so: {@code <stream>: not UTF-8 (...)}
   * @throws UncheckedIOException if reading the stream fails
   */
  public static LeveeConfig load(InputStream in) {
    String text;
    try {
      text = FileText.utf8(in);
    } catch (FileText.Unreadable e) {
      throw ConfigException.unreadable("<stream>", e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read configuration stream", e);
    }
    return load("<stream>", text, System.getenv(), System.getProperties());
  }

  /**
   * Reads YAML text, without overrides.
   *
   * @param yaml the text
   * @return the configuration
   * @throws ConfigException listing every problem
   */
  public static LeveeConfig load(String yaml) {
    return load("<string>", yaml, Map.of(), new Properties());
  }

  /**
   * Reads YAML text with the given overrides.
   *
   * @param source names the text in errors
   * @param yaml the text; empty means every default
   * @param env environment variables ({@code LEVEE_...})
   * @param properties system properties ({@code levee....})
   * @return the configuration
   * @throws ConfigException listing every problem
   */
  public static LeveeConfig load(
      String source, String yaml, Map<String, String> env, Properties properties) {
    Objects.requireNonNull(yaml, "yaml");
    List<String> problems = new ArrayList<>();
    ObjectNode tree = YamlText.read(yaml, problems);
    if (tree == null) {
      throw new ConfigException(source, problems);
    }
    Map<String, String> overridden = Overrides.apply(tree, env, properties);
    ConfigReader reader = new ConfigReader(tree, problems);
    if (!problems.isEmpty()) {
      throw new ConfigException(source, Overrides.attribute(problems, overridden));
    }
    return new LeveeConfig(reader);
  }

  /**
   * Reads a configuration tree that a framework's properties make ({@code levee.*} in Spring's
   * {@code Environment}, say), with the same keys, rules and messages as a file. The tree is nested
   * maps (mappings), lists (sequences) and scalars (text, numbers, booleans; text is converted as a
   * file's would be). Keys match whatever their case and their {@code -} and {@code _} separators,
   * as such frameworks bind them: {@code circuit-breaker}, {@code circuitBreaker} and {@code
   * circuitbreaker} all name {@code circuit_breaker}; instance, check and pipeline names are kept
   * as written. Problems name each path in the file's words ({@code
   * resilience.circuit_breaker.instances.db.failure_threshold: must be at least 1, was -1}), for
   * the caller to show in its own. No environment variable or system property is applied: the
   * framework has applied its own.
   *
   * @param source names the tree in errors ({@code Spring properties levee.*})
   * @param tree the tree, under the top-level keys ({@code resilience}, {@code health}, ...)
   * @return the configuration
   * @throws ConfigException listing every problem
   */
  public static LeveeConfig fromTree(String source, Map<String, ?> tree) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(tree, "tree");
    ObjectNode root = TREES.valueToTree(tree);
    List<String> problems = new ArrayList<>();
    ConfigReader reader = new ConfigReader(root, problems, true);
    if (!problems.isEmpty()) {
      throw new ConfigException(source, problems);
    }
    return new LeveeConfig(reader);
  }

  /** Turns maps, lists and scalars into a tree; configured for nothing else. */
  private static final com.fasterxml.jackson.databind.ObjectMapper TREES =
      new com.fasterxml.jackson.databind.ObjectMapper();

  // ---- what it holds ----------------------------------------------------------------------

  /**
   * The circuit breaker defaults.
   *
   * @return the config
   */
  public CircuitBreakerConfig circuitBreakerDefaults() {
    return breakerDefaults;
  }

  /**
   * The named circuit breakers: defaults with each instance's keys over them.
   *
   * @return the configs by name
   */
  public Map<String, CircuitBreakerConfig> circuitBreakers() {
    return breakers;
  }

  /**
   * A registry holding every named breaker, and the defaults for the rest.
   *
   * @return a new registry
   */
  public Registry<CircuitBreaker, CircuitBreakerConfig> circuitBreakerRegistry() {
    Registry<CircuitBreaker, CircuitBreakerConfig> r = CircuitBreaker.registry(breakerDefaults);
    breakers.forEach(r::getOrCreate);
    return r;
  }

  /**
   * The retry defaults.
   *
   * @return the config
   */
  public RetryConfig retryDefaults() {
    return retryDefaults;
  }

  /**
   * The named retries.
   *
   * @return the configs by name
   */
  public Map<String, RetryConfig> retries() {
    return retries;
  }

  /**
   * A registry holding every named retry, and the defaults for the rest.
   *
   * @return a new registry
   */
  public Registry<Retry, RetryConfig> retryRegistry() {
    Registry<Retry, RetryConfig> r = Retry.registry(retryDefaults);
    retries.forEach(r::getOrCreate);
    return r;
  }

  /**
   * The rate limiter defaults.
   *
   * @return the config
   */
  public RateLimiterConfig rateLimiterDefaults() {
    return limiterDefaults;
  }

  /**
   * The named rate limiters.
   *
   * @return the configs by name
   */
  public Map<String, RateLimiterConfig> rateLimiters() {
    return limiters;
  }

  /**
   * A registry holding every named rate limiter, and the defaults for the rest.
   *
   * @return a new registry
   */
  public Registry<RateLimiter, RateLimiterConfig> rateLimiterRegistry() {
    Registry<RateLimiter, RateLimiterConfig> r = RateLimiter.registry(limiterDefaults);
    limiters.forEach(r::getOrCreate);
    return r;
  }

  /**
   * The bulkhead defaults.
   *
   * @return the config
   */
  public BulkheadConfig bulkheadDefaults() {
    return bulkheadDefaults;
  }

  /**
   * The named bulkheads.
   *
   * @return the configs by name
   */
  public Map<String, BulkheadConfig> bulkheads() {
    return bulkheads;
  }

  /**
   * A registry holding every named bulkhead, and the defaults for the rest.
   *
   * @return a new registry
   */
  public Registry<Bulkhead, BulkheadConfig> bulkheadRegistry() {
    Registry<Bulkhead, BulkheadConfig> r = Bulkhead.registry(bulkheadDefaults);
    bulkheads.forEach(r::getOrCreate);
    return r;
  }

  /**
   * The adaptive limiter defaults ({@code resilience.adaptive_limiter}).
   *
   * @return the config
   */
  public AdaptiveLimiterConfig adaptiveLimiterDefaults() {
    return overload.adaptiveDefaults;
  }

  /**
   * The named adaptive limiters.
   *
   * @return the configs by name (unmodifiable)
   */
  public Map<String, AdaptiveLimiterConfig> adaptiveLimiters() {
    return java.util.Collections.unmodifiableMap(overload.adaptive);
  }

  /**
   * A registry holding every named adaptive limiter, and the defaults for the rest.
   *
   * @return a new registry
   */
  public Registry<AdaptiveLimiter, AdaptiveLimiterConfig> adaptiveLimiterRegistry() {
    Registry<AdaptiveLimiter, AdaptiveLimiterConfig> r =
        AdaptiveLimiter.registry(overload.adaptiveDefaults);
    overload.adaptive.forEach(r::getOrCreate);
    return r;
  }

  /**
   * The keyed rate limiter defaults ({@code resilience.keyed_rate_limiter}).
   *
   * @return the config
   */
  public KeyedRateLimiterConfig keyedRateLimiterDefaults() {
    return overload.keyedDefaults;
  }

  /**
   * The named keyed rate limiters.
   *
   * @return the configs by name (unmodifiable)
   */
  public Map<String, KeyedRateLimiterConfig> keyedRateLimiters() {
    return java.util.Collections.unmodifiableMap(overload.keyed);
  }

  /**
   * A registry holding every named keyed rate limiter, and the defaults for the rest.
   *
   * @param <K> the key type of every limiter in it
   * @return a new registry
   */
  public <K> Registry<KeyedRateLimiter<K>, KeyedRateLimiterConfig> keyedRateLimiterRegistry() {
    Registry<KeyedRateLimiter<K>, KeyedRateLimiterConfig> r =
        KeyedRateLimiter.registry(overload.keyedDefaults);
    overload.keyed.forEach(r::getOrCreate);
    return r;
  }

  /**
   * The hedge defaults ({@code resilience.hedge}), with {@code scheduler} to time the second
   * attempts: a file cannot name a scheduler.
   *
   * @param scheduler the scheduler
   * @return the config
   */
  public HedgeConfig hedgeDefaults(Scheduler scheduler) {
    return OverloadReader.withScheduler(overload.hedgeDefaults, scheduler);
  }

  /**
   * The named hedges, each with {@code scheduler} to time its second attempts. A hedge configured
   * with {@code budget_ratio} or {@code budget_capacity} holds a budget of its own, shared by every
   * hedge built from the configs returned here (built anew on each call).
   *
   * @param scheduler the scheduler
   * @return the configs by name, in the order configured
   */
  public Map<String, HedgeConfig> hedges(Scheduler scheduler) {
    Objects.requireNonNull(scheduler, "scheduler");
    Map<String, HedgeConfig> out = new java.util.LinkedHashMap<>();
    overload.hedges.forEach((n, c) -> out.put(n, OverloadReader.withScheduler(c, scheduler)));
    return java.util.Collections.unmodifiableMap(out);
  }

  /**
   * A registry holding every named hedge, and the defaults for the rest, all timed by {@code
   * scheduler}.
   *
   * @param scheduler the scheduler
   * @return a new registry
   */
  public Registry<Hedge, HedgeConfig> hedgeRegistry(Scheduler scheduler) {
    Registry<Hedge, HedgeConfig> r = Hedge.registry(hedgeDefaults(scheduler));
    hedges(scheduler).forEach(r::getOrCreate);
    return r;
  }

  /**
   * The named operation timeouts.
   *
   * @return the timeouts
   */
  public Timeouts timeouts() {
    return timeouts;
  }

  /**
   * The default interval of health checks.
   *
   * @return the interval
   */
  public Duration checkInterval() {
    return checkInterval;
  }

  /**
   * The configured health checks, to register with their code.
   *
   * @return the configs by check name
   */
  public Map<String, HealthCheckConfig> healthChecks() {
    return checks;
  }

  /**
   * A health check's configuration: the configured one, or the defaults (with the configured
   * interval and the health-check timeout) under this name.
   *
   * @param name the check's name
   * @return the config
   */
  public HealthCheckConfig healthCheck(String name) {
    HealthCheckConfig c = checks.get(name);
    return c != null
        ? c
        : HealthCheckConfig.builder(name)
            .interval(checkInterval)
            .timeout(timeouts.healthCheck())
            .build();
  }

  /**
   * The health HTTP server settings.
   *
   * @return the settings
   */
  public Http http() {
    return http;
  }

  /**
   * The metrics endpoint settings.
   *
   * @return the settings
   */
  public Metrics metrics() {
    return metrics;
  }

  /**
   * The logging settings, validated, for the application to apply: Levee itself never applies them
   * (see {@link Logging}).
   *
   * @return the settings
   */
  public Logging logging() {
    return logging;
  }

  /**
   * How {@link Levee#close()} shuts down.
   *
   * @return the shutdown settings
   */
  public Shutdown shutdown() {
    return shutdown;
  }

  /**
   * The named pipelines, in the order configured.
   *
   * @return the pipelines by name
   */
  public Map<String, PipelineSpec> pipelines() {
    return pipelines;
  }

  /**
   * The named admission controls ({@code admission:}), in the order configured; {@link
   * Levee#admission(String)} builds each from the runtime's limiters.
   *
   * @return the specifications by name
   */
  public Map<String, AdmissionSpec> admissions() {
    return admissions;
  }
}
