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
 * the breaker's call refused it, so the dependency was never called) and a {@link
 * java.util.concurrent.CancellationException} (the work was cancelled, by its caller or by a {@link
 * Hedge} whose other attempt won) free the permit and record nothing; otherwise the {@code
 * classifier} decides, and {@link dev.levee.errors.ErrorCategory#INVALID_INPUT} is ignored (the
 * caller's fault says nothing about the dependency) while every other category is a failure. A
 * result that {@code failOnResult} matches (an HTTP 503 response object, say) is a failure too.
 * Ignored calls free their permit and count in {@link CircuitBreaker#ignoredCount()} only.
 *
 * <p>This class is immutable and thread-safe. It is a class rather than a record so that options
 * can be added without breaking callers: build it with {@link #builder(String)} or {@link
 * #toBuilder(String)}.
 */
public final class CircuitBreakerConfig {

  /** The largest count window. */
  public static final int MAX_WINDOW_SIZE = 1 << 19;

  /** The finest time-window bucket. */
  public static final Duration MIN_BUCKET = Duration.ofMillis(100);

  /** The most buckets a time window may have. */
  public static final int MAX_BUCKETS = 10_000;

  /** The most probes half-open may allow at once. */
  public static final int MAX_HALF_OPEN_CALLS = 255;

  private static final Duration MAX_DURATION = Duration.ofDays(365);

  private final String label;
  private final TripMode tripMode;
  private final int failureThreshold;
  private final int windowSize;
  private final Duration windowDuration;
  private final Duration bucketDuration;
  private final int minimumCalls;
  private final double failureRateThreshold;
  private final Duration slowCallDuration;
  private final double slowCallRateThreshold;
  private final Duration openDuration;
  private final double openBackoffMultiplier;
  private final Duration maxOpenDuration;
  private final int halfOpenMaxCalls;
  private final int successThreshold;
  private final Duration halfOpenMaxWait;
  private final ErrorClassifier classifier;
  private final Predicate<? super Throwable> recordIf;
  private final Predicate<? super Throwable> ignoreIf;
  private final Predicate<Object> failOnResult;
  private final Ticker ticker;
  private final Clock clock;
  // What the builder held, so that toBuilder keeps a default a default (not a choice).
  private final Integer minimumCallsAsSet;
  private final Duration maxOpenDurationAsSet;

  private CircuitBreakerConfig(Builder b) {
    label = b.label;
    tripMode = b.tripMode;
    failureThreshold = b.failureThreshold;
    windowSize = b.windowSize;
    windowDuration = b.windowDuration;
    bucketDuration = b.bucketDuration;
    minimumCallsAsSet = b.minimumCalls;
    maxOpenDurationAsSet = b.maxOpenDuration;
    minimumCalls =
        b.minimumCalls != null
            ? b.minimumCalls
            : tripMode == TripMode.COUNT_WINDOW
                ? Math.min(DEFAULT_MINIMUM_CALLS, windowSize)
                : DEFAULT_MINIMUM_CALLS;
    failureRateThreshold = b.failureRateThreshold;
    slowCallDuration = b.slowCallDuration;
    slowCallRateThreshold = b.slowCallRateThreshold;
    openDuration = b.openDuration;
    openBackoffMultiplier = b.openBackoffMultiplier;
    // Without an open backoff (multiplier 1), the cap only matters to a growing duration: an open
    // duration above the default cap must not fail on a value nobody set.
    maxOpenDuration =
        openBackoffMultiplier == 1.0 && openDuration.compareTo(b.maxOpenDuration) > 0
            ? openDuration
            : b.maxOpenDuration;
    halfOpenMaxCalls = b.halfOpenMaxCalls;
    successThreshold = b.successThreshold;
    halfOpenMaxWait = b.halfOpenMaxWait;
    classifier = b.classifier;
    recordIf = b.recordIf;
    ignoreIf = b.ignoreIf;
    failOnResult = b.failOnResult;
    ticker = b.ticker;
    clock = b.clock;
    checkRules();
  }

  /** The rules between values; each setter of the builder has checked its own value already. */
  private void checkRules() {
    Rules c = new Rules("circuitBreaker", label);
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

  /**
   * The label that names this configuration (or breaker) in validation messages.
   *
   * @return the label
   */
  public String label() {
    return label;
  }

  /**
   * How the closed breaker decides to open.
   *
   * @return the trip mode
   */
  public TripMode tripMode() {
    return tripMode;
  }

  /**
   * Failures in a row that open the breaker ({@link TripMode#CONSECUTIVE_FAILURES}).
   *
   * @return the count
   */
  public int failureThreshold() {
    return failureThreshold;
  }

  /**
   * Calls in the window ({@link TripMode#COUNT_WINDOW}).
   *
   * @return the count
   */
  public int windowSize() {
    return windowSize;
  }

  /**
   * The time the window spans ({@link TripMode#TIME_WINDOW}).
   *
   * @return the duration
   */
  public Duration windowDuration() {
    return windowDuration;
  }

  /**
   * The time window's resolution.
   *
   * @return the duration
   */
  public Duration bucketDuration() {
    return bucketDuration;
  }

  /**
   * Calls recorded in the window before a rate is judged: as set, or the default (20, or a smaller
   * count window's size).
   *
   * @return the count
   */
  public int minimumCalls() {
    return minimumCalls;
  }

  /**
   * The failure percentage, in (0,100], that opens the breaker.
   *
   * @return the percentage
   */
  public double failureRateThreshold() {
    return failureRateThreshold;
  }

  /**
   * What counts as a slow call.
   *
   * @return the duration, or {@code null} when slow calls are not detected
   */
  public Duration slowCallDuration() {
    return slowCallDuration;
  }

  /**
   * The slow-call percentage, in (0,100], that opens the breaker.
   *
   * @return the percentage
   */
  public double slowCallRateThreshold() {
    return slowCallRateThreshold;
  }

  /**
   * How long the breaker stays open the first time.
   *
   * @return the duration
   */
  public Duration openDuration() {
    return openDuration;
  }

  /**
   * How much longer each consecutive re-open lasts (1 = never longer).
   *
   * @return the multiplier
   */
  public double openBackoffMultiplier() {
    return openBackoffMultiplier;
  }

  /**
   * The cap on a grown open duration.
   *
   * @return the duration
   */
  public Duration maxOpenDuration() {
    return maxOpenDuration;
  }

  /**
   * Probe calls allowed at once in half-open.
   *
   * @return the count
   */
  public int halfOpenMaxCalls() {
    return halfOpenMaxCalls;
  }

  /**
   * Probe successes that close the breaker.
   *
   * @return the count
   */
  public int successThreshold() {
    return successThreshold;
  }

  /**
   * How long a probe may stay uncompleted before its slot is reclaimed.
   *
   * @return the duration
   */
  public Duration halfOpenMaxWait() {
    return halfOpenMaxWait;
  }

  /**
   * What categorises exceptions.
   *
   * @return the classifier
   */
  public ErrorClassifier classifier() {
    return classifier;
  }

  /**
   * Exceptions that count as failures whatever their category.
   *
   * @return the predicate, or {@code null} if none
   */
  public Predicate<? super Throwable> recordIf() {
    return recordIf;
  }

  /**
   * Exceptions that are ignored whatever their category.
   *
   * @return the predicate, or {@code null} if none
   */
  public Predicate<? super Throwable> ignoreIf() {
    return ignoreIf;
  }

  /**
   * Results that count as failures.
   *
   * @return the predicate, or {@code null} if none
   */
  public Predicate<Object> failOnResult() {
    return failOnResult;
  }

  /**
   * What measures open durations, slow calls and time windows.
   *
   * @return the ticker
   */
  public Ticker ticker() {
    return ticker;
  }

  /**
   * What stamps transitions and rejections.
   *
   * @return the clock
   */
  public Clock clock() {
    return clock;
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
   * Whether {@code other} is a configuration with the same values (predicates, classifier, ticker
   * and clock compared with their own {@code equals}).
   *
   * @param other the object to compare with
   * @return {@code true} if equal
   */
  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof CircuitBreakerConfig)) {
      return false;
    }
    CircuitBreakerConfig o = (CircuitBreakerConfig) other;
    return Objects.equals(label, o.label)
        && Objects.equals(tripMode, o.tripMode)
        && failureThreshold == o.failureThreshold
        && windowSize == o.windowSize
        && Objects.equals(windowDuration, o.windowDuration)
        && Objects.equals(bucketDuration, o.bucketDuration)
        && minimumCalls == o.minimumCalls
        && Double.compare(failureRateThreshold, o.failureRateThreshold) == 0
        && Objects.equals(slowCallDuration, o.slowCallDuration)
        && Double.compare(slowCallRateThreshold, o.slowCallRateThreshold) == 0
        && Objects.equals(openDuration, o.openDuration)
        && Double.compare(openBackoffMultiplier, o.openBackoffMultiplier) == 0
        && Objects.equals(maxOpenDuration, o.maxOpenDuration)
        && halfOpenMaxCalls == o.halfOpenMaxCalls
        && successThreshold == o.successThreshold
        && Objects.equals(halfOpenMaxWait, o.halfOpenMaxWait)
        && Objects.equals(classifier, o.classifier)
        && Objects.equals(recordIf, o.recordIf)
        && Objects.equals(ignoreIf, o.ignoreIf)
        && Objects.equals(failOnResult, o.failOnResult)
        && Objects.equals(ticker, o.ticker)
        && Objects.equals(clock, o.clock);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        label,
        tripMode,
        failureThreshold,
        windowSize,
        windowDuration,
        bucketDuration,
        minimumCalls,
        failureRateThreshold,
        slowCallDuration,
        slowCallRateThreshold,
        openDuration,
        openBackoffMultiplier,
        maxOpenDuration,
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

  @Override
  public String toString() {
    return "CircuitBreakerConfig["
        + "label="
        + label
        + ", "
        + "tripMode="
        + tripMode
        + ", "
        + "failureThreshold="
        + failureThreshold
        + ", "
        + "windowSize="
        + windowSize
        + ", "
        + "windowDuration="
        + windowDuration
        + ", "
        + "bucketDuration="
        + bucketDuration
        + ", "
        + "minimumCalls="
        + minimumCalls
        + ", "
        + "failureRateThreshold="
        + failureRateThreshold
        + ", "
        + "slowCallDuration="
        + slowCallDuration
        + ", "
        + "slowCallRateThreshold="
        + slowCallRateThreshold
        + ", "
        + "openDuration="
        + openDuration
        + ", "
        + "openBackoffMultiplier="
        + openBackoffMultiplier
        + ", "
        + "maxOpenDuration="
        + maxOpenDuration
        + ", "
        + "halfOpenMaxCalls="
        + halfOpenMaxCalls
        + ", "
        + "successThreshold="
        + successThreshold
        + ", "
        + "halfOpenMaxWait="
        + halfOpenMaxWait
        + ", "
        + "classifier="
        + classifier
        + ", "
        + "recordIf="
        + recordIf
        + ", "
        + "ignoreIf="
        + ignoreIf
        + ", "
        + "failOnResult="
        + failOnResult
        + ", "
        + "ticker="
        + ticker
        + ", "
        + "clock="
        + clock
        + "]";
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
      minimumCalls = c.minimumCallsAsSet;
      failureRateThreshold = c.failureRateThreshold;
      slowCallDuration = c.slowCallDuration;
      slowCallRateThreshold = c.slowCallRateThreshold;
      openDuration = c.openDuration;
      openBackoffMultiplier = c.openBackoffMultiplier;
      maxOpenDuration = c.maxOpenDurationAsSet;
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
      return new CircuitBreakerConfig(this);
    }
  }
}
