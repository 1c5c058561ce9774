package dev.levee.timeouts;

import dev.levee.timeouts.internal.SystemTicker;

/**
 * A source of nanosecond time for measuring intervals, like {@link System#nanoTime()}: the value
 * has no relation to wall-clock time and only differences between readings mean anything.
 *
 * <p>Every Levee component reads time through a {@code Ticker} it was given, so tests can pass a
 * {@link dev.levee.timeouts.testing.ManualTicker} and make time pass without sleeping.
 * Implementations must be thread-safe and monotonic.
 */
@FunctionalInterface
public interface Ticker {
  /**
   * Reads the ticker.
   *
   * @return nanoseconds since an arbitrary origin; compare readings only by subtraction
   */
  long read();

  /**
   * The ticker whose time this one reads: readings of tickers with the same base share a scale and
   * an origin, so they can be compared (deadlines on them can be nested). A {@link CoarseTicker}
   * answers its source's base; every other ticker, itself.
   *
   * @return the base, this ticker by default
   */
  default Ticker timeBase() {
    return this;
  }

  /**
   * The ticker backed by {@link System#nanoTime()}.
   *
   * @return the system ticker
   */
  static Ticker system() {
    return SystemTicker.INSTANCE;
  }
}
