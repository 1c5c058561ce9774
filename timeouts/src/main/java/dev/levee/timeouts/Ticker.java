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
   * The ticker backed by {@link System#nanoTime()}.
   *
   * @return the system ticker
   */
  static Ticker system() {
    return SystemTicker.INSTANCE;
  }
}
