package dev.levee.core;

import dev.levee.core.internal.Rules;
import dev.levee.timeouts.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link Bulkhead} behaves: how many calls may be in flight at once, and how long a call may
 * wait for a place. Immutable; build it with {@link #builder(String)}.
 *
 * @param label names the configuration in validation messages
 * @param maxConcurrent calls allowed in flight at once, at least 1 (default 25)
 * @param maxWait how long a call may wait for a place, in [0, 1h]; zero (the default) rejects at
 *     once
 * @param ticker times the rate-limited rejection log
 * @param clock stamps the rejection exception
 */
public record BulkheadConfig(
    String label, int maxConcurrent, Duration maxWait, Ticker ticker, Clock clock) {

  /**
   * Checks the values. Each parameter is the record component of the same name.
   *
   * @param label see {@link #label()}
   * @param maxConcurrent see {@link #maxConcurrent()}
   * @param maxWait see {@link #maxWait()}
   * @param ticker see {@link #ticker()}
   * @param clock see {@link #clock()}
   * @throws IllegalArgumentException naming the field, the value and the rule
   */
  public BulkheadConfig {
    Rules r = new Rules("bulkhead", label);
    r.atLeast("maxConcurrent", maxConcurrent, 1);
    r.set("maxWait", maxWait);
    r.check(
        !maxWait.isNegative() && maxWait.compareTo(Duration.ofHours(1)) <= 0,
        "maxWait must be in [0, 1h]",
        Rules.show(maxWait));
    r.set("ticker", ticker);
    r.set("clock", clock);
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
      return new BulkheadConfig(label, maxConcurrent, maxWait, ticker, clock);
    }
  }
}
