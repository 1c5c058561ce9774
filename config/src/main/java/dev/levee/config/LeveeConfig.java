package dev.levee.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.levee.config.internal.Overrides;
import dev.levee.config.internal.Section;
import dev.levee.core.Backoff;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.function.BiConsumer;

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
 */
public final class LeveeConfig {
  private static final YAMLMapper YAML = new YAMLMapper();

  /**
   * The HTTP server for health (and metrics, when on the same port).
   *
   * @param enabled whether to serve health over HTTP (default true)
   * @param port the port (default 8080; 0 picks one)
   * @param bindAddress the address to bind (default {@code 0.0.0.0})
   */
  public record Http(boolean enabled, int port, String bindAddress) {}

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
   * Logging, for the demo and for services that let Levee set it up.
   *
   * @param level trace, debug, info (default), warn or error
   * @param format console (default) or json
   */
  public record Logging(String level, String format) {}

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

  private LeveeConfig(Reader r) {
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
  }

  /**
   * Reads a YAML file, with overrides from the environment and system properties.
   *
   * @param file the file
   * @return the configuration
   * @throws ConfigException listing every problem
   * @throws UncheckedIOException if the file cannot be read, naming it
   */
  public static LeveeConfig load(Path file) {
    try {
      return load(file.toString(), Files.readString(file), System.getenv(), System.getProperties());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read configuration " + file, e);
    }
  }

  /**
   * Reads YAML from a stream, with overrides from the environment and system properties.
   *
   * @param in the stream (read to its end, not closed)
   * @return the configuration
   * @throws ConfigException listing every problem
   */
  public static LeveeConfig load(InputStream in) {
    try {
      return load(
          "<stream>",
          new String(in.readAllBytes(), StandardCharsets.UTF_8),
          System.getenv(),
          System.getProperties());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read configuration stream", e);
    }
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
    JsonNode tree;
    try {
      tree = yaml.isBlank() ? JsonNodeFactory.instance.objectNode() : YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new ConfigException(
          source,
          List.of(
              "not valid YAML at line "
                  + (e.getLocation() == null ? "?" : e.getLocation().getLineNr())
                  + ": "
                  + e.getOriginalMessage()));
    }
    if (tree == null || tree.isMissingNode() || tree.isNull()) {
      tree = JsonNodeFactory.instance.objectNode();
    }
    if (!(tree instanceof ObjectNode)) {
      throw new ConfigException(source, List.of("<root>: must be a mapping, was " + tree));
    }
    Overrides.apply((ObjectNode) tree, env, properties);
    List<String> problems = new ArrayList<>();
    Reader reader = new Reader(tree, problems);
    if (!problems.isEmpty()) {
      throw new ConfigException(source, problems);
    }
    return new LeveeConfig(reader);
  }

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
   * The logging settings.
   *
   * @return the settings
   */
  public Logging logging() {
    return logging;
  }

  // ---- reading --------------------------------------------------------------------------

  /** Reads the tree section by section; problems collect in one list. */
  private static final class Reader {
    CircuitBreakerConfig breakerDefaults;
    final Map<String, CircuitBreakerConfig> breakers = new LinkedHashMap<>();
    RetryConfig retryDefaults;
    final Map<String, RetryConfig> retries = new LinkedHashMap<>();
    RateLimiterConfig limiterDefaults;
    final Map<String, RateLimiterConfig> limiters = new LinkedHashMap<>();
    BulkheadConfig bulkheadDefaults;
    final Map<String, BulkheadConfig> bulkheads = new LinkedHashMap<>();
    Timeouts timeouts = Timeouts.defaults();
    Duration checkInterval = Duration.ofSeconds(5);
    final Map<String, HealthCheckConfig> checks = new LinkedHashMap<>();
    Http http = new Http(true, 8080, "0.0.0.0");
    Metrics metrics = new Metrics(true, 9090, "/metrics", null);
    Logging logging = new Logging("info", "console");

    Reader(JsonNode tree, List<String> problems) {
      Section root = new Section("", tree, problems);
      Section resilience = root.section("resilience");
      breakerDefaults =
          family(
              resilience.section("circuit_breaker"),
              problems,
              CircuitBreakerConfig::builder,
              Reader::breaker,
              CircuitBreakerConfig.Builder::build,
              breakers,
              CircuitBreakerConfig.defaults());
      retryDefaults =
          family(
              resilience.section("retry"),
              problems,
              RetryConfig::builder,
              Reader::retry,
              RetryConfig.Builder::build,
              retries,
              RetryConfig.defaults());
      limiterDefaults =
          family(
              resilience.section("rate_limiter"),
              problems,
              RateLimiterConfig::builder,
              Reader::limiter,
              RateLimiterConfig.Builder::build,
              limiters,
              RateLimiterConfig.builder("default").build());
      bulkheadDefaults =
          family(
              resilience.section("bulkhead"),
              problems,
              BulkheadConfig::builder,
              Reader::bulkhead,
              BulkheadConfig.Builder::build,
              bulkheads,
              BulkheadConfig.builder("default").build());
      timeouts(resilience.section("timeouts"), problems);
      resilience.rejectUnknownKeys();
      health(root.section("health"), problems);
      metrics(root.section("metrics"));
      logging(root.section("logging"));
      root.rejectUnknownKeys();
    }

    /** The defaults section, then each instance: the defaults' keys, then its own. */
    private static <B, C> C family(
        Section s,
        List<String> problems,
        java.util.function.Function<String, B> builder,
        BiConsumer<Section, B> read,
        java.util.function.Function<B, C> build,
        Map<String, C> instances,
        C fallback) {
      B defaults = builder.apply("default");
      read.accept(s, defaults);
      C built = build(s, build, defaults);
      List<String> names = s.names("instances");
      s.rejectUnknownKeys();
      Section in = s.section("instances");
      for (String name : names) {
        B b = builder.apply(name);
        read.accept(s.quietCopy(), b); // the defaults, problems already reported
        Section own = in.section(name);
        read.accept(own, b);
        own.rejectUnknownKeys();
        C c = build(own, build, b);
        if (c != null) {
          instances.put(name, c);
        }
      }
      return built == null ? fallback : built;
    }

    private static <B, C> C build(Section s, java.util.function.Function<B, C> build, B b) {
      try {
        return build.apply(b);
      } catch (IllegalArgumentException | NullPointerException e) {
        s.builderProblem(String.valueOf(e.getMessage()));
        return null;
      }
    }

    private static void breaker(Section s, CircuitBreakerConfig.Builder b) {
      s.integer("failure_threshold", b::consecutiveFailures);
      s.integer("count_window", b::countWindow);
      s.integer("minimum_calls", b::minimumCalls);
      s.number("failure_rate_threshold", b::failureRateThreshold);
      s.integer("success_threshold", b::successThreshold);
      s.duration("timeout", b::openDuration);
      s.integer("max_requests_half_open", b::halfOpenMaxCalls);
      s.duration("half_open_max_wait", b::halfOpenMaxWait);
    }

    private static void retry(Section s, RetryConfig.Builder b) {
      s.integer("max_retries", b::maxRetries);
      s.duration("max_duration", b::maxDuration);
      s.number("transient_multiplier", b::transientMultiplier);
      Section backoff = s.section("backoff");
      Duration[] initial = {Duration.ofMillis(50)};
      double[] multiplier = {2};
      Duration[] max = {Duration.ofSeconds(2)};
      String[] jitter = {"none"};
      backoff.duration("initial", d -> initial[0] = d);
      backoff.number("multiplier", m -> multiplier[0] = m);
      backoff.duration("max", d -> max[0] = d);
      backoff.choice(
          "jitter", List.of("none", "full", "equal", "decorrelated"), j -> jitter[0] = j);
      if (s.has("backoff")) {
        try {
          b.backoff(
              Backoff.exponential(initial[0], multiplier[0], max[0])
                  .withJitter(Backoff.Jitter.valueOf(jitter[0].toUpperCase(Locale.ROOT))));
        } catch (IllegalArgumentException e) {
          s.problem("backoff", String.valueOf(e.getMessage()));
        }
      }
      backoff.rejectUnknownKeys();
    }

    private static void limiter(Section s, RateLimiterConfig.Builder b) {
      int[] permits = {100};
      Duration[] period = {Duration.ofSeconds(1)};
      s.integer("permits", p -> permits[0] = p);
      s.duration("period", p -> period[0] = p);
      if (s.has("permits") || s.has("period")) {
        try {
          b.limit(permits[0], period[0]);
        } catch (IllegalArgumentException e) {
          s.problem(s.has("permits") ? "permits" : "period", rule(e));
        }
      }
      s.integer("burst", b::burst);
    }

    private static void bulkhead(Section s, BulkheadConfig.Builder b) {
      s.integer("max_concurrent", b::maxConcurrent);
      s.duration("max_wait", b::maxWait);
    }

    private void timeouts(Section s, List<String> problems) {
      Timeouts.Builder b = Timeouts.defaults().toBuilder();
      for (String op : s.ownKeys()) {
        if (op.equals("default")) {
          s.duration(op, b::defaultTimeout);
        } else {
          s.duration(op, d -> b.timeout(op, d));
        }
      }
      try {
        timeouts = b.build();
      } catch (IllegalArgumentException e) {
        s.problemHere(rule(e));
      }
    }

    private void health(Section s, List<String> problems) {
      s.duration("check_interval", d -> checkInterval = d);
      Section h = s.section("http");
      boolean[] enabled = {true};
      int[] port = {8080};
      String[] bind = {"0.0.0.0"};
      h.bool("enabled", v -> enabled[0] = v);
      h.integer("port", p -> port[0] = port(p));
      h.string("bind_address", a -> bind[0] = a);
      h.rejectUnknownKeys();
      http = new Http(enabled[0], port[0], bind[0]);
      Section in = s.section("checks");
      for (String name : s.names("checks")) {
        Section c = in.section(name);
        HealthCheckConfig.Builder b;
        try {
          b =
              HealthCheckConfig.builder(name)
                  .interval(checkInterval)
                  .timeout(timeouts.healthCheck());
        } catch (IllegalArgumentException e) {
          in.problem(name, rule(e));
          continue;
        }
        c.duration("interval", b::interval);
        c.duration("timeout", b::timeout);
        c.duration("initial_delay", b::initialDelay);
        c.integer("failure_attempts", b::failureAttempts);
        c.integer("success_attempts", b::successAttempts);
        c.bool("critical", b::critical);
        c.duration("stale_after", b::staleAfter);
        c.stringList("groups", g -> b.groups(g.toArray(new String[0])));
        c.rejectUnknownKeys();
        HealthCheckConfig built = build(c, HealthCheckConfig.Builder::build, b);
        if (built != null) {
          checks.put(name, built);
        }
      }
      s.rejectUnknownKeys();
    }

    private void metrics(Section s) {
      boolean[] enabled = {true};
      int[] port = {9090};
      String[] path = {"/metrics"};
      String[] prefix = {null};
      s.bool("enabled", v -> enabled[0] = v);
      s.integer("port", p -> port[0] = port(p));
      s.string(
          "path",
          p -> {
            if (!p.matches("(/[A-Za-z0-9._~-]+)+")) {
              throw new IllegalArgumentException("must look like /metrics, was \"" + p + "\"");
            }
            path[0] = p;
          });
      s.string(
          "prefix",
          p -> {
            if (!p.matches("[a-z][a-z0-9_]*")) {
              throw new IllegalArgumentException(
                  "must be lowercase letters, digits and '_', starting with a letter, was \""
                      + p
                      + "\"");
            }
            prefix[0] = p;
          });
      s.rejectUnknownKeys();
      metrics = new Metrics(enabled[0], port[0], path[0], prefix[0]);
    }

    private void logging(Section s) {
      String[] level = {"info"};
      String[] format = {"console"};
      s.choice("level", List.of("trace", "debug", "info", "warn", "error"), l -> level[0] = l);
      s.choice("format", List.of("console", "json"), f -> format[0] = f);
      s.rejectUnknownKeys();
      logging = new Logging(level[0], format[0]);
    }

    private static int port(int p) {
      if (p < 0 || p > 65535) {
        throw new IllegalArgumentException("must be in [0, 65535], was " + p);
      }
      return p;
    }

    private static String rule(IllegalArgumentException e) {
      String m = String.valueOf(e.getMessage());
      int must = m.indexOf("must ");
      return must >= 0 ? m.substring(must) : m;
    }
  }
}
