package dev.levee.health;

import dev.levee.core.Bulkhead;
import dev.levee.core.CircuitBreaker;
import dev.levee.core.RateLimiter;
import dev.levee.core.Registry;
import dev.levee.core.Retry;
import dev.levee.health.internal.CallRates;
import dev.levee.health.internal.StatusHtml;
import dev.levee.health.internal.StatusJson;
import dev.levee.health.internal.StatusPaths;
import dev.levee.health.internal.StatusReader;
import dev.levee.health.internal.StatusView;
import dev.levee.http.HttpEndpoint;
import dev.levee.http.HttpRequest;
import dev.levee.http.HttpResponse;
import dev.levee.http.internal.ErrorBody;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A live status page for operators, and the JSON it reads: an {@link HttpEndpoint}, so it runs on
 * {@link dev.levee.http.EndpointServer}, the servlet and the Undertow adapters alike.
 *
 * <p>Paths: {@code GET {basePath}} (default {@code /status}), or {@code {basePath}/}, is one HTML
 * page, its style and script inside it (a resource of this jar: no CDN, no build step). The page
 * finds its JSON by a URL relative to its own ({@code status/status.json} from {@code /status},
 * {@code status.json} from {@code /status/}), so it works unchanged under a servlet context path or
 * behind a proxy that adds a prefix. The server renders its first view (the charts of the 50
 * busiest breakers; the script draws them all), so it is whole without JavaScript (it then reloads
 * every 10 s); the script fetches the JSON every 1.5 s and redraws the page in place, backing off
 * to 30 s and saying "stale" while the server does not answer. {@code GET {basePath}/status.json}
 * ({@code /status.json} when the base path is {@code /}) is the JSON: {@code "version": 1}, each
 * field documented below and in {@code docs/status-json.md}; fields may be added within a version,
 * never removed or changed. {@code ?since=n} gives only the samples after sample {@code n}. {@code
 * HEAD} answers as {@code GET} without a body; other methods 405, other paths 404. Every answer has
 * {@code Cache-Control: no-store}; the page has a {@code Content-Security-Policy} that lets only
 * its own script run.
 *
 * <p>What it shows: the status of every check together and of each group (live, ready, started,
 * raft and custom) as coloured badges; each check's status, reason, error, duration, how long it
 * has had its status, and its data; each circuit breaker's state, failure and slow-call rates,
 * window and lifetime counts, when it last changed, and a chart of calls, failures and rejections
 * per second over the last few minutes; rate limiters, bulkheads and retries with their counts; and
 * a timeline of the last 50 changes, newest first, from the monitor's history ({@link
 * HealthMonitor#history()}) and the breakers' ({@link CircuitBreaker#recentTransitions()}).
 *
 * <p>Details: a caller the {@link DetailPolicy} does not allow (default: all but loopback callers)
 * sees the overall status and the groups' statuses only, in the page and in the JSON: no check,
 * breaker, reason or data, not even their names. Every name and reason is escaped in the page.
 *
 * <p>Cost: nothing per call. Reading counts only what the primitives count anyway; the charts come
 * from one timer task on the monitor's scheduler that reads each breaker's totals once a second
 * into a ring ({@code 3 * (window + 1)} ints per breaker). The sampler stops when this page or the
 * monitor is closed. Answers are built from cached state only, but a large registry takes
 * milliseconds, so {@link #nonBlocking()} is {@code false}: probes never queue behind a page.
 *
 * <p>The JSON, version 1 (names in {@code snake_case}; times are ISO-8601 UTC strings or {@code
 * null}):
 *
 * <ul>
 *   <li>{@code version} (1), {@code generated_at}, {@code title}, {@code details} (whether this
 *       caller sees details), {@code status} (of every check, as {@code /health}: {@code UP},
 *       {@code DEGRADED} or {@code DOWN}), {@code groups} ({@code [{name, status}]}, as each
 *       group's probe answers). Without details, that is all.
 *   <li>{@code info}: the application's own lines ({@code {key: value}}), such as a phase.
 *   <li>{@code checks}: {@code [{name, status, pending, critical, groups, reason, error,
 *       duration_ms, checked_at, since, consecutive_failures, consecutive_successes, data}]},
 *       ordered by name; {@code since} is when it took its status; {@code data} is the check's own.
 *   <li>{@code samples}: {@code {interval_ms, first, last, last_at}}: the numbers of the first and
 *       last sample every {@code series} below covers ({@code -1} if none).
 *   <li>{@code circuit_breakers}: {@code [{name, state, failure_rate, slow_call_rate (percent, or
 *       null below the minimum calls), window {calls, failures, slow_calls, successes}, totals
 *       {successes, failures, slow_calls, ignored, rejected}, last_transition_at, series {calls,
 *       failures, rejections}}]}; each series holds one count per sample, oldest first.
 *   <li>{@code rate_limiters}: {@code [{name, permitted, rejected, available}]}; {@code bulkheads}:
 *       {@code [{name, in_flight, max_concurrent, rejected}]}; {@code retries}: {@code [{name,
 *       success_without_retry, success_with_retry, failed_without_retry, failed_with_retry,
 *       retries, budget_exhausted}]}.
 *   <li>{@code timeline}: {@code [{at, kind, name, from, to, reason}]}, newest first; {@code kind}
 *       is {@code check}, {@code group} or {@code circuit_breaker}; {@code from} is {@code null}
 *       for a check's first result.
 * </ul>
 *
 * <p>This class is thread-safe.
 */
// Names dev.levee.core's types, which this module does not pass on (requires, not requires
// transitive): whoever has a breaker or a registry to show reads dev.levee.core already.
@SuppressWarnings("exports")
public final class StatusPage implements HttpEndpoint, AutoCloseable {
  /** The version of the JSON's shape. */
  public static final int JSON_VERSION = StatusView.VERSION;

  private static final String CSP =
      "default-src 'none'; script-src "
          + StatusHtml.scriptHash()
          + "; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self'; base-uri 'none';"
          + " form-action 'none'; frame-ancestors 'none'";

  /** How many one-second samples the charts span: three minutes. */
  public static final int SAMPLES = 180;

  private final String basePath;
  private final String jsonPath;
  private final DetailPolicy details;
  private final StatusReader reader;
  private final CallRates rates;

  private StatusPage(Builder b) {
    this.basePath = b.basePath;
    this.jsonPath = b.basePath.equals("/") ? "/status.json" : b.basePath + "/status.json";
    this.details = b.details;
    HealthMonitor m = b.monitor;
    this.rates =
        new CallRates(
            () -> b.breakers.get().values(),
            SAMPLES,
            Duration.ofSeconds(1).toNanos(),
            m.scheduler(),
            m.ticker(),
            m.clock());
    this.reader =
        new StatusReader(
            b.title,
            new StatusReader.Monitor() {
              @Override
              public List<CheckReport> reports() {
                return m.reports();
              }

              @Override
              public Set<HealthGroup> groups() {
                return m.groups();
              }

              @Override
              public List<HealthChange> history() {
                return m.history();
              }
            },
            m.clock(),
            b.info,
            b.breakers,
            b.rateLimiters,
            b.bulkheads,
            b.retries,
            rates);
    rates.start();
    m.onClose(rates::close);
  }

  /**
   * Starts a page over {@code monitor}.
   *
   * @param monitor the monitor whose checks and history to show; its scheduler runs the sampler
   * @return a builder
   */
  public static Builder builder(HealthMonitor monitor) {
    return new Builder(Objects.requireNonNull(monitor, "monitor"));
  }

  /**
   * The base path: the page's own.
   *
   * @return the path, such as {@code /status}
   */
  @Override
  public String basePath() {
    return basePath;
  }

  /**
   * The JSON's path.
   *
   * @return {@code {basePath}/status.json}, or {@code /status.json} under {@code /}
   */
  public String jsonPath() {
    return jsonPath;
  }

  /**
   * Answers one request from cached state.
   *
   * @param request the request
   * @return the page, the JSON, 400 for a bad {@code since}, 404 or 405
   */
  @Override
  public HttpResponse handle(HttpRequest request) {
    boolean head = request.method().equals("HEAD");
    if (!head && !request.method().equals("GET")) {
      Map<String, String> headers = headers("application/json");
      headers.put("Allow", "GET, HEAD");
      return respond(405, headers, ErrorBody.json("method not allowed"), head);
    }
    boolean show = details.allows(request);
    if (request.path().equals(jsonPath)) {
      long since;
      try {
        since = StatusPaths.since(request.rawQuery());
      } catch (IllegalArgumentException bad) {
        return respond(400, headers("application/json"), ErrorBody.json(bad.getMessage()), head);
      }
      return respond(
          200, headers("application/json"), StatusJson.write(reader.read(show, since)), head);
    }
    if (request.path().equals(basePath) || request.path().equals(basePath + "/")) {
      Map<String, String> headers = headers("text/html; charset=utf-8");
      headers.put("Content-Security-Policy", CSP);
      headers.put("X-Content-Type-Options", "nosniff");
      return respond(
          200,
          headers,
          StatusHtml.page(reader.read(show, -1), StatusPaths.jsonReference(request.path())),
          head);
    }
    return respond(404, headers("application/json"), ErrorBody.json("not found"), head);
  }

  private static Map<String, String> headers(String contentType) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", contentType);
    headers.put("Cache-Control", "no-store");
    return headers;
  }

  private static HttpResponse respond(
      int status, Map<String, String> headers, byte[] body, boolean head) {
    headers.put("Content-Length", Integer.toString(body.length));
    return HttpResponse.of(status, headers, head ? new byte[0] : body);
  }

  /** Stops the sampler (the monitor's {@code close()} stops it too). Idempotent. */
  @Override
  public void close() {
    rates.close();
  }

  /** Builds a {@link StatusPage}. Not thread-safe. */
  public static final class Builder {
    private final HealthMonitor monitor;
    private String basePath = "/status";
    private String title;
    private DetailPolicy details = DetailPolicy.loopback();
    private Supplier<? extends Map<String, String>> info = Map::of;
    private Supplier<? extends Map<String, CircuitBreaker>> breakers = Map::of;
    private Supplier<? extends Map<String, RateLimiter>> rateLimiters = Map::of;
    private Supplier<? extends Map<String, Bulkhead>> bulkheads = Map::of;
    private Supplier<? extends Map<String, Retry>> retries = Map::of;

    private Builder(HealthMonitor monitor) {
      this.monitor = monitor;
      this.title = "Levee status: " + monitor.name();
    }

    /**
     * Sets the page's path (default {@code /status}); the JSON is at {@code
     * {basePath}/status.json}.
     *
     * @param basePath {@code /}, or starts with {@code /} and does not end with one
     * @return this builder
     * @throws IllegalArgumentException if the path is malformed
     */
    public Builder basePath(String basePath) {
      if (basePath == null || !(basePath.equals("/") || basePath.matches("(/[A-Za-z0-9._~-]+)+"))) {
        throw new IllegalArgumentException(
            "status page: basePath must be / or look like /status or /ops/status, was \""
                + basePath
                + "\"");
      }
      this.basePath = basePath;
      return this;
    }

    /**
     * Sets the page's title (default {@code Levee status: } and the monitor's name).
     *
     * @param title the title
     * @return this builder
     */
    public Builder title(String title) {
      this.title = Objects.requireNonNull(title, "title");
      return this;
    }

    /**
     * Sets who may see details (default: loopback callers); others see statuses only.
     *
     * @param details the policy
     * @return this builder
     */
    public Builder details(DetailPolicy details) {
      this.details = Objects.requireNonNull(details, "details");
      return this;
    }

    /**
     * Sets the application's own lines (a phase, a version), read at each answer; details only.
     *
     * @param info the lines by label
     * @return this builder
     */
    public Builder info(Supplier<? extends Map<String, String>> info) {
      this.info = Objects.requireNonNull(info, "info");
      return this;
    }

    /**
     * Shows the breakers of a registry, as they come and go.
     *
     * @param registry the registry
     * @return this builder
     */
    public Builder circuitBreakers(Registry<CircuitBreaker, ?> registry) {
      Objects.requireNonNull(registry, "registry");
      return circuitBreakers(registry::all);
    }

    /**
     * Shows the breakers {@code breakers} gives, read at each answer and each sample.
     *
     * @param breakers the breakers by name
     * @return this builder
     */
    public Builder circuitBreakers(Supplier<? extends Map<String, CircuitBreaker>> breakers) {
      this.breakers = Objects.requireNonNull(breakers, "breakers");
      return this;
    }

    /**
     * Shows the rate limiters of a registry.
     *
     * @param registry the registry
     * @return this builder
     */
    public Builder rateLimiters(Registry<RateLimiter, ?> registry) {
      Objects.requireNonNull(registry, "registry");
      this.rateLimiters = registry::all;
      return this;
    }

    /**
     * Shows the bulkheads of a registry.
     *
     * @param registry the registry
     * @return this builder
     */
    public Builder bulkheads(Registry<Bulkhead, ?> registry) {
      Objects.requireNonNull(registry, "registry");
      this.bulkheads = registry::all;
      return this;
    }

    /**
     * Shows the retries of a registry.
     *
     * @param registry the registry
     * @return this builder
     */
    public Builder retries(Registry<Retry, ?> registry) {
      Objects.requireNonNull(registry, "registry");
      this.retries = registry::all;
      return this;
    }

    /**
     * Builds the page and starts its sampler on the monitor's scheduler.
     *
     * @return the page; close it (or the monitor) to stop the sampler
     * @throws IllegalStateException if the monitor is closed
     */
    public StatusPage build() {
      if (monitor.isClosed()) {
        throw new IllegalStateException(
            "status page: the health monitor \"" + monitor.name() + "\" is closed");
      }
      return new StatusPage(this);
    }
  }
}
