package dev.levee.core.internal;

/**
 * The arithmetic of the generic cell rate algorithm (a token bucket kept as one number, the
 * "theoretical arrival time" of the next permit), shared by {@code RateLimiter} and {@code
 * KeyedRateLimiter}: each keeps its arrival times in its own atomic longs and moves them with one
 * CAS; this class only says where a decision may move them. Readings are compared by subtraction,
 * as a wrapping ticker needs.
 *
 * <p>With {@code interval} nanoseconds between permits at the steady rate and a {@code tolerance}
 * of {@code burst × interval}, a bucket whose arrival time is {@code t} grants {@code n} permits at
 * {@code now} if {@link #room} is at least {@code n}, and its next arrival time is then {@code
 * later(t, now) + n × interval}. In any stretch of time {@code T} it grants at most {@code burst +
 * T / interval} permits.
 */
public final class Gcra {
  private Gcra() {}

  /**
   * The later of two ticker readings.
   *
   * @param a a reading
   * @param b another reading
   * @return the later one
   */
  public static long later(long a, long b) {
    return a - b > 0 ? a : b;
  }

  /**
   * Whole permits a bucket grants now.
   *
   * @param arrival the bucket's theoretical arrival time
   * @param now the ticker's reading
   * @param interval nanoseconds per permit
   * @param tolerance how far ahead of {@code now} the arrival time may run: {@code burst ×
   *     interval}
   * @return the permits, negative if the bucket is overdrawn
   */
  public static long room(long arrival, long now, long interval, long tolerance) {
    return (tolerance - (later(arrival, now) - now)) / interval;
  }
}
