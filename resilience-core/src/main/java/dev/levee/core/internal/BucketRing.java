package dev.levee.core.internal;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The last {@code size} periods of {@code bucketNanos} on a ticker, one bucket each, in a ring: the
 * sliding window that a breaker's time window and an adaptive throttle both count in. It holds the
 * buckets and their periods; what a bucket counts is the caller's ({@code B} adds the counters).
 *
 * <p>Design. Period {@code e} ({@code e = floor((now - origin) / bucketNanos)}) lives in slot
 * {@code e mod size}. The first record in a new period replaces the slot's bucket with a fresh one
 * (one small object, CAS-installed): allocation once per bucket period, never per call. A bucket
 * belongs to the window ending at period {@code newest} when {@code newest - size < epoch <=
 * newest}; a bucket from an older lap of the ring is stale and counts for nothing, so nothing is
 * ever cleared. A thread delayed across a boundary that finds its slot already newer records in the
 * newer bucket. Summing the window reads {@code size} slots: callers do it only where they must
 * judge a rate (a breaker on a failure, a throttle on a decision). Thread-safe.
 *
 * @param <B> the bucket type
 */
public final class BucketRing<B extends BucketRing.Bucket> {
  /** One period's bucket; subclasses add its counters. */
  public abstract static class Bucket {
    private final long epoch;

    /**
     * Creates the bucket of one period.
     *
     * @param epoch the period's number
     */
    protected Bucket(long epoch) {
      this.epoch = epoch;
    }

    /**
     * The period this bucket counts.
     *
     * @return the period's number
     */
    public final long epoch() {
      return epoch;
    }
  }

  /**
   * Makes the bucket of a period.
   *
   * @param <B> the bucket type
   */
  @FunctionalInterface
  public interface Factory<B> {
    /**
     * Makes an empty bucket.
     *
     * @param epoch the period's number
     * @return the bucket
     */
    B create(long epoch);
  }

  private final Factory<B> factory;
  private final long origin;
  private final long bucketNanos;
  private final int size;
  private final AtomicReferenceArray<B> buckets;

  /**
   * Creates a ring whose every bucket is already outside the window.
   *
   * @param origin the ticker reading period 0 starts at
   * @param size how many buckets the window holds, at least 1
   * @param bucketNanos how long each bucket's period is, at least 1
   * @param factory makes a bucket for a period
   */
  public BucketRing(long origin, int size, long bucketNanos, Factory<B> factory) {
    if (size < 1 || bucketNanos < 1) {
      throw new IllegalArgumentException(
          "bucket ring: size and bucketNanos must be positive, were " + size + ", " + bucketNanos);
    }
    this.factory = factory;
    this.origin = origin;
    this.bucketNanos = bucketNanos;
    this.size = size;
    this.buckets = new AtomicReferenceArray<>(size);
    for (int i = 0; i < size; i++) {
      buckets.set(i, factory.create(i - size)); // a lap behind period 0: stale from the start
    }
  }

  /**
   * The period a ticker reading falls in.
   *
   * @param now the reading
   * @return the period's number
   */
  public long epoch(long now) {
    return Math.floorDiv(now - origin, bucketNanos);
  }

  /**
   * The bucket to record a period's event in: the period's own, made if it is the period's first
   * event, or a newer one if the slot has moved on already (a delayed thread).
   *
   * @param epoch the period, from {@link #epoch(long)}
   * @return the bucket
   */
  public B bucketFor(long epoch) {
    int index = (int) Math.floorMod(epoch, (long) size);
    B current = buckets.get(index);
    while (current.epoch() < epoch) {
      B fresh = factory.create(epoch);
      if (buckets.compareAndSet(index, current, fresh)) {
        return fresh;
      }
      current = buckets.get(index);
    }
    return current;
  }

  /**
   * How many slots the ring has: iterate {@code 0 <= i < size()} with {@link #slot(int)} to sum it.
   *
   * @return the number of buckets in the window
   */
  public int size() {
    return size;
  }

  /**
   * The bucket in a slot now, current or stale (see {@link #inWindow}).
   *
   * @param i the slot, in {@code [0, size())}
   * @return its bucket
   */
  public B slot(int i) {
    return buckets.get(i);
  }

  /**
   * Whether a bucket counts in the window that ends with period {@code newest}.
   *
   * @param bucket a bucket from {@link #slot(int)}
   * @param newest the window's last period
   * @return whether to add its counts
   */
  public boolean inWindow(Bucket bucket, long newest) {
    long epoch = bucket.epoch();
    return epoch > newest - size && epoch <= newest;
  }
}
