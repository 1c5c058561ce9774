package dev.levee.core;

import dev.levee.core.internal.Rules;
import dev.levee.timeouts.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link KeyedRateLimiter} behaves: every key gets {@code permits} per {@code period}, with
 * bursts of up to {@code burst}; at most {@code maxKeys} keys are held, a key whose bucket has been
 * full for {@code idleTimeout} may be evicted, and a new key that finds no room is handled as
 * {@link Overflow} says. Build it with {@link #builder(String)}; setters check their value at once
 * and {@link Builder#build()} the rules between values, with messages that name the field, the
 * value and the rule: {@code keyedRateLimiter "peers": maxKeys must be in [1,1073741824], was 0}.
 *
 * <p>Defaults: 100 permits per second, a burst of {@code permits}, 10,000 keys, evicted after a
 * minute of idleness, {@link Overflow#SHARED_BUCKET}.
 *
 * <p>This class is immutable and thread-safe. It is a class rather than a record so that options
 * can be added without breaking callers: build it with {@link #builder(String)} or {@link
 * #toBuilder(String)}. Two configurations are equal when their values are equal and they hold the
 * same ticker and clock.
 */
public final class KeyedRateLimiterConfig {
  /** The most keys a limiter may be configured to hold. */
  public static final int MAX_KEYS = 1 << 30;

  /** What a new key gets when the limiter holds {@code maxKeys} keys and none of them is idle. */
  public enum Overflow {
    /**
     * It shares one extra bucket, with the same limit as a key's, with every other key that found
     * no room: the limiter still limits (all such keys together get one key's rate), memory stays
     * bounded, and each such decision is counted ({@link KeyedRateLimiter#overflowedCount()}) and
     * logged at most once a second. The price: a key served by the shared bucket and then given a
     * bucket of its own can get up to two keys' worth of permits in one period.
     */
    SHARED_BUCKET,

    /**
     * It is refused (counted as overflowed and rejected, logged at most once a second): no key ever
     * gets more than its own limit, and keys that arrive while the limiter is full get nothing
     * until one is evicted.
     */
    REJECT
  }

  private final String label;
  private final int permits;
  private final Duration period;
  private final int burst;
  private final Integer burstAsSet; // so that toBuilder keeps a default a default
  private final int maxKeys;
  private final Duration idleTimeout;
  private final Overflow overflow;
  private final Ticker ticker;
  private final Clock clock;

  private KeyedRateLimiterConfig(Builder b) {
    label = b.label;
    permits = b.permits;
    period = b.period;
    burstAsSet = b.burst;
    burst = b.burst == null ? permits : b.burst;
    maxKeys = b.maxKeys;
    idleTimeout = b.idleTimeout;
    overflow = b.overflow;
    ticker = b.ticker;
    clock = b.clock;
    RateLimiterConfig.checkRate(new Rules("keyedRateLimiter", label), permits, period, burst);
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
   * Permits per period, for each key.
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
   * The most permits a key gets at once after a quiet spell (its bucket's size): as set, or {@code
   * permits}.
   *
   * @return the count, at least 1
   */
  public int burst() {
    return burst;
  }

  /**
   * The most keys the limiter holds.
   *
   * @return the count, 1 to {@link #MAX_KEYS}
   */
  public int maxKeys() {
    return maxKeys;
  }

  /**
   * How long a key's bucket must have been full (no permit taken, none owed) before the key may be
   * evicted. Evicting a full bucket changes no decision: the key comes back with a full bucket.
   *
   * @return the duration, positive, at most a day
   */
  public Duration idleTimeout() {
    return idleTimeout;
  }

  /**
   * What a new key gets when the limiter is full.
   *
   * @return the policy
   */
  public Overflow overflow() {
    return overflow;
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
   * What stamps rejections.
   *
   * @return the clock
   */
  public Clock clock() {
    return clock;
  }

  /**
   * The time between a key's permits at the steady rate, rounded up so that no key gets more than
   * {@code permits} per {@code period}.
   *
   * @return the emission interval in nanoseconds
   */
  public long intervalNanos() {
    return RateLimiterConfig.interval(permits, period);
  }

  /**
   * Starts a configuration with the defaults.
   *
   * @param label names the configuration in validation messages
   * @return a builder
   */
  public static Builder builder(String label) {
    return new Builder(Objects.requireNonNull(label, "label"));
  }

  /**
   * Starts a builder holding this configuration's values; a burst that was not set stays unset, so
   * it follows the permits the copy is given.
   *
   * @param label the new configuration's label
   * @return a builder
   */
  public Builder toBuilder(String label) {
    Builder b = new Builder(Objects.requireNonNull(label, "label"));
    b.permits = permits;
    b.period = period;
    b.burst = burstAsSet;
    b.maxKeys = maxKeys;
    b.idleTimeout = idleTimeout;
    b.overflow = overflow;
    b.ticker = ticker;
    b.clock = clock;
    return b;
  }

  /**
   * Whether {@code other} is a configuration with the same values, ticker and clock.
   *
   * @param other the object to compare with
   * @return {@code true} if equal
   */
  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof KeyedRateLimiterConfig)) {
      return false;
    }
    KeyedRateLimiterConfig o = (KeyedRateLimiterConfig) other;
    return label.equals(o.label)
        && permits == o.permits
        && period.equals(o.period)
        && burst == o.burst
        && maxKeys == o.maxKeys
        && idleTimeout.equals(o.idleTimeout)
        && overflow == o.overflow
        && ticker.equals(o.ticker)
        && clock.equals(o.clock);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        label, permits, period, burst, maxKeys, idleTimeout, overflow, ticker, clock);
  }

  @Override
  public String toString() {
    return "KeyedRateLimiterConfig[label="
        + label
        + ", permits="
        + permits
        + ", period="
        + period
        + ", burst="
        + burst
        + ", maxKeys="
        + maxKeys
        + ", idleTimeout="
        + idleTimeout
        + ", overflow="
        + overflow
        + ", ticker="
        + ticker
        + ", clock="
        + clock
        + "]";
  }

  /**
   * Builds a {@link KeyedRateLimiterConfig}. Setters check their value at once; {@link #build()}
   * checks the period and the rules between values. Not thread-safe; a built configuration never
   * changes.
   */
  public static final class Builder {
    private final String label;
    private final Rules rules;
    private int permits = 100;
    private Duration period = Duration.ofSeconds(1);
    private Integer burst;
    private int maxKeys = 10_000;
    private Duration idleTimeout = Duration.ofMinutes(1);
    private Overflow overflow = Overflow.SHARED_BUCKET;
    private Ticker ticker = Ticker.system();
    private Clock clock = Clock.systemUTC();

    private Builder(String label) {
      this.label = label;
      this.rules = new Rules("keyedRateLimiter", label);
    }

    /**
     * Allows each key {@code permits} per {@code period}.
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
     * @param period the period, in [1us, 1d] (checked by {@link #build()})
     * @return this builder
     */
    public Builder period(Duration period) {
      this.period = Objects.requireNonNull(period, "period");
      return this;
    }

    /**
     * Sets the most permits a key gets at once after a quiet spell (default: {@code permits}).
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
     * Sets the most keys held at once (default 10,000). Each costs about 64 bytes besides the key
     * itself (a map node and a bucket).
     *
     * @param maxKeys 1 to {@link #MAX_KEYS}
     * @return this builder
     */
    public Builder maxKeys(int maxKeys) {
      rules.range("maxKeys", maxKeys, 1, MAX_KEYS);
      this.maxKeys = maxKeys;
      return this;
    }

    /**
     * Sets how long a key's bucket must have been full before the key may be evicted (default 1
     * minute).
     *
     * @param idleTimeout positive, at most a day
     * @return this builder
     */
    public Builder idleTimeout(Duration idleTimeout) {
      rules.positive("idleTimeout", idleTimeout, Duration.ofDays(1), "1d");
      this.idleTimeout = idleTimeout;
      return this;
    }

    /**
     * Sets what a new key gets when the limiter is full (default {@link Overflow#SHARED_BUCKET}).
     *
     * @param overflow the policy
     * @return this builder
     */
    public Builder overflow(Overflow overflow) {
      this.overflow = Objects.requireNonNull(overflow, "overflow");
      return this;
    }

    /**
     * Sets the ticker (a manual one in tests, a coarse one for cheaper decisions).
     *
     * @param ticker the ticker
     * @return this builder
     */
    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
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
    public KeyedRateLimiterConfig build() {
      return new KeyedRateLimiterConfig(this);
    }
  }
}
