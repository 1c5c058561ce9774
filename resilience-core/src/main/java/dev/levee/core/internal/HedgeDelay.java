package dev.levee.core.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How long a hedge waits before its second attempt: fixed, or a percentile of recent latencies read
 * from a {@link LatencyHistogram} and refreshed twenty times a window by whichever recorder notices
 * it is due (so a call reads one volatile long, and a refresh costs one thread a microsecond).
 * Until the histogram holds {@value #MIN_SAMPLES} recent latencies, the initial delay applies.
 * Thread-safe.
 */
public final class HedgeDelay {
  /** The fewest recent latencies a percentile is read from. */
  public static final long MIN_SAMPLES = 100;

  private final long initial;
  private final double percentile;
  private final LatencyHistogram histogram;
  private final long refreshEvery;
  private final AtomicLong refreshAt;
  private volatile long delay;

  /**
   * A delay.
   *
   * @param initialNanos the fixed delay, or the delay until enough latencies are known
   * @param percentile the percentile in (0, 100) to follow, or 0 for a fixed delay
   * @param windowNanos how long latencies count (one to two windows), when following a percentile
   * @param now the ticker's reading now
   */
  public HedgeDelay(long initialNanos, double percentile, long windowNanos, long now) {
    this.initial = initialNanos;
    this.percentile = percentile;
    this.delay = initialNanos;
    boolean measures = percentile > 0;
    this.histogram = measures ? new LatencyHistogram(windowNanos, now) : null;
    this.refreshEvery = Math.max(1, windowNanos / 20);
    this.refreshAt = new AtomicLong(now + refreshEvery);
  }

  /**
   * Whether the delay follows measured latencies (so calls must be timed).
   *
   * @return {@code true} if it does
   */
  public boolean measures() {
    return histogram != null;
  }

  /**
   * The delay now.
   *
   * @return nanoseconds
   */
  public long nanos() {
    return delay;
  }

  /**
   * Records a call's latency, and refreshes the delay if it is due.
   *
   * @param latency nanoseconds
   * @param now the ticker's reading at the call's end
   */
  public void record(long latency, long now) {
    histogram.record(latency, now);
    long at = refreshAt.get();
    if (now - at >= 0 && refreshAt.compareAndSet(at, now + refreshEvery)) {
      long p = histogram.percentile(percentile, MIN_SAMPLES);
      delay = p >= 0 ? p : initial;
    }
  }
}
