package dev.levee.config.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.levee.common.internal.Require;
import dev.levee.config.LeveeConfig.PipelineSpec;
import dev.levee.core.Backoff;
import dev.levee.core.BulkheadConfig;
import dev.levee.core.CircuitBreakerConfig;
import dev.levee.core.RateLimiterConfig;
import dev.levee.core.RetryConfig;
import dev.levee.health.GracefulShutdown;
import dev.levee.health.HealthCheckConfig;
import dev.levee.health.HealthMonitor;
import dev.levee.http.EndpointServer;
import dev.levee.timeouts.Timeouts;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * Reads a configuration tree section by section into the modules' own configs; problems collect in
 * one list, so a whole file is checked in one pass. The fields are what {@link
 * dev.levee.config.LeveeConfig} copies out.
 */
public final class ConfigReader {
  /** Read value. */
  public CircuitBreakerConfig breakerDefaults;

  /** Read value. */
  public final Map<String, CircuitBreakerConfig> breakers = new LinkedHashMap<>();

  /** Read value. */
  public RetryConfig retryDefaults;

  /** Read value. */
  public final Map<String, RetryConfig> retries = new LinkedHashMap<>();

  /** Read value. */
  public RateLimiterConfig limiterDefaults;

  /** Read value. */
  public final Map<String, RateLimiterConfig> limiters = new LinkedHashMap<>();

  /** Read value. */
  public BulkheadConfig bulkheadDefaults;

  /** Read value. */
  public final Map<String, BulkheadConfig> bulkheads = new LinkedHashMap<>();

  /** Read values: the adaptive limiters, keyed rate limiters and hedges. */
  public final OverloadReader overload;

  /** Read value. */
  public Timeouts timeouts = Timeouts.defaults();

  /** Read value. */
  public Duration checkInterval = Duration.ofSeconds(5);

  /** Read value. */
  public final Map<String, HealthCheckConfig> checks = new LinkedHashMap<>();

  /** Read value. */
  public HttpSection http =
      new HttpSection(
          true, 8080, "0.0.0.0", Duration.ofSeconds(5), Duration.ofSeconds(30), 512, 8, 256);

  /** Read value. */
  public MetricsSection metrics = new MetricsSection(true, 9090, "/metrics", null);

  /** Read value. */
  public LoggingSection logging = new LoggingSection("info", "console");

  /** Read value. */
  public ShutdownSection shutdown =
      new ShutdownSection(Duration.ofSeconds(5), Duration.ofSeconds(30), true);

  /**
   * The {@code health.http} section as read; {@link dev.levee.config.LeveeConfig.Http} holds it.
   *
   * @param enabled see {@code LeveeConfig.Http}
   * @param port see {@code LeveeConfig.Http}
   * @param bindAddress see {@code LeveeConfig.Http}
   * @param readTimeout see {@code LeveeConfig.Http}
   * @param idleTimeout see {@code LeveeConfig.Http}
   * @param maxConnections see {@code LeveeConfig.Http}
   * @param workerThreads see {@code LeveeConfig.Http}
   * @param workerQueue see {@code LeveeConfig.Http}
   */
  public record HttpSection(
      boolean enabled,
      int port,
      String bindAddress,
      Duration readTimeout,
      Duration idleTimeout,
      int maxConnections,
      int workerThreads,
      int workerQueue) {}

  /**
   * The {@code metrics} section as read.
   *
   * @param enabled see {@code LeveeConfig.Metrics}
   * @param port see {@code LeveeConfig.Metrics}
   * @param path see {@code LeveeConfig.Metrics}
   * @param prefix see {@code LeveeConfig.Metrics}
   */
  public record MetricsSection(boolean enabled, int port, String path, String prefix) {}

  /**
   * The {@code logging} section as read.
   *
   * @param level see {@code LeveeConfig.Logging}
   * @param format see {@code LeveeConfig.Logging}
   */
  public record LoggingSection(String level, String format) {}

  /**
   * The {@code shutdown} section as read.
   *
   * @param propagationDelay see {@code LeveeConfig.Shutdown}
   * @param drainTimeout see {@code LeveeConfig.Shutdown}
   * @param hook see {@code LeveeConfig.Shutdown}
   */
  public record ShutdownSection(Duration propagationDelay, Duration drainTimeout, boolean hook) {}

  /** Read value: the named pipelines, in the order read. */
  public final Map<String, PipelineSpec> pipelines = new LinkedHashMap<>();

  /** Read value: the named admission controls, in the order read. */
  public final Map<String, dev.levee.config.AdmissionSpec> admissions = new LinkedHashMap<>();

  /** CircuitBreakerConfig's fields in its messages whose keys are not their names in snake case. */
  private static final Map<String, String> BREAKER_KEYS =
      Map.of(
          "windowSize", "count_window",
          "openDuration", "timeout",
          "halfOpenMaxCalls", "max_requests_half_open");

  /** Each retry builder's backoff so far: the defaults' pass, then the instance's. */
  private final Map<RetryConfig.Builder, Backoff> backoffs = new IdentityHashMap<>();

  /**
   * Reads the tree.
   *
   * @param tree the configuration tree
   * @param problems where problems go
   */
  public ConfigReader(JsonNode tree, List<String> problems) {
    this(tree, problems, false);
  }

  /**
   * Reads the tree, its keys matched relaxed if asked ({@code circuit-breaker} for {@code
   * circuit_breaker}), as a framework's properties spell them.
   *
   * @param tree the configuration tree
   * @param problems where problems go
   * @param relaxed whether a key matches whatever its case and separators
   */
  public ConfigReader(JsonNode tree, List<String> problems, boolean relaxed) {
    Section root = new Section("", tree, problems, relaxed);
    Section resilience = root.section("resilience");
    breakerDefaults =
        family(
            resilience.section("circuit_breaker"),
            problems,
            CircuitBreakerConfig::builder,
            ConfigReader::breaker,
            CircuitBreakerConfig.Builder::build,
            BREAKER_KEYS,
            breakers,
            CircuitBreakerConfig.defaults());
    retryDefaults =
        family(
            resilience.section("retry"),
            problems,
            RetryConfig::builder,
            this::retry,
            RetryConfig.Builder::build,
            Map.of(),
            retries,
            RetryConfig.defaults());
    limiterDefaults =
        family(
            resilience.section("rate_limiter"),
            problems,
            RateLimiterConfig::builder,
            ConfigReader::limiter,
            RateLimiterConfig.Builder::build,
            Map.of(),
            limiters,
            RateLimiterConfig.builder("default").build());
    bulkheadDefaults =
        family(
            resilience.section("bulkhead"),
            problems,
            BulkheadConfig::builder,
            ConfigReader::bulkhead,
            BulkheadConfig.Builder::build,
            Map.of(),
            bulkheads,
            BulkheadConfig.builder("default").build());
    overload = new OverloadReader(resilience, problems);
    timeouts(resilience.section("timeouts"), problems);
    resilience.rejectUnknownKeys();
    health(root.section("health"), problems);
    metrics(root.section("metrics"));
    logging(root.section("logging"));
    shutdown(root.section("shutdown"));
    PipelineReader.read(tree, root.section("pipelines"), pipelines, relaxed);
    AdmissionReader.read(tree, root.section("admission"), admissions, relaxed);
    root.rejectUnknownKeys();
    if (metrics.enabled()
        && http.enabled()
        && metrics.port() == http.port()
        && (metrics.path().equals("/health") || metrics.path().startsWith("/health/"))) {
      problems.add(
          "metrics.path: must not be under /health while metrics share the health port ("
              + http.port()
              + "), was \""
              + metrics.path()
              + "\"");
    }
  }

  /** The defaults section, then each instance: the defaults' keys, then its own. */
  static <B, C> C family(
      Section s,
      List<String> problems,
      java.util.function.Function<String, B> builder,
      BiConsumer<Section, B> read,
      java.util.function.Function<B, C> build,
      Map<String, String> keys,
      Map<String, C> instances,
      C fallback) {
    B defaults = builder.apply("default");
    read.accept(s, defaults);
    String[] failed = {null};
    C built =
        build(
            s,
            build,
            defaults,
            keys,
            m -> {
              failed[0] = unlabelled(m);
              return true;
            });
    Section in = s.section("instances");
    s.rejectUnknownKeys();
    for (String name : in.names()) {
      B b = builder.apply(name);
      Section inherited = s.quietCopy();
      read.accept(inherited, b); // the defaults, problems already reported
      Section own = in.section(name, inherited);
      read.accept(own, b);
      own.rejectUnknownKeys();
      // A problem the defaults' values make by themselves was reported at the defaults already.
      C c = build(own, build, b, keys, m -> !unlabelled(m).equals(failed[0]));
      if (c != null) {
        instances.put(name, c);
      }
    }
    return built == null ? fallback : built;
  }

  /** Builds, or records the builder's problem (if {@code report} takes it) and returns null. */
  private static <B, C> C build(
      Section s,
      java.util.function.Function<B, C> build,
      B b,
      Map<String, String> keys,
      Predicate<String> report) {
    try {
      return build.apply(b);
    } catch (IllegalArgumentException | NullPointerException e) {
      String message = String.valueOf(e.getMessage());
      if (report.test(message)) {
        s.builderProblem(message, keys);
      }
      return null;
    }
  }

  /**
   * A builder's message without its {@code kind "label": } prefix: the same for the same rule
   * broken by the same values, in the defaults and in an instance.
   */
  private static String unlabelled(String message) {
    int end = message.indexOf("\": ");
    return end < 0 ? message : message.substring(end + 3);
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

  private void retry(Section s, RetryConfig.Builder b) {
    s.integer("max_retries", b::maxRetries);
    s.duration("max_duration", b::maxDuration);
    s.number("transient_multiplier", b::transientMultiplier);
    Section backoff = s.section("backoff");
    // Start from this builder's backoff so far: an instance's backoff keys go over the defaults'.
    Backoff current = backoffs.getOrDefault(b, Backoff.defaults());
    Duration[] initial = {current.initial()};
    double[] multiplier = {current.multiplier()};
    Duration[] max = {current.max()};
    String[] jitter = {current.jitter().name().toLowerCase(Locale.ROOT)};
    // Each value by Backoff's own rule as it is read, so that each bad one is reported at its key.
    int problems = backoff.problemCount();
    backoff.duration("initial", d -> initial[0] = backoffDelay(d));
    backoff.number("multiplier", m -> multiplier[0] = backoffMultiplier(m));
    backoff.duration("max", d -> max[0] = backoffDelay(d));
    backoff.choice("jitter", List.of("none", "full", "equal", "decorrelated"), j -> jitter[0] = j);
    // The rule across values only when every value was taken: not against a value left over.
    if (s.has("backoff") && backoff.problemCount() == problems) {
      try {
        Backoff made =
            Backoff.exponential(initial[0], multiplier[0], max[0])
                .withJitter(Backoff.Jitter.valueOf(jitter[0].toUpperCase(Locale.ROOT)));
        b.backoff(made);
        backoffs.put(b, made);
      } catch (IllegalArgumentException e) {
        backoff.builderProblem(String.valueOf(e.getMessage()), Map.of());
      }
    }
    backoff.rejectUnknownKeys();
  }

  /** {@code d}, if Backoff takes it as a delay (initial or max); else Backoff's exception. */
  private static Duration backoffDelay(Duration d) {
    Backoff.fixed(d);
    return d;
  }

  /** {@code m}, if Backoff takes it as a multiplier; else Backoff's exception. */
  private static double backoffMultiplier(double m) {
    Duration any = Backoff.defaults().initial();
    Backoff.exponential(any, m, any);
    return m;
  }

  private static void limiter(Section s, RateLimiterConfig.Builder b) {
    // Separately, so that an instance setting one keeps the other from the defaults.
    s.integer("permits", b::permits);
    s.duration("period", b::period);
    s.integer("burst", b::burst);
    s.integer("prefetch", b::prefetch);
  }

  private static void bulkhead(Section s, BulkheadConfig.Builder b) {
    s.integer("max_concurrent", b::maxConcurrent);
    s.duration("max_wait", b::maxWait);
  }

  private void timeouts(Section s, List<String> problems) {
    Timeouts.Builder b = Timeouts.defaults().toBuilder();
    for (String written : s.ownKeys()) {
      String op = s.relaxed() ? knownOperation(written) : written;
      if (op.equals("default")) {
        s.duration(written, b::defaultTimeout);
      } else if (op.equals(Timeouts.HEALTH_CHECK)) {
        // Every health check's timeout unless it sets its own: HealthCheckConfig's rule, here.
        s.duration(written, d -> b.timeout(op, checked(HealthCheckConfig.Builder::timeout, d)));
      } else {
        s.duration(written, d -> b.timeout(op, d));
      }
    }
    try {
      timeouts = b.build();
    } catch (IllegalArgumentException e) {
      s.problemHere(rule(e));
    }
  }

  /**
   * In relaxed mode, an operation written {@code health-check} or {@code healthCheck} is Levee's
   * {@code health_check}; any other name is the application's own, as written.
   */
  private static String knownOperation(String written) {
    for (String op : Timeouts.defaults().asMap().keySet()) {
      if (Section.normalized(op).equals(Section.normalized(written))) {
        return op;
      }
    }
    return Section.normalized("default").equals(Section.normalized(written)) ? "default" : written;
  }

  private void health(Section s, List<String> problems) {
    // Every health check's interval unless it sets its own: HealthCheckConfig's rule, here.
    s.duration(
        "check_interval", d -> checkInterval = checked(HealthCheckConfig.Builder::interval, d));
    Section h = s.section("http");
    boolean[] enabled = {true};
    int[] port = {8080};
    String[] bind = {"0.0.0.0"};
    HttpSection d = http;
    Duration[] read = {d.readTimeout()};
    Duration[] idle = {d.idleTimeout()};
    int[] limits = {d.maxConnections(), d.workerThreads(), d.workerQueue()};
    // The server builder's own setters judge each value, so the rules live in one place.
    EndpointServer.Builder server = EndpointServer.builder();
    h.bool("enabled", v -> enabled[0] = v);
    h.integer("port", p -> port[0] = port(p));
    h.string("bind_address", a -> bind[0] = a);
    h.duration("read_timeout", t -> read[0] = accepted(server::readTimeout, t));
    h.duration("idle_timeout", t -> idle[0] = accepted(server::idleTimeout, t));
    h.integer("max_connections", n -> limits[0] = accepted(server::maxConnections, n));
    h.integer("worker_threads", n -> limits[1] = accepted(server::workerThreads, n));
    h.integer("worker_queue", n -> limits[2] = accepted(server::workerQueue, n));
    h.rejectUnknownKeys();
    http =
        new HttpSection(
            enabled[0], port[0], bind[0], read[0], idle[0], limits[0], limits[1], limits[2]);
    Section in = s.section("checks");
    for (String name : in.names()) {
      Section c = in.section(name);
      HealthCheckConfig.Builder b =
          HealthCheckConfig.builder(name).interval(checkInterval).timeout(timeouts.healthCheck());
      c.duration("interval", b::interval);
      c.duration("timeout", b::timeout);
      c.duration("initial_delay", b::initialDelay);
      c.integer("failure_attempts", b::failureAttempts);
      c.integer("success_attempts", b::successAttempts);
      c.bool("critical", b::critical);
      c.duration("stale_after", b::staleAfter);
      c.stringList("groups", g -> b.groups(g.toArray(new String[0])));
      c.rejectUnknownKeys();
      HealthCheckConfig built = build(c, HealthCheckConfig.Builder::build, b, Map.of(), m -> true);
      if (built != null) {
        checks.put(name, built);
      }
    }
    s.rejectUnknownKeys();
  }

  /**
   * {@code value}, if a health check with it and every other setting its default builds: checks a
   * value the checks take by default against {@link HealthCheckConfig}'s own rules, so that a bad
   * one fails at its own key, not at each check, nor at the first check made without config.
   */
  private static Duration checked(
      BiFunction<HealthCheckConfig.Builder, Duration, HealthCheckConfig.Builder> setter,
      Duration value) {
    setter.apply(HealthCheckConfig.builder("default"), value).build();
    return value;
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
    metrics = new MetricsSection(enabled[0], port[0], path[0], prefix[0]);
  }

  private void logging(Section s) {
    String[] level = {"info"};
    String[] format = {"console"};
    s.choice("level", List.of("trace", "debug", "info", "warn", "error"), l -> level[0] = l);
    s.choice("format", List.of("console", "json"), f -> format[0] = f);
    s.rejectUnknownKeys();
    logging = new LoggingSection(level[0], format[0]);
  }

  private void shutdown(Section s) {
    Duration[] delay = {shutdown.propagationDelay()};
    Duration[] drain = {shutdown.drainTimeout()};
    boolean[] hook = {shutdown.hook()};
    // GracefulShutdown's own setters judge the durations (a plan for a monitor never started:
    // it owns no thread until a check is registered).
    GracefulShutdown.Builder plan = GracefulShutdown.builder(HealthMonitor.builder().build());
    s.duration("propagation_delay", t -> delay[0] = accepted(plan::propagationDelay, t));
    s.duration("drain_timeout", t -> drain[0] = accepted(plan::drainTimeout, t));
    s.bool("hook", v -> hook[0] = v);
    s.rejectUnknownKeys();
    shutdown = new ShutdownSection(delay[0], drain[0], hook[0]);
  }

  /** {@code value}, once {@code setter} has accepted it (it throws, naming the rule, if not). */
  private static <T> T accepted(java.util.function.Function<T, ?> setter, T value) {
    setter.apply(value);
    return value;
  }

  private static int port(int p) {
    return Require.inRange("port", p, 0, 65535); // the section names the key, from "must"
  }

  private static String rule(IllegalArgumentException e) {
    String m = String.valueOf(e.getMessage());
    int must = m.indexOf("must ");
    return must >= 0 ? m.substring(must) : m;
  }
}
