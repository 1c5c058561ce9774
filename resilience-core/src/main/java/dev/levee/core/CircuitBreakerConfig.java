package dev.levee.core;

import dev.levee.core.internal.Rules;
import dev.levee.errors.ErrorClassifier;
import dev.levee.errors.ErrorClassifiers;
import dev.levee.timeouts.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * How a {@link CircuitBreaker} behaves. Immutable; build it with {@link #builder(String)}, which
 * checks every value as it is set and the rules between values in {@link Builder#build()}, with
 * messages that name the field, the value and the rule: {@code circuitBreaker "db":
 * failureRateThreshold must be in (0,100], was 140}.
 *
 * <p>What counts as a failure: an exception that {@code ignoreIf} matches is ignored; one that
 * {@code recordIf} matches is a failure; Levee's own refusals ({@link CallNotPermittedException},
 * {@link RequestNotPermittedException}, {@link BulkheadFullException}: a limiter or bulkhead inside
 * the breaker's call refused it, so the dependency was never called) free the permit and record
 * nothing; otherwise the {@code classifier} decides, and {@link
 * dev.levee.errors.ErrorCategory#INVALID_INPUT} is ignored (the caller's fault says nothing about
 * the dependency) while every other category is a failure. A result that {@code failOnResult}
 * matches (an HTTP 503 response object, say) is a failure too. Ignored calls free their permit and
 * count in {@link CircuitBreaker#ignoredCount()} only.
 *
 * @param label names the configuration (or breaker) in validation messages
 * @param tripMode how the closed breaker decides to open
 * @param failureThreshold failures in a row that open it ({@link TripMode#CONSECUTIVE_FAILURES})
 * @param windowSize calls in the window ({@link TripMode#COUNT_WINDOW})
 * @param windowDuration time the window spans ({@link TripMode#TIME_WINDOW})
 * @param bucketDuration the time window's resolution
 * @param minimumCalls calls recorded in the window before a rate is judged
 * @param failureRateThreshold failure percentage, in (0,100], that opens the breaker
 * @param slowCallDuration a call at least this long is slow; {@code null} turns detection off
 * @param slowCallRateThreshold slow-call percentage, in (0,100], that opens the breaker
 * @param openDuration how long the breaker stays open the first time
 * @param openBackoffMultiplier how much longer each consecutive re-open lasts (1 = never longer)
 * @param maxOpenDuration the cap on a grown open duration
 * @param halfOpenMaxCalls probe calls allowed at once in half-open
 * @param successThreshold probe successes that close the breaker
 * @param halfOpenMaxWait a probe not completed within this is reclaimed
 * @param classifier categorises exceptions
 * @param recordIf exceptions that count as failures whatever their category; may be {@code null}
 * @param ignoreIf exceptions that are ignored whatever their category; may be {@code null}
 * @param failOnResult results that count as failures; may be {@code null}
 * @param ticker measures open durations, slow calls and time windows
 * @param clock stamps transitions and rejections
 */
public record CircuitBreakerConfig(
    String label,
    TripMode tripMode,
    int failureThreshold,
    int windowSize,
    Duration windowDuration,
    Duration bucketDuration,
    int minimumCalls,
    double failureRateThreshold,
    Duration slowCallDuration,
    double slowCallRateThreshold,
    Duration openDuration,
    double openBackoffMultiplier,
    Duration maxOpenDuration,
    int halfOpenMaxCalls,
    int successThreshold,
    Duration halfOpenMaxWait,
    ErrorClassifier classifier,
    Predicate<? super Throwable> recordIf,
    Predicate<? super Throwable> ignoreIf,
    Predicate<Object> failOnResult,
    Ticker ticker,
    Clock clock) {

  /** The largest count window. */
  public static final int MAX_WINDOW_SIZE = 1 << 19;

  /** The finest time-window bucket. */
  public static final Duration MIN_BUCKET = Duration.ofMillis(100);

  /** The most buckets a time window may have. */
  public static final int MAX_BUCKETS = 10_000;

  /** The most probes half-open may allow at once. */
  public static final int MAX_HALF_OPEN_CALLS = 255;

  private static final Duration MAX_DURATION = Duration.ofDays(365);

  /**
   * Checks every value and the rules between them; {@link Builder} calls this. Each parameter is
   * the record component of the same name.
   *
   * @param label see {@link #label()}
   * @param tripMode see {@link #tripMode()}
   * @param failureThreshold see {@link #failureThreshold()}
   * @param windowSize see {@link #windowSize()}
   * @param windowDuration see {@link #windowDuration()}
   * @param bucketDuration see {@link #bucketDuration()}
   * @param minimumCalls see {@link #minimumCalls()}
   * @param failureRateThreshold see {@link #failureRateThreshold()}
   * @param slowCallDuration see {@link #slowCallDuration()}
   * @param slowCallRateThreshold see {@link #slowCallRateThreshold()}
   * @param openDuration see {@link #openDuration()}
   * @param openBackoffMultiplier see {@link #openBackoffMultiplier()}
   * @param maxOpenDuration see {@link #maxOpenDuration()}
   * @param halfOpenMaxCalls see {@link #halfOpenMaxCalls()}
   * @param successThreshold see {@link #successThreshold()}
   * @param halfOpenMaxWait see {@link #halfOpenMaxWait()}
   * @param classifier see {@link #classifier()}
   * @param recordIf see {@link #recordIf()}
   * @param ignoreIf see {@link #ignoreIf()}
   * @param failOnResult see {@link #failOnResult()}
   * @param ticker see {@link #ticker()}
   * @param clock see {@link #clock()}
   * @throws IllegalArgumentException naming the field, the value and the rule
   * @throws NullPointerException if a required component is {@code null}
   */
  public CircuitBreakerConfig {
    Rules c = new Rules("circuitBreaker", label);
    c.set("tripMode", tripMode);
    c.atLeast("failureThreshold", failureThreshold, 1);
    c.range("windowSize", windowSize, 1, MAX_WINDOW_SIZE);
    c.positive("windowDuration", windowDuration, MAX_DURATION, "365d");
    c.positive("bucketDuration", bucketDuration, MAX_DURATION, "365d");
    c.atLeast("minimumCalls", minimumCalls, 1);
    c.percent("failureRateThreshold", failureRateThreshold);
    if (slowCallDuration != null) {
      c.positive("slowCallDuration", slowCallDuration, MAX_DURATION, "365d");
    }
    c.percent("slowCallRateThreshold", slowCallRateThreshold);
    c.positive("openDuration", openDuration, MAX_DURATION, "365d");
    c.check(
        openBackoffMultiplier >= 1.0 && openBackoffMultiplier <= 100.0,
        "openBackoffMultiplier must be in [1,100]",
        openBackoffMultiplier);
    c.positive("maxOpenDuration", maxOpenDuration, MAX_DURATION, "365d");
    c.range("halfOpenMaxCalls", halfOpenMaxCalls, 1, MAX_HALF_OPEN_CALLS);
    c.atLeast("successThreshold", successThreshold, 1);
    c.positive("halfOpenMaxWait", halfOpenMaxWait, MAX_DURATION, "365d");
    c.set("classifier", classifier);
    c.set("ticker", ticker);
    c.set("clock", clock);

    c.buckets(
        "windowDuration",
        windowDuration,
        "bucketDuration",
        bucketDuration,
        MAX_BUCKETS,
        " buckets");
    c.check(
        tripMode != TripMode.COUNT_WINDOW || minimumCalls <= windowSize,
        "minimumCalls must be at most windowSize (" + windowSize + ")",
        minimumCalls);
    c.check(
        tripMode != TripMode.CONSECUTIVE_FAILURES || slowCallDuration == null,
        "slowCallDuration needs tripMode COUNT_WINDOW or TIME_WINDOW (slow calls are judged as a"
            + " rate)",
        slowCallDuration == null ? null : Rules.show(slowCallDuration));
    c.check(
        maxOpenDuration.compareTo(openDuration) >= 0,
        "maxOpenDuration must be at least openDuration (" + Rules.show(openDuration) + ")",
        Rules.show(maxOpenDuration));
  }

  /** {@code minimumCalls} when unset: 20, or a smaller count window's size. */
  private static final int DEFAULT_MINIMUM_CALLS = 20;

  /**
   * Starts a configuration with the defaults, labelled {@code label} in validation messages.
   *
   * @param label the configuration's (or breaker's) name
   * @return a builder
   */
  public static Builder builder(String label) {
    return new Builder(Objects.requireNonNull(label, "label"));
  }

  /**
   * The defaults: open after 5 failures in a row, for 30s; 3 probes at once in half-open, 2
   * successes close.
   *
   * @return the default configuration, labelled {@code default}
   */
  public static CircuitBreakerConfig defaults() {
    return builder("default").build();
  }

  /**
   * Starts a builder holding this configuration's values.
   *
   * @param label the new configuration's label
   * @return a builder
   */
  public Builder toBuilder(String label) {
    return new Builder(label, this);
  }

  /**
   * Whether slow calls are detected (a {@code slowCallDuration} is set).
   *
   * @return {@code true} if calls are timed
   */
  public boolean detectsSlowCalls() {
    return slowCallDuration != null;
  }

  /**
   * The open duration after {@code reopens} consecutive re-opens: {@code openDuration ×
   * multiplier^reopens}, capped at {@code maxOpenDuration}.
   *
   * @param reopens consecutive re-opens before this one (0 the first time)
   * @return the open duration in nanoseconds
   */
  public long openNanos(int reopens) {
    double nanos = openDuration.toNanos() * Math.pow(openBackoffMultiplier, reopens);
    return (long) Math.min(nanos, (double) maxOpenDuration.toNanos());
  }

  /**
   * Builds a {@link CircuitBreakerConfig}. Setters check their value at once; {@link #build()}
   * checks the rules between values. Not thread-safe; a built configuration never changes.
   */
  public static final class Builder {
    private final String label;
    private final Rules check;
    private TripMode tripMode = TripMode.CONSECUTIVE_FAILURES;
    private int failureThreshold = 5;
    private int windowSize = 100;
    private Duration windowDuration = Duration.ofSeconds(60);
    private Duration bucketDuration = Duration.ofSeconds(1);
    private Integer minimumCalls; // unset: 20, or the window size if smaller
    private double failureRateThreshold = 50;
    private Duration slowCallDuration;
    private double slowCallRateThreshold = 100;
    private Duration openDuration = Duration.ofSeconds(30);
    private double openBackoffMultiplier = 1.0;
    private Duration maxOpenDuration = Duration.ofMinutes(5);
    private int halfOpenMaxCalls = 3;
    private int successThreshold = 2;
    private Duration halfOpenMaxWait = Duration.ofSeconds(60);
    private ErrorClassifier classifier = ErrorClassifiers.defaults();
    private Predicate<? super Throwable> recordIf;
    private Predicate<? super Throwable> ignoreIf;
    private Predicate<Object> failOnResult;
    private Ticker ticker = Ticker.system();
    private Clock clock = Clock.systemUTC();

    private Builder(String label) {
      this.label = label;
      this.check = new Rules("circuitBreaker", label);
    }

    private Builder(String label, CircuitBreakerConfig c) {
      this(label);
      tripMode = c.tripMode;
      failureThreshold = c.failureThreshold;
      windowSize = c.windowSize;
      windowDuration = c.windowDuration;
      bucketDuration = c.bucketDuration;
      minimumCalls = c.minimumCalls;
      failureRateThreshold = c.failureRateThreshold;
      slowCallDuration = c.slowCallDuration;
      slowCallRateThreshold = c.slowCallRateThreshold;
      openDuration = c.openDuration;
      openBackoffMultiplier = c.openBackoffMultiplier;
      maxOpenDuration = c.maxOpenDuration;
      halfOpenMaxCalls = c.halfOpenMaxCalls;
      successThreshold = c.successThreshold;
      halfOpenMaxWait = c.halfOpenMaxWait;
      classifier = c.classifier;
      recordIf = c.recordIf;
      ignoreIf = c.ignoreIf;
      failOnResult = c.failOnResult;
      ticker = c.ticker;
      clock = c.clock;
    }

    /**
     * Opens after {@code failures} failures in a row (the default mode, with 5).
     *
     * @param failures at least 1
     * @return this builder
     */
    public Builder consecutiveFailures(int failures) {
      check.atLeast("failureThreshold", failures, 1);
      this.tripMode = TripMode.CONSECUTIVE_FAILURES;
      this.failureThreshold = failures;
      return this;
    }

    /**
     * Judges the failure rate over the last {@code size} calls.
     *
     * @param size calls in the window, 1 to {@link #MAX_WINDOW_SIZE}
     * @return this builder
     */
    public Builder countWindow(int size) {
      check.range("windowSize", size, 1, MAX_WINDOW_SIZE);
      this.tripMode = TripMode.COUNT_WINDOW;
      this.windowSize = size;
      return this;
    }

    /**
     * Judges the failure rate over the calls of the last {@code window}, kept in buckets of {@code
     * bucket} (at least 100ms; the window must be a whole number of buckets).
     *
     * @param window the time the window spans
     * @param bucket the window's resolution
     * @return this builder
     */
    public Builder timeWindow(Duration window, Duration bucket) {
      check.positive("windowDuration", window, MAX_DURATION, "365d");
      check.positive("bucketDuration", bucket, MAX_DURATION, "365d");
      this.tripMode = TripMode.TIME_WINDOW;
      this.windowDuration = window;
      this.bucketDuration = bucket;
      return this;
    }

    /**
     * Sets how many calls the window must hold before a rate is judged (default 20, or the count
     * window's size if that is smaller).
     *
     * @param calls at least 1
     * @return this builder
     */
    public Builder minimumCalls(int calls) {
      check.atLeast("minimumCalls", calls, 1);
      this.minimumCalls = calls;
      return this;
    }

    /**
     * Sets the failure percentage that opens the breaker (default 50).
     *
     * @param percent in (0,100]
     * @return this builder
     */
    public Builder failureRateThreshold(double percent) {
      check.percent("failureRateThreshold", percent);
      this.failureRateThreshold = percent;
      return this;
    }

    /**
     * Detects slow calls: those taking at least {@code duration}; the breaker opens when their
     * percentage reaches {@code ratePercent}. Needs a count or time window.
     *
     * @param duration what counts as slow
     * @param ratePercent in (0,100]
     * @return this builder
     */
    public Builder slowCalls(Duration duration, double ratePercent) {
      check.positive("slowCallDuration", duration, MAX_DURATION, "365d");
      check.percent("slowCallRateThreshold", ratePercent);
      this.slowCallDuration = duration;
      this.slowCallRateThreshold = ratePercent;
      return this;
    }

    /**
     * Sets how long the breaker stays open (default 30s).
     *
     * @param duration positive
     * @return this builder
     */
    public Builder openDuration(Duration duration) {
      check.positive("openDuration", duration, MAX_DURATION, "365d");
      this.openDuration = duration;
      return this;
    }

    /**
     * Makes each consecutive re-open (half-open probes failing again) last {@code multiplier} times
     * longer, up to {@code max}.
     *
     * @param multiplier in [1,100]
     * @param max the cap
     * @return this builder
     */
    public Builder openBackoff(double multiplier, Duration max) {
      if (!(multiplier >= 1.0 && multiplier <= 100.0)) {
        throw check.fail("openBackoffMultiplier must be in [1,100]", multiplier);
      }
      check.positive("maxOpenDuration", max, MAX_DURATION, "365d");
      this.openBackoffMultiplier = multiplier;
      this.maxOpenDuration = max;
      return this;
    }

    /**
     * Sets how many probes half-open allows at once (default 3).
     *
     * @param calls 1 to {@link #MAX_HALF_OPEN_CALLS}
     * @return this builder
     */
    public Builder halfOpenMaxCalls(int calls) {
      check.range("halfOpenMaxCalls", calls, 1, MAX_HALF_OPEN_CALLS);
      this.halfOpenMaxCalls = calls;
      return this;
    }

    /**
     * Sets how many probe successes close the breaker (default 2).
     *
     * @param successes at least 1
     * @return this builder
     */
    public Builder successThreshold(int successes) {
      check.atLeast("successThreshold", successes, 1);
      this.successThreshold = successes;
      return this;
    }

    /**
     * Sets how long a probe may stay uncompleted before its slot is reclaimed (default 60s), so a
     * lost permit can never keep the breaker half-open.
     *
     * @param wait positive
     * @return this builder
     */
    public Builder halfOpenMaxWait(Duration wait) {
      check.positive("halfOpenMaxWait", wait, MAX_DURATION, "365d");
      this.halfOpenMaxWait = wait;
      return this;
    }

    /**
     * Sets the classifier (default {@link ErrorClassifiers#defaults()}).
     *
     * @param classifier the classifier
     * @return this builder
     */
    public Builder classifier(ErrorClassifier classifier) {
      this.classifier = check.set("classifier", classifier);
      return this;
    }

    /**
     * Counts exceptions matching {@code predicate} as failures, whatever their category.
     *
     * @param predicate the predicate
     * @return this builder
     */
    public Builder recordIf(Predicate<? super Throwable> predicate) {
      this.recordIf = check.set("recordIf", predicate);
      return this;
    }

    /**
     * Ignores exceptions matching {@code predicate}, whatever their category.
     *
     * @param predicate the predicate
     * @return this builder
     */
    public Builder ignoreIf(Predicate<? super Throwable> predicate) {
      this.ignoreIf = check.set("ignoreIf", predicate);
      return this;
    }

    /**
     * Counts results matching {@code predicate} as failures (an HTTP 503 response, say).
     *
     * @param predicate tested against every result, including {@code null}
     * @return this builder
     */
    public Builder failOnResult(Predicate<Object> predicate) {
      this.failOnResult = check.set("failOnResult", predicate);
      return this;
    }

    /**
     * Sets the ticker (a manual one in tests, a coarse one for cheaper slow-call timing).
     *
     * @param ticker the ticker
     * @return this builder
     */
    public Builder ticker(Ticker ticker) {
      this.ticker = check.set("ticker", ticker);
      return this;
    }

    /**
     * Sets the clock that stamps transitions and rejections.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = check.set("clock", clock);
      return this;
    }

    /**
     * Checks the rules between values and builds.
     *
     * @return the configuration
     * @throws IllegalArgumentException if a rule between values is broken
     */
    public CircuitBreakerConfig build() {
      return new CircuitBreakerConfig(
          label,
          tripMode,
          failureThreshold,
          windowSize,
          windowDuration,
          bucketDuration,
          minimumCalls != null
              ? minimumCalls
              : tripMode == TripMode.COUNT_WINDOW
                  ? Math.min(DEFAULT_MINIMUM_CALLS, windowSize)
                  : DEFAULT_MINIMUM_CALLS,
          failureRateThreshold,
          slowCallDuration,
          slowCallRateThreshold,
          openDuration,
          openBackoffMultiplier,
          // Without an open backoff (multiplier 1), the cap only matters to a growing duration:
          // an open duration above the default cap must not fail on a value nobody set.
          openBackoffMultiplier == 1.0 && openDuration.compareTo(maxOpenDuration) > 0
              ? openDuration
              : maxOpenDuration,
          halfOpenMaxCalls,
          successThreshold,
          halfOpenMaxWait,
          classifier,
          recordIf,
          ignoreIf,
          failOnResult,
          ticker,
          clock);
    }
  }
}
