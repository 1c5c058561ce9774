package dev.levee.http.admission;

import dev.levee.common.internal.Require;
import dev.levee.core.AdaptiveLimiter;
import dev.levee.core.RateLimiter;
import dev.levee.http.HttpEndpoint;
import dev.levee.http.internal.GuardedEndpoint;
import dev.levee.timeouts.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/**
 * Admission control for an application's incoming requests: decides, before the application sees a
 * request, whether to serve it or to shed it with a 503, so that an overloaded server answers the
 * requests it takes in good time instead of every request late. Server-independent: the adapters
 * put it in front of a Jakarta Servlet container ({@link dev.levee.http.servlet.AdmissionFilter}),
 * Undertow ({@link dev.levee.http.undertow.AdmissionHandler}), the JDK's {@code HttpServer} ({@link
 * dev.levee.http.jdk.JdkAdmissionFilter}) and Levee's own {@link dev.levee.http.EndpointServer}
 * ({@link #guard(HttpEndpoint)}).
 *
 * <pre>{@code
 * Admission admission = Admission.builder("api")
 *     .limiter(AdaptiveLimiter.of("api", AdaptiveLimiterConfig.builder("api").build()))
 *     .rateLimiter(RateLimiter.of("api", RateLimiterConfig.builder("api")
 *         .limit(500, Duration.ofSeconds(1)).build()))
 *     .criticalHeader("X-Priority", "critical")
 *     .build();
 * }</pre>
 *
 * <p>Every request gets one of three priorities ({@link #classify}):
 *
 * <ul>
 *   <li>{@link Priority#PROBE}: health probes ({@code /health} and below unless {@linkplain
 *       Builder#probePaths configured}) are never shed and never counted: an orchestrator that sees
 *       its probes refused restarts a server that was only busy.
 *   <li>{@link Priority#CRITICAL}: requests a {@linkplain Builder#critical predicate} or a
 *       {@linkplain Builder#criticalHeader header} marks; they may use the whole concurrency limit
 *       and are never refused by the rate limiter, so they are shed only once the limit is full.
 *   <li>{@link Priority#SHEDDABLE}: the rest; they may use only {@linkplain Builder#sheddableShare
 *       a share} of the concurrency limit (0.8) and need a permit of the rate limiter, so they are
 *       shed first.
 * </ul>
 *
 * <p>A shed request gets 503 with {@code Retry-After} (the rate limiter's interval, rounded up to
 * whole seconds, when the rate limiter refused it; else {@linkplain Builder#retryAfter the
 * configured value}, 1 s), {@code Cache-Control: no-store} and {@code {"error":"overloaded: ..."}}.
 * It is counted by priority and {@linkplain ShedReason reason}, and logged at most once a second
 * with a count of the lines suppressed.
 *
 * <p>An admitted request holds a place in the {@linkplain Builder#limiter concurrency limiter}
 * until its {@link AdmissionDecision} is finished, with the response's outcome: a response below
 * 500 is a latency sample; 429, 503 and 504 (the application, or what it called, refusing work or
 * timing out) and an asynchronous request that timed out are drops, which shrink the limit; another
 * 5xx is ignored (a bug is not load); an exception is given to the limiter to classify (a TRANSIENT
 * error or a time-out is a drop). The concurrency limit is taken before the rate limiter, so a
 * request the rate limiter refuses gives its place back at once (unsampled) and uses no rate
 * permit, and a request the concurrency limit refuses uses no rate permit either.
 *
 * <p>A marker header is only as trustworthy as whoever sets it: any client can send {@code
 * X-Priority: critical}. Set or strip it at the edge (a gateway), or mark critical requests by what
 * a client cannot forge ({@link AdmissionRequest#unwrap} gives the server's request: its
 * authenticated user, say).
 *
 * <p>Deciding takes no lock and, for a probe or a shed request, allocates nothing; an admitted
 * request allocates its decision. This class is thread-safe.
 */
public final class Admission {
  private static final AdmissionDecision PROBE = AdmissionDecision.probe();

  /** A request's priority: what decides when it is shed. */
  public enum Priority {
    /** A health probe: never shed, never counted. */
    PROBE,
    /** Shed only when the whole concurrency limit is taken; never refused by the rate limiter. */
    CRITICAL,
    /** Shed first: may use only a share of the concurrency limit and needs a rate permit. */
    SHEDDABLE;

    /**
     * The lowercase name, as metrics tag it.
     *
     * @return {@code probe}, {@code critical} or {@code sheddable}
     */
    public String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Why a request was shed. */
  public enum ShedReason {
    /** The requests in progress had taken all of the limit the request's priority may use. */
    CONCURRENCY_LIMIT,
    /** The rate limiter had no permit for it. */
    RATE_LIMIT;

    /**
     * The lowercase name, as metrics tag it.
     *
     * @return {@code concurrency_limit} or {@code rate_limit}
     */
    public String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** What the concurrency limiter is told when an admitted request finishes. */
  public enum Outcome {
    /** A response below 500 (but 429): a latency sample. */
    SUCCESS,
    /** 429, 503, 504 or a timeout: the application was overloaded; the limit should shrink. */
    DROPPED,
    /** Another 5xx, no response, or no capacity signal at all: only the place is given back. */
    IGNORED,
    /** The application threw: the limiter classifies the error. */
    FAILED;

    /**
     * The lowercase name, as metrics tag it.
     *
     * @return {@code success}, {@code dropped}, {@code ignored} or {@code failed}
     */
    public String tag() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Outcome ofStatus(int status) {
      if (status < 100 || status > 599) {
        return IGNORED;
      }
      if (status == 429 || status == 503 || status == 504) {
        return DROPPED;
      }
      return status >= 500 ? IGNORED : SUCCESS;
    }
  }

  private final String name;
  private final ConcurrencyLimit limit;
  private final RateLimiter rateLimiter;
  private final String[] probePaths;
  private final Predicate<AdmissionRequest> probes;
  private final Predicate<AdmissionRequest> critical;
  private final String criticalHeader;
  private final String criticalValue;
  private final double sheddableShare;
  private final Shedding shedding;
  private final LongAdder[] admitted = adders(Priority.values().length);
  private final LongAdder[] finished = adders(Outcome.values().length);
  private final LongAdder inFlight = new LongAdder();

  private Admission(Builder b) {
    this.name = b.name;
    this.limit = b.limit;
    this.rateLimiter = b.rateLimiter;
    this.probePaths = b.probePaths.toArray(new String[0]);
    this.probes = b.probes;
    this.critical = b.critical;
    this.criticalHeader = b.criticalHeader;
    this.criticalValue = b.criticalValue;
    this.sheddableShare = b.sheddableShare;
    int configured = seconds(b.retryAfter);
    int rate =
        rateLimiter == null
            ? configured
            : (int)
                Math.min(
                    Integer.MAX_VALUE,
                    Math.max(1, ceilDiv(rateLimiter.config().intervalNanos(), 1_000_000_000L)));
    this.shedding = new Shedding(name, b.ticker, configured, rate);
  }

  /**
   * Starts configuring admission control.
   *
   * @param name names it in logs and metrics
   * @return a builder
   * @throws IllegalArgumentException if the name is blank
   */
  public static Builder builder(String name) {
    return new Builder(Require.notBlank("admission: name", name));
  }

  /**
   * The name given to the builder.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Decides one request. An admitted decision must be finished when the response is done (see
   * {@link AdmissionDecision}); the adapters do it.
   *
   * @param request the request
   * @return the decision: admitted, or shed with the answer to send
   */
  public AdmissionDecision admit(AdmissionRequest request) {
    Priority priority = classify(request);
    if (priority == Priority.PROBE) {
      return PROBE;
    }
    long permit = 0;
    if (limit != null) {
      permit = limit.tryAcquire(priority == Priority.CRITICAL ? 1.0 : sheddableShare);
      if (permit == ConcurrencyLimit.REJECTED) {
        return shedding.shed(priority, ShedReason.CONCURRENCY_LIMIT);
      }
    }
    if (priority == Priority.SHEDDABLE && rateLimiter != null && !rateLimiter.tryAcquire()) {
      if (limit != null) {
        limit.onIgnored(permit); // it never started: no sample
      }
      return shedding.shed(priority, ShedReason.RATE_LIMIT);
    }
    admitted[priority.ordinal()].increment();
    inFlight.increment();
    return AdmissionDecision.admitted(this, priority, permit);
  }

  /**
   * The priority {@link #admit} gives a request: a probe, else critical, else sheddable.
   *
   * @param request the request
   * @return its priority
   */
  public Priority classify(AdmissionRequest request) {
    Objects.requireNonNull(request, "request");
    String path = request.path();
    for (String base : probePaths) {
      if (path.startsWith(base)
          && (path.length() == base.length() || path.charAt(base.length()) == '/')) {
        return Priority.PROBE;
      }
    }
    if (probes != null && probes.test(request)) {
      return Priority.PROBE;
    }
    if (criticalHeader != null) {
      String value = request.header(criticalHeader);
      if (value != null && value.trim().equalsIgnoreCase(criticalValue)) {
        return Priority.CRITICAL;
      }
    }
    return critical != null && critical.test(request) ? Priority.CRITICAL : Priority.SHEDDABLE;
  }

  /**
   * Wraps an endpoint so that its requests are admitted first: for Levee's own {@link
   * dev.levee.http.EndpointServer}, which then decides on its I/O thread, so a shed request never
   * waits for a worker, and gives an admitted request's place back when the endpoint has answered.
   * Through the other adapters ({@code EndpointServlet}, {@code EndpointHandler}) it decides when
   * the endpoint is called. An {@link dev.levee.http.HttpRequest} carries only the {@code Accept}
   * and {@code Authorization} headers: a {@linkplain Builder#criticalHeader marker header} is not
   * seen through it.
   *
   * @param endpoint the application's endpoint
   * @return an endpoint with the same base path that admits before it answers
   */
  public HttpEndpoint guard(HttpEndpoint endpoint) {
    return new GuardedEndpoint(this, Objects.requireNonNull(endpoint, "endpoint"));
  }

  /**
   * Requests of a priority admitted since this was built.
   *
   * @param priority {@link Priority#CRITICAL} or {@link Priority#SHEDDABLE}
   * @return the count
   * @throws IllegalArgumentException for {@link Priority#PROBE}: probes are not counted
   */
  public long admittedCount(Priority priority) {
    return admitted[counted(priority).ordinal()].sum();
  }

  /**
   * Requests of a priority shed for a reason since this was built.
   *
   * @param priority {@link Priority#CRITICAL} or {@link Priority#SHEDDABLE}
   * @param reason why
   * @return the count
   * @throws IllegalArgumentException for {@link Priority#PROBE}: probes are never shed
   */
  public long shedCount(Priority priority, ShedReason reason) {
    return shedding.count(counted(priority), Objects.requireNonNull(reason, "reason"));
  }

  /**
   * Admitted requests finished with an outcome since this was built.
   *
   * @param outcome the outcome
   * @return the count
   */
  public long finishedCount(Outcome outcome) {
    return finished[Objects.requireNonNull(outcome, "outcome").ordinal()].sum();
  }

  /**
   * Admitted requests not yet finished (probes are not counted). A number that stays above zero
   * with no traffic is a leak: a decision that was never finished.
   *
   * @return the count
   */
  public long inFlight() {
    return inFlight.sum();
  }

  /**
   * The concurrency limiter admitted requests take a place of.
   *
   * @return the limiter, or {@code null}
   */
  public AdaptiveLimiter limiter() {
    return limit instanceof AdaptiveLimit a ? a.limiter() : null;
  }

  /**
   * The rate limiter sheddable requests need a permit of.
   *
   * @return the rate limiter, or {@code null}
   */
  public RateLimiter rateLimiter() {
    return rateLimiter;
  }

  /** Called once per admitted decision, by the decision. */
  void release(long permit, Outcome outcome, Throwable error) {
    inFlight.decrement();
    finished[outcome.ordinal()].increment();
    if (limit == null) {
      return;
    }
    switch (outcome) {
      case SUCCESS -> limit.onSuccess(permit);
      case DROPPED -> limit.onDropped(permit);
      case IGNORED -> limit.onIgnored(permit);
      case FAILED -> limit.onFailure(permit, error);
    }
  }

  private static Priority counted(Priority priority) {
    if (Objects.requireNonNull(priority, "priority") == Priority.PROBE) {
      throw new IllegalArgumentException("admission: probes are never shed nor counted");
    }
    return priority;
  }

  private static LongAdder[] adders(int n) {
    LongAdder[] a = new LongAdder[n];
    for (int i = 0; i < n; i++) {
      a[i] = new LongAdder();
    }
    return a;
  }

  private static int seconds(Duration d) {
    return (int) ceilDiv(d.toMillis(), 1000);
  }

  private static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }

  @Override
  public String toString() {
    return "Admission[" + name + ", " + inFlight() + " in flight]";
  }

  /**
   * Configures {@link Admission}. Each setter checks its value at once; {@link #build()} copies
   * what it needs, so later changes to the builder do not reach a built {@link Admission}. Not
   * thread-safe.
   */
  public static final class Builder {
    private final String name;
    private ConcurrencyLimit limit;
    private RateLimiter rateLimiter;
    private final List<String> probePaths = new ArrayList<>(List.of("/health"));
    private Predicate<AdmissionRequest> probes;
    private Predicate<AdmissionRequest> critical;
    private String criticalHeader;
    private String criticalValue;
    private double sheddableShare = 0.8;
    private Duration retryAfter = Duration.ofSeconds(1);
    private Ticker ticker = Ticker.system();

    private Builder(String name) {
      this.name = name;
    }

    /**
     * Sets the concurrency limiter every admitted request (but probes) takes a place of until its
     * response is done: critical requests may use its whole limit, sheddable ones {@linkplain
     * #sheddableShare a share}. Its limit follows the application's latency; a request it refuses
     * is shed with {@link ShedReason#CONCURRENCY_LIMIT}. Give admission a limiter of its own: one
     * shared with outgoing calls would count both.
     *
     * @param limiter the limiter
     * @return this builder
     */
    public Builder limiter(AdaptiveLimiter limiter) {
      this.limit = new AdaptiveLimit(Objects.requireNonNull(limiter, "limiter"));
      return this;
    }

    /** Sets the concurrency limit as it is used (tests give a fixed one). */
    Builder concurrencyLimit(ConcurrencyLimit limit) {
      this.limit = Objects.requireNonNull(limit, "limit");
      return this;
    }

    /**
     * Sets the rate limiter sheddable requests need a permit of; critical requests and probes do
     * not use it.
     *
     * @param rateLimiter the limiter
     * @return this builder
     */
    public Builder rateLimiter(RateLimiter rateLimiter) {
      this.rateLimiter = Objects.requireNonNull(rateLimiter, "rateLimiter");
      return this;
    }

    /**
     * Sets the base paths of probes, which are never shed and never counted: a request for a base
     * path or below it ({@code /health} covers {@code /health/ready}, not {@code /healthz}) is a
     * probe. Replaces the default, {@code /health}; none at all leaves only {@link #probes}.
     *
     * @param basePaths paths starting with {@code /}, without a trailing {@code /}
     * @return this builder
     * @throws IllegalArgumentException naming a path that does not start with {@code /} or ends
     *     with one
     */
    public Builder probePaths(String... basePaths) {
      List<String> paths = new ArrayList<>();
      for (String p : Objects.requireNonNull(basePaths, "basePaths")) {
        if (p == null || !p.startsWith("/") || (p.length() > 1 && p.endsWith("/"))) {
          throw new IllegalArgumentException(
              "admission \""
                  + name
                  + "\": a probe path must start with '/' and not end with one, was "
                  + (p == null ? "null" : "\"" + p + "\""));
        }
        paths.add(p);
      }
      probePaths.clear();
      probePaths.addAll(paths);
      return this;
    }

    /**
     * Adds a test for probes, beside {@link #probePaths}: a request it accepts is never shed and
     * never counted. It runs for every request, on the server's thread (an I/O thread for Undertow
     * and Levee's server): it must be quick and must not block.
     *
     * @param probes the test
     * @return this builder
     */
    public Builder probes(Predicate<AdmissionRequest> probes) {
      this.probes = Objects.requireNonNull(probes, "probes");
      return this;
    }

    /**
     * Sets the test for critical requests, beside {@link #criticalHeader}. It runs for every
     * request that is not a probe, on the server's thread: it must be quick and must not block.
     *
     * @param critical the test
     * @return this builder
     */
    public Builder critical(Predicate<AdmissionRequest> critical) {
      this.critical = Objects.requireNonNull(critical, "critical");
      return this;
    }

    /**
     * Marks as critical the requests that carry a header with a value (compared without case and
     * surrounding spaces), such as {@code X-Priority: critical}. See the class description on who
     * may set it.
     *
     * @param name the header's name
     * @param value the value that marks a request critical
     * @return this builder
     * @throws IllegalArgumentException if either is blank
     */
    public Builder criticalHeader(String name, String value) {
      this.criticalHeader = Require.notBlank("admission \"" + this.name + "\": header name", name);
      this.criticalValue =
          Require.notBlank("admission \"" + this.name + "\": header value", value).trim();
      return this;
    }

    /**
     * Sets the share of the concurrency limit sheddable requests may use (default 0.8): they are
     * admitted while fewer than {@code max(1, floor(limit × share))} requests are in progress;
     * critical ones while fewer than the limit are.
     *
     * @param share in (0, 1]
     * @return this builder
     * @throws IllegalArgumentException if outside (0, 1]
     */
    public Builder sheddableShare(double share) {
      if (!(share > 0 && share <= 1)) {
        throw new IllegalArgumentException(
            "admission \"" + name + "\": sheddableShare must be in (0, 1], was " + share);
      }
      this.sheddableShare = share;
      return this;
    }

    /**
     * Sets the {@code Retry-After} of requests shed by the concurrency limit (default 1 s), and of
     * every shed request when there is no rate limiter; rounded up to whole seconds.
     *
     * @param retryAfter in [1 s, 1 h]
     * @return this builder
     */
    public Builder retryAfter(Duration retryAfter) {
      this.retryAfter =
          Require.inRange(
              "admission \"" + name + "\": retryAfter",
              retryAfter,
              Duration.ofSeconds(1),
              Duration.ofHours(1));
      return this;
    }

    /**
     * Sets the ticker that spaces the log lines about shed requests (a manual one in tests).
     *
     * @param ticker the ticker
     * @return this builder
     */
    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /**
     * Builds the admission control.
     *
     * @return it
     * @throws IllegalStateException if neither a concurrency limiter nor a rate limiter was given:
     *     there would be nothing to admit by
     */
    public Admission build() {
      if (limit == null && rateLimiter == null) {
        throw new IllegalStateException(
            "admission \""
                + name
                + "\": neither a concurrency limiter nor a rate limiter was given, so nothing"
                + " would ever be shed");
      }
      return new Admission(this);
    }
  }
}
