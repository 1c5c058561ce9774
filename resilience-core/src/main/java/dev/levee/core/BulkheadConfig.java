package dev.levee.core;

import dev.levee.core.internal.Rules;
import dev.levee.timeouts.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link Bulkhead} behaves: how many calls may be in flight at once, and how long a call may
 * wait for a place. Build it with {@link #builder(String)}; {@link Builder#build()} checks every
 * value, naming it: {@code bulkhead "db": maxConcurrent must be at least 1, was 0}.
 *
 * <p>The ticker and clock are held by reference: every bulkhead built from one configuration uses
 * the same ones (each bulkhead has its own places). Two configurations are equal when their values
 * are equal and they hold the same ticker and clock (by their own {@code equals}).
 *
 * <p>This class is immutable and thread-safe. It is a class rather than a record so that options
 * can be added without breaking callers: build it with {@link #builder(String)} or {@link
 * #toBuilder(String)}.
 */
public final class BulkheadConfig {
  private final String label;
  private final int maxConcurrent;
  private final Duration maxWait;
  private final Ticker ticker;
  private final Clock clock;

  private BulkheadConfig(Builder b) {
    label = b.label;
    maxConcurrent = b.maxConcurrent;
    maxWait = b.maxWait;
    ticker = b.ticker;
    clock = b.clock;
    Rules r = new Rules("bulkhead", label);
    r.atLeast("maxConcurrent", maxConcurrent, 1);
    r.set("maxWait", maxWait);
    r.check(
        !maxWait.isNegative() && maxWait.compareTo(Duration.ofHours(1)) <= 0,
        "maxWait must be in [0, 1h]",
        Rules.show(maxWait));
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
   * Calls allowed in flight at once (default 25).
   *
   * @return the count, at least 1
   */
  public int maxConcurrent() {
    return maxConcurrent;
  }

  /**
   * How long a call may wait for a place; zero (the default) rejects at once.
   *
   * @return the duration, in [0, 1h]
   */
  public Duration maxWait() {
    return maxWait;
  }

  /**
   * What times the rate-limited rejection log.
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
   * Starts a configuration: 25 calls at once, no waiting, unless told otherwise.
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
    b.maxConcurrent = maxConcurrent;
    b.maxWait = maxWait;
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
    if (!(other instanceof BulkheadConfig)) {
      return false;
    }
    BulkheadConfig o = (BulkheadConfig) other;
    return label.equals(o.label)
        && maxConcurrent == o.maxConcurrent
        && maxWait.equals(o.maxWait)
        && ticker.equals(o.ticker)
        && clock.equals(o.clock);
  }

  @Override
  public int hashCode() {
    return Objects.hash(label, maxConcurrent, maxWait, ticker, clock);
  }

  @Override
  public String toString() {
    return "BulkheadConfig[label="
        + label
        + ", maxConcurrent="
        + maxConcurrent
        + ", maxWait="
        + maxWait
        + ", ticker="
        + ticker
        + ", clock="
        + clock
        + "]";
  }

  /** Builds a {@link BulkheadConfig}. Not thread-safe; {@link #build()} checks every value. */
  public static final class Builder {
    private final String label;
    private int maxConcurrent = 25;
    private Duration maxWait = Duration.ZERO;
    private Ticker ticker = Ticker.system();
    private Clock clock = Clock.systemUTC();

    private Builder(String label) {
      this.label = label;
    }

    /**
     * Sets how many calls may be in flight at once (default 25).
     *
     * @param maxConcurrent at least 1
     * @return this builder
     */
    public Builder maxConcurrent(int maxConcurrent) {
      this.maxConcurrent = maxConcurrent;
      return this;
    }

    /**
     * Sets how long a call may wait for a place (default zero: reject at once).
     *
     * @param maxWait in [0, 1h]
     * @return this builder
     */
    public Builder maxWait(Duration maxWait) {
      this.maxWait = maxWait;
      return this;
    }

    /**
     * Sets the ticker that paces the rejection log.
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
     * Builds the configuration.
     *
     * @return the configuration
     * @throws IllegalArgumentException naming the field, the value and the rule
     */
    public BulkheadConfig build() {
      return new BulkheadConfig(this);
    }
  }
}
