package dev.levee.common.internal;

import java.time.Duration;

/**
 * How Levee writes durations in messages and configuration: {@code 5s}, {@code 150ms}, {@code 2m}.
 * The public face is {@code dev.levee.timeouts.Durations}; this is the one implementation, here so
 * that {@link Require} words its errors the same way without depending on the timeouts module.
 * Thread-safe; every method is a pure function.
 */
public final class DurationFormat {
  private static final long[] UNITS = {
    3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L, 1L
  };
  private static final String[] SUFFIXES = {"h", "m", "s", "ms", "us", "ns"};

  private DurationFormat() {}

  /**
   * Formats {@code duration} in the largest unit that represents it exactly: {@code 2m}, {@code
   * 90s}, {@code 1500ms}, {@code 250us}, {@code 7ns}; {@code 0s} for zero. Durations beyond the
   * range of a {@code long} of nanoseconds are written in seconds.
   *
   * @param duration the duration
   * @return its short form
   */
  public static String format(Duration duration) {
    if (duration.isZero()) {
      return "0s";
    }
    long nanos;
    try {
      nanos = duration.toNanos();
    } catch (ArithmeticException tooLong) {
      return duration.getSeconds() + "s";
    }
    if (nanos == Long.MIN_VALUE) {
      return nanos + "ns"; // has no positive counterpart
    }
    String sign = nanos < 0 ? "-" : "";
    long magnitude = Math.abs(nanos);
    for (int i = 0; i < UNITS.length; i++) {
      if (magnitude % UNITS[i] == 0) {
        return sign + magnitude / UNITS[i] + SUFFIXES[i];
      }
    }
    throw new AssertionError("every duration is a whole number of nanoseconds");
  }

  /**
   * Formats a measured duration for people: rounded to milliseconds from one millisecond up ({@code
   * 311ms}, {@code 2s}, {@code 1500ms}), exact below ({@code 250us}).
   *
   * @param duration the duration
   * @return its short, rounded form
   */
  public static String human(Duration duration) {
    if (duration.isNegative()) {
      return "-" + human(duration.negated());
    }
    if (duration.compareTo(Duration.ofMillis(1)) < 0) {
      return format(duration);
    }
    return format(Duration.ofMillis(duration.plusNanos(500_000).toMillis()));
  }
}
