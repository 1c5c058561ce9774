package dev.levee.core;

import dev.levee.core.internal.Rules;
import dev.levee.timeouts.Sleeper;
import dev.levee.timeouts.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link RateLimiter} behaves: {@code permits} per {@code period}, with bursts of up to
 * {@code burst} permits after a quiet spell. Immutable; build it with {@link #builder(String)}.
 *
 * @param label names the configuration in validation messages
 * @param permits permits per period, at least 1
 * @param period the period, at least 1 microsecond
 * @param burst the most permits granted at once after a quiet spell (the bucket's size), at least
 *     1; by default {@code permits}
 * @param prefetch permits the limiter may hand out without reading its ticker, 0 to {@code burst /
 *     2}; by default {@code min(64, burst / 64)} (0 below a burst of 64). See {@link RateLimiter}
 *     for what it costs in precision.
 * @param ticker measures time
 * @param sleeper waits in {@link RateLimiter#acquire(Duration)}
 * @param clock stamps rejections
 */
public record RateLimiterConfig(
    String label,
    int permits,
    Duration period,
    int burst,
    int prefetch,
    Ticker ticker,
    Sleeper sleeper,
    Clock clock) {

  /**
   * Checks the values. Each parameter is the record component of the same name.
   *
   * @param label see {@link #label()}
   * @param permits see {@link #permits()}
   * @param period see {@link #period()}
   * @param burst see {@link #burst()}
   * @param prefetch see {@link #prefetch()}
   * @param ticker see {@link #ticker()}
   * @param sleeper see {@link #sleeper()}
   * @param clock see {@link #clock()}
   * @throws IllegalArgumentException naming the field, the value and the rule
   */
  public RateLimiterConfig {
    Rules r = new Rules("rateLimiter", label);
    r.atLeast("permits", permits, 1);
    r.set("period", period);
    r.check(
        period.compareTo(Duration.ofNanos(1000)) >= 0 && period.compareTo(Duration.ofDays(1)) <= 0,
        "period must be in [1us, 1d]",
        Rules.show(period));
    r.check(
        period.toNanos() / permits >= 1,
        "permits per period must leave at least 1ns per permit",
        permits + " per " + Rules.show(period));
    r.atLeast("burst", burst, 1);
    long interval = (period.toNanos() + permits - 1) / permits;
    r.check(
        burst <= MAX_SPAN_NANOS / interval,
        "burst must refill within 146 years (burst * period / permits)",
        burst + " at " + permits + " per " + Rules.show(period));
    r.check(
        prefetch >= 0 && prefetch <= burst / 2,
        "prefetch must be in [0, burst / 2 = " + burst / 2 + "]",
        prefetch);
    r.set("ticker", ticker);
    r.set("sleeper", sleeper);
    r.set("clock", clock);
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

  /** The longest a full bucket may take to refill: 2^62 ns, about 146 years. */
  private static final long MAX_SPAN_NANOS = 1L << 62;

  /**
   * The time between permits at the steady rate, rounded up so that the limiter never grants more
   * than {@code permits} per {@code period}.
   *
   * @return the emission interval in nanoseconds
   */
  public long intervalNanos() {
    return (period.toNanos() + permits - 1) / permits;
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

  /** Builds a {@link RateLimiterConfig}. Not thread-safe. */
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
     * Builds the configuration.
     *
     * @return the configuration
     */
    public RateLimiterConfig build() {
      int b = burst == null ? permits : burst;
      return new RateLimiterConfig(
          label,
          permits,
          period,
          b,
          prefetch == null ? defaultPrefetch(b) : prefetch,
          ticker,
          sleeper,
          clock);
    }
  }
}
