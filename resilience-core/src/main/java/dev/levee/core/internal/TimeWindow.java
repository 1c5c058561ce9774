package dev.levee.core.internal;

import dev.levee.timeouts.Ticker;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The outcomes of the last {@code buckets × bucketNanos}, in a ring of buckets.
 *
 * <p>Design. Each bucket covers one period of {@code bucketNanos} on the ticker and is replaced
 * (one small object, CAS-installed) the first time a record lands in a new period: allocation once
 * per bucket period, never per call. A success reads the ticker once and increments one counter.
 * Rates are judged only when a failure or slow call is recorded, by summing the buckets still
 * inside the window: O(buckets) on the failure path, nothing on the success path. A record whose
 * ticker reading is older than its slot's bucket (a thread delayed across a bucket boundary) lands
 * in the newer bucket.
 */
final class TimeWindow extends RateWindow {
  private final Ticker ticker;
  private final long bucketNanos;
  private final int size;
  private final long origin;
  private final AtomicReferenceArray<Bucket> buckets;

  TimeWindow(Ticker ticker, long windowNanos, long bucketNanos, Thresholds thresholds) {
    super(thresholds);
    this.ticker = ticker;
    this.bucketNanos = bucketNanos;
    this.size = (int) (windowNanos / bucketNanos);
    this.origin = ticker.read();
    this.buckets = new AtomicReferenceArray<>(size);
    for (int i = 0; i < size; i++) {
      buckets.set(i, new Bucket(i - size)); // already expired
    }
  }

  @Override
  public boolean record(boolean failure, boolean slow) {
    long epoch = epoch(ticker.read());
    Bucket bucket = bucketFor(epoch);
    Bucket.CALLS.getAndAdd(bucket, 1L);
    if (!failure && !slow) {
      return false;
    }
    if (failure) {
      Bucket.FAILURES.getAndAdd(bucket, 1L);
    }
    if (slow) {
      Bucket.SLOW.getAndAdd(bucket, 1L);
    }
    long[] c = sum(Math.max(epoch, bucket.epoch));
    return thresholds.exceeded(c[0], c[1], c[2]);
  }

  private long epoch(long now) {
    return Math.floorDiv(now - origin, bucketNanos);
  }

  private Bucket bucketFor(long epoch) {
    int index = (int) Math.floorMod(epoch, (long) size);
    Bucket current = buckets.get(index);
    while (current.epoch < epoch) {
      Bucket fresh = new Bucket(epoch);
      if (buckets.compareAndSet(index, current, fresh)) {
        return fresh;
      }
      current = buckets.get(index);
    }
    return current;
  }

  private long[] sum(long epoch) {
    long calls = 0;
    long failures = 0;
    long slow = 0;
    for (int i = 0; i < size; i++) {
      Bucket b = buckets.get(i);
      if (b.epoch > epoch - size && b.epoch <= epoch) {
        calls += (long) Bucket.CALLS.getVolatile(b);
        failures += (long) Bucket.FAILURES.getVolatile(b);
        slow += (long) Bucket.SLOW.getVolatile(b);
      }
    }
    return new long[] {calls, failures, slow};
  }

  @Override
  public long[] counts() {
    return sum(epoch(ticker.read()));
  }

  /** One period's counts. */
  static final class Bucket {
    static final VarHandle CALLS;
    static final VarHandle FAILURES;
    static final VarHandle SLOW;

    static {
      try {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        CALLS = lookup.findVarHandle(Bucket.class, "calls", long.class);
        FAILURES = lookup.findVarHandle(Bucket.class, "failures", long.class);
        SLOW = lookup.findVarHandle(Bucket.class, "slow", long.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    final long epoch;
    volatile long calls;
    volatile long failures;
    volatile long slow;

    Bucket(long epoch) {
      this.epoch = epoch;
    }
  }
}
