package dev.levee.core;

import dev.levee.core.internal.Rules;
import dev.levee.timeouts.Sleeper;
import dev.levee.timeouts.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link RateLimiter} behaves: {@code permits} per {@code period}, with bursts of up to
 * {@code burst} permits after a quiet spell. Build it with {@link #builder(String)}; setters check
 * their value at once and {@link Builder#build()} the rules between values, with messages that name
 * the field, the value and the rule: {@code rateLimiter "partner": prefetch must be in [0, burst /
 * 2 = 10], was 11}.
 *
 * <p>The ticker, sleeper and clock are held by reference: every limiter built from one
 * configuration uses the same ones (each limiter has its own bucket). Two configurations are equal
 * when their values are equal and they hold the same ticker, sleeper and clock (by their own {@code
 * equals}).
 *
 * <p>This class is immutable and thread-safe. It is a class rather than a record so that options
 * can be added without breaking callers: build it with {@link #builder(String)} or {@link
 * #toBuilder(String)}.
 */
public final class RateLimiterConfig {
  private final String label;
  private final int permits;
  private final Duration period;
  private final int burst;
  private final int prefetch;
  private final Ticker ticker;
  private final Sleeper sleeper;
  private final Clock clock;
  // What the builder held, so that toBuilder keeps a default a default (not a choice): a copy with
  // other permits gets the burst and prefetch that follow from them unless these were set.
  private final Integer burstAsSet;
  private final Integer prefetchAsSet;

  private RateLimiterConfig(Builder b) {
    label = b.label;
    permits = b.permits;
    period = b.period;
    burstAsSet = b.burst;
    prefetchAsSet = b.prefetch;
    burst = b.burst == null ? permits : b.burst;
    prefetch = b.prefetch == null ? defaultPrefetch(burst) : b.prefetch;
    ticker = b.ticker;
    sleeper = b.sleeper;
    clock = b.clock;
    checkRules();
  }

  /** The rules between values, and the period (whose setter only checks that it is set). */
  private void checkRules() {
    Rules r = new Rules("rateLimiter", label);
    checkRate(r, permits, period, burst);
    r.check(
        prefetch >= 0 && prefetch <= burst / 2,
        "prefetch must be in [0, burst / 2 = " + burst / 2 + "]",
        prefetch);
  }

  /**
   * The label that names this configuration in validation messages.
   *
   * @return the label
   */
  public String label() {
    return label;
  }

  /**
   * Permits per period.
   *
   * @return the count, at least 1
   */
  public int permits() {
    return permits;
  }

  /**
   * The period.
   *
   * @return the period, in [1us, 1d]
   */
  public Duration period() {
    return period;
  }

  /**
   * The most permits granted at once after a quiet spell (the bucket's size): as set, or {@code
   * permits}.
   *
   * @return the count, at least 1
   */
  public int burst() {
    return burst;
  }

  /**
   * Permits the limiter may hand out without reading its ticker: as set, or {@link
   * #defaultPrefetch(int) min(64, burst / 64)} (0 below a burst of 64). See {@link RateLimiter} for
   * what it costs in precision.
   *
   * @return the count, 0 to {@code burst / 2}
   */
  public int prefetch() {
    return prefetch;
  }

  /**
   * What measures time.
   *
   * @return the ticker
   */
  public Ticker ticker() {
    return ticker;
  }

  /**
   * How {@link RateLimiter#acquire(Duration)} waits.
   *
   * @return the sleeper
   */
  public Sleeper sleeper() {
    return sleeper;
  }

  /**
   * What stamps rejections.
   *
   * @return the clock
   */
  public Clock clock() {
    return clock;
  }

  /**
   * Starts a configuration: 100 permits per second unless told otherwise.
   *
   * @param label names the configuration in validation messages
   * @return a builder
   */
  public static Builder builder(String label) {
    return new Builder(Objects.requireNonNull(label, "label"));
  }

  /**
   * Starts a builder holding this configuration's values; a burst or prefetch that was not set
   * stays unset, so it follows the permits the copy is given.
   *
   * @param label the new configuration's label
   * @return a builder
   */
  public Builder toBuilder(String label) {
    Builder b = new Builder(Objects.requireNonNull(label, "label"));
    b.permits = permits;
    b.period = period;
    b.burst = burstAsSet;
    b.prefetch = prefetchAsSet;
    b.ticker = ticker;
    b.sleeper = sleeper;
    b.clock = clock;
    return b;
  }

  /** The longest a full bucket may take to refill: 2^62 ns, about 146 years. */
  private static final long MAX_SPAN_NANOS = 1L << 62;

  /**
   * The rules of a token bucket's rate, shared with {@link KeyedRateLimiterConfig}: a period in
   * [1us, 1d], at least 1ns per permit, and a burst that refills within 2^62 ns.
   */
  static void checkRate(Rules r, int permits, Duration period, int burst) {
    r.check(
        period.compareTo(Duration.ofNanos(1000)) >= 0 && period.compareTo(Duration.ofDays(1)) <= 0,
        "period must be in [1us, 1d]",
        Rules.show(period));
    r.check(
        period.toNanos() / permits >= 1,
        "permits per period must leave at least 1ns per permit",
        permits + " per " + Rules.show(period));
    r.check(
        burst <= MAX_SPAN_NANOS / interval(permits, period),
        "burst must refill within 146 years (burst * period / permits)",
        burst + " at " + permits + " per " + Rules.show(period));
  }

  /** Nanoseconds between permits at the steady rate, rounded up. */
  static long interval(int permits, Duration period) {
    return (period.toNanos() + permits - 1) / permits;
  }

  /**
   * The time between permits at the steady rate, rounded up so that the limiter never grants more
   * than {@code permits} per {@code period}.
   *
   * @return the emission interval in nanoseconds
   */
  public long intervalNanos() {
    return interval(permits, period);
  }

  /**
   * The prefetch a configuration gets unless told otherwise: {@code min(64, burst / 64)}.
   *
   * @param burst the bucket's size
   * @return the default prefetch, 0 below a burst of 64
   */
  public static int defaultPrefetch(int burst) {
    return Math.min(64, burst / 64);
  }

  /**
   * Whether {@code other} is a configuration with the same values, ticker, sleeper and clock.
   *
   * @param other the object to compare with
   * @return {@code true} if equal
   */
  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof RateLimiterConfig)) {
      return false;
    }
    RateLimiterConfig o = (RateLimiterConfig) other;
    return label.equals(o.label)
        && permits == o.permits
        && period.equals(o.period)
        && burst == o.burst
        && prefetch == o.prefetch
        && ticker.equals(o.ticker)
        && sleeper.equals(o.sleeper)
        && clock.equals(o.clock);
  }

  @Override
  public int hashCode() {
    return Objects.hash(label, permits, period, burst, prefetch, ticker, sleeper, clock);
  }

  @Override
  public String toString() {
    return "RateLimiterConfig[label="
        + label
        + ", permits="
        + permits
        + ", period="
        + period
        + ", burst="
        + burst
        + ", prefetch="
        + prefetch
        + ", ticker="
        + ticker
        + ", sleeper="
        + sleeper
        + ", clock="
        + clock
        + "]";
  }

  /**
   * Builds a {@link RateLimiterConfig}. Setters check their value at once; {@link #build()} checks
   * the period and the rules between values. Not thread-safe; a built configuration never changes.
   */
  public static final class Builder {
    private final String label;
    private final Rules rules;
    private int permits = 100;
    private Duration period = Duration.ofSeconds(1);
    private Integer burst;
    private Integer prefetch;
    private Ticker ticker = Ticker.system();
    private Sleeper sleeper = Sleeper.system();
    private Clock clock = Clock.systemUTC();

    private Builder(String label) {
      this.label = label;
      this.rules = new Rules("rateLimiter", label);
    }

    /**
     * Allows {@code permits} per {@code period}.
     *
     * @param permits at least 1
     * @param period the period
     * @return this builder
     */
    public Builder limit(int permits, Duration period) {
      return permits(permits).period(period);
    }

    /**
     * Sets the permits per period, keeping the period (default 100).
     *
     * @param permits at least 1
     * @return this builder
     */
    public Builder permits(int permits) {
      rules.atLeast("permits", permits, 1);
      this.permits = permits;
      return this;
    }

    /**
     * Sets the period, keeping the permits (default 1s).
     *
     * @param period the period
     * @return this builder
     */
    public Builder period(Duration period) {
      this.period = Objects.requireNonNull(period, "period");
      return this;
    }

    /**
     * Sets the most permits granted at once after a quiet spell (default: {@code permits}).
     *
     * @param burst at least 1
     * @return this builder
     */
    public Builder burst(int burst) {
      rules.atLeast("burst", burst, 1);
      this.burst = burst;
      return this;
    }

    /**
     * Sets how many permits the limiter hands out without reading its ticker (default {@code
     * min(64, burst / 64)}); 0 makes every decision read the ticker and the burst exact.
     *
     * @param prefetch 0 to {@code burst / 2}
     * @return this builder
     */
    public Builder prefetch(int prefetch) {
      rules.atLeast("prefetch", prefetch, 0);
      this.prefetch = prefetch;
      return this;
    }

    /**
     * Sets the ticker (a manual one in tests, a coarse one for cheaper checks).
     *
     * @param ticker the ticker
     * @return this builder
     */
    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /**
     * Sets how {@link RateLimiter#acquire(Duration)} waits.
     *
     * @param sleeper the sleeper
     * @return this builder
     */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /**
     * Sets the clock that stamps rejections.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Checks the rules between values and builds.
     *
     * @return the configuration
     * @throws IllegalArgumentException naming the field, the value and the rule
     */
    public RateLimiterConfig build() {
      return new RateLimiterConfig(this);
    }
  }
}
