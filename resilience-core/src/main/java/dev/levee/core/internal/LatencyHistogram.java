package dev.levee.core.internal;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Recent latencies, for a percentile read now and then: a log-linear histogram (as HdrHistogram
 * lays out its buckets) in two halves that take turns, so that old latencies fall away.
 *
 * <p>Buckets. A value below 16 ns has a bucket of its own; above, each power of two is cut into 8
 * buckets, so a bucket's upper bound is at most 12.5 % above any value in it. 312 buckets cover up
 * to 2^41 ns (about 36 minutes); longer values land in the last. Recording is one {@code lock xadd}
 * on the bucket's cell: no lock, no allocation.
 *
 * <p>Decay. Values go to the current half; when a {@code window} has passed (measured on the
 * readings recorders pass in), the recorder that notices clears the other half and makes it
 * current. A percentile reads both halves, so it covers the last one to two windows. A value
 * recorded into the half being cleared, in the instant it is cleared, may be lost: a percentile
 * does not need every sample.
 *
 * <p>Reading a percentile sums 624 cells: read it on a schedule, not per call. Thread-safe.
 */
public final class LatencyHistogram {
  private static final int SUB_BITS = 3;
  private static final int SUB = 1 << SUB_BITS;
  private static final int MAX_EXP = 40;

  /** The number of buckets. */
  static final int BUCKETS = (MAX_EXP - 1) * SUB;

  private final AtomicLongArray[] halves = {
    new AtomicLongArray(BUCKETS), new AtomicLongArray(BUCKETS)
  };
  private final long window;
  private final AtomicLong rotateAt;
  private volatile int current;

  /**
   * An empty histogram.
   *
   * @param windowNanos how long each half stays current, positive
   * @param now the ticker's reading now
   */
  public LatencyHistogram(long windowNanos, long now) {
    if (windowNanos <= 0) {
      throw new IllegalArgumentException("window must be positive, was " + windowNanos + "ns");
    }
    this.window = windowNanos;
    this.rotateAt = new AtomicLong(now + windowNanos);
  }

  /**
   * Records a latency.
   *
   * @param nanos the latency; a negative one counts as 0
   * @param now the ticker's reading, which decides when the halves turn
   */
  public void record(long nanos, long now) {
    long at = rotateAt.get();
    if (now - at >= 0 && rotateAt.compareAndSet(at, now + window)) {
      int next = 1 - current;
      AtomicLongArray stale = halves[next];
      for (int i = 0; i < BUCKETS; i++) {
        stale.setPlain(i, 0); // published by the volatile write of current
      }
      current = next;
    }
    halves[current].getAndIncrement(index(Math.max(0, nanos)));
  }

  /**
   * The smallest bucket bound at or above {@code percentile} % of the recent values.
   *
   * @param percentile in (0, 100]
   * @param minCount the fewest values to trust
   * @return the latency in nanoseconds, or -1 if fewer than {@code minCount} values are recent
   */
  public long percentile(double percentile, long minCount) {
    long[] counts = new long[BUCKETS];
    long total = 0;
    for (AtomicLongArray half : halves) {
      for (int i = 0; i < BUCKETS; i++) {
        long c = half.get(i);
        counts[i] += c;
        total += c;
      }
    }
    if (total < Math.max(1, minCount)) {
      return -1;
    }
    long rank = (long) Math.ceil(percentile / 100.0 * total);
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return upperBound(i);
      }
    }
    return upperBound(BUCKETS - 1);
  }

  /** The bucket of a value (not negative). */
  static int index(long value) {
    if (value < 2 * SUB) {
      return (int) value;
    }
    int exp = 63 - Long.numberOfLeadingZeros(value);
    if (exp > MAX_EXP) {
      return BUCKETS - 1;
    }
    int shift = exp - SUB_BITS;
    return (shift + 1) * SUB + (int) ((value >>> shift) & (SUB - 1));
  }

  /** The largest value bucket {@code i} holds. */
  static long upperBound(int i) {
    if (i < 2 * SUB) {
      return i;
    }
    int shift = i / SUB - 1;
    long lower = (long) (SUB + i % SUB) << shift;
    return lower + (1L << shift) - 1;
  }
}
