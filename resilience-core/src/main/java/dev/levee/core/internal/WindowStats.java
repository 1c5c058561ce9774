package dev.levee.core.internal;

/**
 * The figures of one closed sample window, as its closer read them. One instance per limiter,
 * reused for every window and touched only by the thread that holds the window's lock, so closing a
 * window allocates nothing.
 */
public final class WindowStats {
  /** Timed calls that ended in the window (timed drops included). */
  public long samples;

  /** The sum of their round-trip times. */
  public long rttSumNanos;

  /** The least of their round-trip times. */
  public long minRttNanos;

  /** Calls dropped during the window, timed or not. */
  public long drops;

  /** Calls the limiter rejected during the window. */
  public long rejections;

  /** The most calls in flight when one ended. */
  public int peakInFlight;

  /** The ticker's reading when the window opened. */
  public long startedAt;

  /** The ticker's reading when it closed. */
  public long endedAt;

  /** Creates empty figures. */
  public WindowStats() {}

  /**
   * The average round-trip time.
   *
   * @return nanoseconds, at least 1 (a ticker too coarse to see a call still measures something)
   */
  public double averageRttNanos() {
    return Math.max(1.0, (double) rttSumNanos / Math.max(1, samples));
  }

  /**
   * Whether the limit held callers back in this window: calls were rejected, or the calls in flight
   * reached at least half of {@code limit}. Below that, the caller's own demand set the
   * concurrency, and a limit that grew on such a window would grow without bound.
   *
   * @param limit the limit during the window
   * @return whether the window used the limit
   */
  public boolean usedLimit(double limit) {
    return rejections > 0 || peakInFlight * 2.0 >= limit;
  }
}
