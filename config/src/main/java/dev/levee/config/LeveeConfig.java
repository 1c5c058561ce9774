package dev.levee.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.levee.config.internal.ConfigReader;
import dev.levee.config.internal.FileText;
import dev.levee.config.internal.Overrides;
import dev.levee.config.internal.YamlText;
import dev.levee.core.Bulkhead;
import dev.levee.core.BulkheadConfig;
import dev.levee.core.CircuitBreaker;
import dev.levee.core.CircuitBreakerConfig;
import dev.levee.core.RateLimiter;
import dev.levee.core.RateLimiterConfig;
import dev.levee.core.Registry;
import dev.levee.core.Retry;
import dev.levee.core.RetryConfig;
import dev.levee.health.HealthCheckConfig;
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
 *   timeouts: { proposal: 5s, health_check: 2s, rebalance: 30s }
 * health:
 *   check_interval: 5s
 *   http: { enabled: true, port: 8080, bind_address: "0.0.0.0" }
 *   checks:
 *     db: { groups: [ready], failure_attempts: 3 }
 * metrics: { enabled: true, port: 9090, path: "/metrics" }
 * logging: { level: info, format: json }
 * pipelines:                  # each name: a configured instance of its family, or default
 *   orders-db: { timeout: 2s, retry: default, circuit_breaker: db, bulkhead: default }
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
   * The HTTP server for health (and metrics, when on the same port).
   *
   * @param enabled whether to serve health over HTTP (default true)
   * @param port the port (default 8080; 0 picks one)
   * @param bindAddress the address to bind (default {@code 0.0.0.0})
   * @param readTimeout how long a request may take to arrive, and a client to take its answer
   *     (default 5s; see {@link dev.levee.http.EndpointServer})
   * @param idleTimeout how long a kept-alive connection may wait for its next request (default 30s)
   * @param maxConnections connections open at once (default 512)
   * @param workerThreads threads for endpoints that may block, such as {@code /metrics} (default 8)
   * @param workerQueue requests that may wait for a worker (default 256)
   */
  public record Http(
      boolean enabled,
      int port,
      String bindAddress,
      Duration readTimeout,
      Duration idleTimeout,
      int maxConnections,
      int workerThreads,
      int workerQueue) {
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
  }

  /**
   * How {@link Levee#close()} shuts down (see {@link dev.levee.health.GracefulShutdown}): readiness
   * DOWN, this delay for load balancers to notice, the drain, then everything closed, the HTTP
   * servers last.
   *
   * @param propagationDelay how long readiness answers 503 before the drain (default 5s; 0s in
   *     tests and tools that serve no load balancer)
   * @param drainTimeout how long to wait for calls in flight (default 30s)
   * @param hook whether {@link Levee#start} installs a JVM shutdown hook that closes it on SIGTERM
   *     (default true)
   */
  public record Shutdown(Duration propagationDelay, Duration drainTimeout, boolean hook) {}

  /**
   * The Prometheus endpoint.
   *
   * @param enabled whether to serve metrics (default true)
   * @param port its port (default 9090; the health port serves both when equal)
   * @param path its path (default {@code /metrics})
   * @param prefix a prefix for every meter name, or {@code null}
   */
  public record Metrics(boolean enabled, int port, String path, String prefix) {}

  /**
   * The {@code logging:} section, read and validated here for the application to apply. Levee never
   * applies it: neither loading a configuration nor {@link Levee#start} touches the host's logging,
   * because a library must not reconfigure its application's logging backend. The application,
   * which owns that backend, applies it before anything logs (the demo picks its Logback
   * configuration from {@code format} and sets the root level from {@code level}).
   *
   * @param level trace, debug, info (default), warn or error
   * @param format console (default) or json
   */
  public record Logging(String level, String format) {}

  /**
   * A named pipeline, as configured under {@code pipelines:}: its timeout and the names of its
   * stages, each a configured instance of its family or {@code default} (checked when the
   * configuration is read). {@link Levee} builds it from its registries, so two pipelines naming
   * the same breaker share it.
   *
   * @param name the pipeline's name
   * @param timeout bounds the whole call, retries included, or {@code null} for none
   * @param retry the retry's name, or {@code null} for none
   * @param circuitBreaker the circuit breaker's name, or {@code null}
   * @param rateLimiter the rate limiter's name, or {@code null}
   * @param bulkhead the bulkhead's name, or {@code null}
   */
  public record PipelineSpec(
      String name,
      Duration timeout,
      String retry,
      String circuitBreaker,
      String rateLimiter,
      String bulkhead) {}

  private final CircuitBreakerConfig breakerDefaults;
  private final Map<String, CircuitBreakerConfig> breakers;
  private final RetryConfig retryDefaults;
  private final Map<String, RetryConfig> retries;
  private final RateLimiterConfig limiterDefaults;
  private final Map<String, RateLimiterConfig> limiters;
  private final BulkheadConfig bulkheadDefaults;
  private final Map<String, BulkheadConfig> bulkheads;
  private final Timeouts timeouts;
  private final Duration checkInterval;
  private final Map<String, HealthCheckConfig> checks;
  private final Http http;
  private final Metrics metrics;
  private final Logging logging;
  private final Shutdown shutdown;
  private final Map<String, PipelineSpec> pipelines;

  private LeveeConfig(ConfigReader r) {
    this.breakerDefaults = r.breakerDefaults;
    this.breakers = Map.copyOf(r.breakers);
    this.retryDefaults = r.retryDefaults;
    this.retries = Map.copyOf(r.retries);
    this.limiterDefaults = r.limiterDefaults;
    this.limiters = Map.copyOf(r.limiters);
    this.bulkheadDefaults = r.bulkheadDefaults;
    this.bulkheads = Map.copyOf(r.bulkheads);
    this.timeouts = r.timeouts;
    this.checkInterval = r.checkInterval;
    this.checks = Map.copyOf(r.checks);
    this.http = r.http;
    this.metrics = r.metrics;
    this.logging = r.logging;
    this.shutdown = r.shutdown;
    this.pipelines =
        java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(r.pipelines));
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
}
