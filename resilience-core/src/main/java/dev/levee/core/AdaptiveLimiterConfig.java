package dev.levee.core;

import dev.levee.core.internal.Rules;
import dev.levee.errors.ErrorClassifier;
import dev.levee.errors.ErrorClassifiers;
import dev.levee.timeouts.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How an {@link AdaptiveLimiter} behaves: which algorithm moves its limit, the bounds and the
 * starting point of the limit, how much of each proposed change is applied, how samples are grouped
 * into windows, and how long a measured no-load latency is trusted. Build it with {@link
 * #builder(String)}; {@link Builder#build()} checks every value, naming it: {@code adaptiveLimiter
 * "db": minLimit must be at most maxLimit (50), was 80}.
 *
 * <p>The ticker, clock and classifier are held by reference: every limiter built from one
 * configuration uses the same ones (each limiter has its own limit and samples). Two configurations
 * are equal when their values are equal and they hold the same objects (by their own {@code
 * equals}).
 *
 * <p>This class is immutable and thread-safe. It is a class rather than a record so that options
 * can be added without breaking callers: build it with {@link #builder(String)} or {@link
 * #toBuilder(String)}.
 */
public final class AdaptiveLimiterConfig {
  /**
   * What moves the limit at the end of each sample window. All three see the same window: the
   * average and least round-trip time (RTT) of the calls that ended in it, how many were dropped
   * (refused or timed out), the most calls in flight, and the rejections; all three compare the RTT
   * with the no-load RTT (the baseline, see {@link AdaptiveLimiter}); none grows the limit while
   * the calls in flight stay under half of it (the limit is not what holds the caller back).
   *
   * <p>Why three: they trade speed against stability differently, and dependencies differ. A
   * gradient suits most dependencies and is the default: it follows latency proportionally and
   * settles within a few windows. Vegas moves by small steps and keeps a few calls queued: steadier
   * when latency is noisy, slower to follow a change. AIMD ignores latency until it doubles, and
   * otherwise reacts only to drops: for a dependency that says clearly when it is overloaded (503,
   * 429) but whose latency says little (a cache, a queue).
   */
  public enum Algorithm {
    /**
     * Proportional to the latency gradient, as in Netflix's {@code Gradient2Limit} and Envoy's
     * adaptive concurrency filter: the next limit is {@code limit × clamp(baseline / rtt, 0.5, 1) +
     * sqrt(limit)}. When calls queue, {@code limit × baseline / rtt} is the dependency's own
     * concurrency (Little's law), so the limit lands next to it in one step, plus {@code
     * sqrt(limit)} calls of headroom so that it keeps probing upwards; it never more than halves in
     * one window, so one slow window cannot collapse it. A drop multiplies it by 0.9 as well.
     */
    GRADIENT,

    /**
     * Delay-based like TCP Vegas, as in Netflix's {@code VegasLimit}: the queue the calls build is
     * estimated as {@code limit × (1 - baseline / rtt)}; with {@code d = max(1, log10(limit))}, a
     * queue of at most {@code d} grows the limit by {@code 6d}, under {@code 3d} by {@code d}, over
     * {@code 6d} shrinks it by {@code d}; in between it stays. A drop shrinks it by {@code d}.
     */
    VEGAS,

    /**
     * Additive increase, multiplicative decrease, as in TCP Reno and Netflix's {@code AIMDLimit}: a
     * window with a drop, or whose average RTT is above twice the baseline, multiplies the limit by
     * 0.9; a window that used the limit adds 1.
     */
    AIMD
  }

  private final String label;
  private final Algorithm algorithm;
  private final int initialLimit;
  private final int minLimit;
  private final int maxLimit;
  private final double smoothing;
  private final Duration sampleWindow;
  private final int minSamples;
  private final Duration baselineRefresh;
  private final Ticker ticker;
  private final Clock clock;
  private final ErrorClassifier classifier;

  private AdaptiveLimiterConfig(Builder b) {
    label = b.label;
    algorithm = b.algorithm;
    initialLimit = b.initialLimit;
    minLimit = b.minLimit;
    maxLimit = b.maxLimit;
    smoothing = b.smoothing;
    sampleWindow = b.sampleWindow;
    minSamples = b.minSamples;
    baselineRefresh = b.baselineRefresh;
    ticker = b.ticker;
    clock = b.clock;
    classifier = b.classifier;
    Rules r = new Rules("adaptiveLimiter", label);
    r.set("algorithm", algorithm);
    r.range("maxLimit", maxLimit, 1, MAX_LIMIT);
    r.range("minLimit", minLimit, 1, MAX_LIMIT);
    r.check(minLimit <= maxLimit, "minLimit must be at most maxLimit (" + maxLimit + ")", minLimit);
    r.check(
        initialLimit >= minLimit && initialLimit <= maxLimit,
        "initialLimit must be in [minLimit,maxLimit] ([" + minLimit + "," + maxLimit + "])",
        initialLimit);
    r.check(smoothing > 0 && smoothing <= 1, "smoothing must be in (0,1]", smoothing);
    r.set("sampleWindow", sampleWindow);
    r.check(
        sampleWindow.compareTo(Duration.ofMillis(1)) >= 0
            && sampleWindow.compareTo(Duration.ofMinutes(1)) <= 0,
        "sampleWindow must be in [1ms, 1m]",
        Rules.show(sampleWindow));
    r.range("minSamples", minSamples, 1, 100_000);
    r.set("baselineRefresh", baselineRefresh);
    r.check(
        baselineRefresh.compareTo(sampleWindow) >= 0
            && baselineRefresh.compareTo(Duration.ofHours(1)) <= 0,
        "baselineRefresh must be in [sampleWindow, 1h] ([" + Rules.show(sampleWindow) + ", 1h])",
        Rules.show(baselineRefresh));
  }

  /** The largest limit a configuration may name. */
  private static final int MAX_LIMIT = 1_000_000;

  /**
   * The label that names this configuration in validation messages.
   *
   * @return the label
   */
  public String label() {
    return label;
  }

  /**
   * What moves the limit (default {@link Algorithm#GRADIENT}).
   *
   * @return the algorithm
   */
  public Algorithm algorithm() {
    return algorithm;
  }

  /**
   * The limit before any sample (default 20).
   *
   * @return a value in [{@link #minLimit()}, {@link #maxLimit()}]
   */
  public int initialLimit() {
    return initialLimit;
  }

  /**
   * The least the limit may fall to (default 1).
   *
   * @return at least 1
   */
  public int minLimit() {
    return minLimit;
  }

  /**
   * The most the limit may grow to (default 1000).
   *
   * @return at most 1,000,000
   */
  public int maxLimit() {
    return maxLimit;
  }

  /**
   * The share of each window's proposed change that is applied (default 0.5): 1 moves straight to
   * the proposal, lower values average proposals over several windows, trading speed for calm.
   *
   * @return a value in (0, 1]
   */
  public double smoothing() {
    return smoothing;
  }

  /**
   * The shortest sample window (default 100 ms): the limit changes at most once per window.
   *
   * @return a duration in [1ms, 1m]
   */
  public Duration sampleWindow() {
    return sampleWindow;
  }

  /**
   * The fewest samples (calls ended) a window needs before it closes (default 10): a window stays
   * open past {@link #sampleWindow()} until it has them.
   *
   * @return a count in [1, 100000]
   */
  public int minSamples() {
    return minSamples;
  }

  /**
   * How long a measured no-load RTT is trusted without being seen again (default 10 s); then the
   * limiter halves its limit for one window so that queues drain and measures it afresh.
   *
   * @return a duration in [{@link #sampleWindow()}, 1h]
   */
  public Duration baselineRefresh() {
    return baselineRefresh;
  }

  /**
   * What measures round trips (read once when a call starts and once when it ends).
   *
   * @return the ticker
   */
  public Ticker ticker() {
    return ticker;
  }

  /**
   * What stamps the rejection exception.
   *
   * @return the clock
   */
  public Clock clock() {
    return clock;
  }

  /**
   * What classifies failures for {@link AdaptiveLimiter#onFailure(long, Throwable)}.
   *
   * @return the classifier
   */
  public ErrorClassifier classifier() {
    return classifier;
  }

  /**
   * Starts a configuration with the defaults: gradient, 20 to start, within [1, 1000], smoothing
   * 0.5, windows of at least 100 ms and 10 samples, baseline refreshed after 10 s.
   *
   * @param label names the configuration in validation messages
   * @return a builder
   */
  public static Builder builder(String label) {
    return new Builder(Objects.requireNonNull(label, "label"));
  }

  /**
   * Starts a builder holding this configuration's values.
   *
   * @param label the new configuration's label
   * @return a builder
   */
  public Builder toBuilder(String label) {
    Builder b = new Builder(Objects.requireNonNull(label, "label"));
    b.algorithm = algorithm;
    b.initialLimit = initialLimit;
    b.minLimit = minLimit;
    b.maxLimit = maxLimit;
    b.smoothing = smoothing;
    b.sampleWindow = sampleWindow;
    b.minSamples = minSamples;
    b.baselineRefresh = baselineRefresh;
    b.ticker = ticker;
    b.clock = clock;
    b.classifier = classifier;
    return b;
  }

  /**
   * Whether {@code other} is a configuration with the same values and objects.
   *
   * @param other the object to compare with
   * @return {@code true} if equal
   */
  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof AdaptiveLimiterConfig)) {
      return false;
    }
    AdaptiveLimiterConfig o = (AdaptiveLimiterConfig) other;
    return label.equals(o.label)
        && algorithm == o.algorithm
        && initialLimit == o.initialLimit
        && minLimit == o.minLimit
        && maxLimit == o.maxLimit
        && Double.compare(smoothing, o.smoothing) == 0
        && sampleWindow.equals(o.sampleWindow)
        && minSamples == o.minSamples
        && baselineRefresh.equals(o.baselineRefresh)
        && ticker.equals(o.ticker)
        && clock.equals(o.clock)
        && classifier.equals(o.classifier);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        label,
        algorithm,
        initialLimit,
        minLimit,
        maxLimit,
        smoothing,
        sampleWindow,
        minSamples,
        baselineRefresh,
        ticker,
        clock,
        classifier);
  }

  @Override
  public String toString() {
    return "AdaptiveLimiterConfig[label="
        + label
        + ", algorithm="
        + algorithm
        + ", initialLimit="
        + initialLimit
        + ", minLimit="
        + minLimit
        + ", maxLimit="
        + maxLimit
        + ", smoothing="
        + smoothing
        + ", sampleWindow="
        + Rules.show(sampleWindow)
        + ", minSamples="
        + minSamples
        + ", baselineRefresh="
        + Rules.show(baselineRefresh)
        + ", ticker="
        + ticker
        + ", clock="
        + clock
        + ", classifier="
        + classifier
        + "]";
  }

  /** Builds an {@link AdaptiveLimiterConfig}. Not thread-safe; {@link #build()} checks it all. */
  public static final class Builder {
    private final String label;
    private Algorithm algorithm = Algorithm.GRADIENT;
    private int initialLimit = 20;
    private int minLimit = 1;
    private int maxLimit = 1000;
    private double smoothing = 0.5;
    private Duration sampleWindow = Duration.ofMillis(100);
    private int minSamples = 10;
    private Duration baselineRefresh = Duration.ofSeconds(10);
    private Ticker ticker = Ticker.system();
    private Clock clock = Clock.systemUTC();
    private ErrorClassifier classifier = ErrorClassifiers.defaults();

    private Builder(String label) {
      this.label = label;
    }

    /**
     * Sets what moves the limit (default {@link Algorithm#GRADIENT}).
     *
     * @param algorithm the algorithm
     * @return this builder
     */
    public Builder algorithm(Algorithm algorithm) {
      this.algorithm = algorithm;
      return this;
    }

    /**
     * Sets the limit before any sample (default 20).
     *
     * @param initialLimit in [minLimit, maxLimit]
     * @return this builder
     */
    public Builder initialLimit(int initialLimit) {
      this.initialLimit = initialLimit;
      return this;
    }

    /**
     * Sets the least the limit may fall to (default 1).
     *
     * @param minLimit in [1, maxLimit]
     * @return this builder
     */
    public Builder minLimit(int minLimit) {
      this.minLimit = minLimit;
      return this;
    }

    /**
     * Sets the most the limit may grow to (default 1000).
     *
     * @param maxLimit in [minLimit, 1000000]
     * @return this builder
     */
    public Builder maxLimit(int maxLimit) {
      this.maxLimit = maxLimit;
      return this;
    }

    /**
     * Sets the share of each proposed change that is applied (default 0.5).
     *
     * @param smoothing in (0, 1]
     * @return this builder
     */
    public Builder smoothing(double smoothing) {
      this.smoothing = smoothing;
      return this;
    }

    /**
     * Sets the shortest sample window (default 100 ms).
     *
     * @param sampleWindow in [1ms, 1m]
     * @return this builder
     */
    public Builder sampleWindow(Duration sampleWindow) {
      this.sampleWindow = sampleWindow;
      return this;
    }

    /**
     * Sets the fewest samples a window needs before it closes (default 10).
     *
     * @param minSamples in [1, 100000]
     * @return this builder
     */
    public Builder minSamples(int minSamples) {
      this.minSamples = minSamples;
      return this;
    }

    /**
     * Sets how long a measured no-load RTT is trusted without being seen again (default 10 s).
     *
     * @param baselineRefresh in [sampleWindow, 1h]
     * @return this builder
     */
    public Builder baselineRefresh(Duration baselineRefresh) {
      this.baselineRefresh = baselineRefresh;
      return this;
    }

    /**
     * Sets the ticker that measures round trips.
     *
     * @param ticker the ticker
     * @return this builder
     */
    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /**
     * Sets the clock that stamps the rejection.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets the classifier that tells drops (TRANSIENT) from other failures.
     *
     * @param classifier the classifier
     * @return this builder
     */
    public Builder classifier(ErrorClassifier classifier) {
      this.classifier = Objects.requireNonNull(classifier, "classifier");
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @return the configuration
     * @throws IllegalArgumentException naming the field, the value and the rule
     * @throws NullPointerException naming a required value left unset
     */
    public AdaptiveLimiterConfig build() {
      return new AdaptiveLimiterConfig(this);
    }
  }
}
