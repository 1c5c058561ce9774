package dev.levee.timeouts;

import dev.levee.common.internal.DurationFormat;
import java.time.Duration;

/**
 * Writes durations the way Levee's messages and configuration do: {@code 5s}, {@code 150ms}, {@code
 * 2m}. Thread-safe; every method is a pure function.
 */
public final class Durations {
  private Durations() {}

  /**
   * A duration in nanoseconds, saturated instead of overflowing: a duration beyond about 292 years
   * (a "wait forever" such as {@code Duration.ofSeconds(Long.MAX_VALUE)}) gives {@link
   * Long#MAX_VALUE}, and its negative counterpart {@link Long#MIN_VALUE}.
   *
   * @param duration the duration
   * @return its nanoseconds, saturated
   */
  public static long saturatedNanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException tooLong) {
      return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  /**
   * Formats {@code duration} in the largest unit that represents it exactly: {@code 2m}, {@code
   * 90s}, {@code 1500ms}, {@code 250us}, {@code 7ns}; {@code 0s} for zero. Durations beyond the
   * range of a {@code long} of nanoseconds are written in seconds.
   *
   * @param duration the duration
   * @return its short form
   */
  public static String format(Duration duration) {
    return DurationFormat.format(duration);
  }

  /**
   * Formats a measured duration for people: rounded to milliseconds from one millisecond up ({@code
   * 311ms}, {@code 2s}, {@code 1500ms}), exact below ({@code 250us}).
   *
   * @param duration the duration
   * @return its short, rounded form
   */
  public static String human(Duration duration) {
    return DurationFormat.human(duration);
  }
}
