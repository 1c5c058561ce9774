package dev.levee.core.internal;

import dev.levee.timeouts.Ticker;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The outcomes of the last {@code buckets × bucketNanos}, in a {@link BucketRing}.
 *
 * <p>Design. A record reads the ticker once and adds to its period's bucket (the ring makes a new
 * bucket once per period, never per call): a success increments one counter. Rates are judged only
 * when a failure or slow call is recorded, by summing the buckets still inside the window:
 * O(buckets) on the failure path, nothing on the success path. A record whose ticker reading is
 * older than its slot's bucket (a thread delayed across a bucket boundary) lands in the newer
 * bucket, and the window is judged up to that bucket.
 */
final class TimeWindow extends RateWindow {
  private final Ticker ticker;
  private final BucketRing<Bucket> ring;

  TimeWindow(Ticker ticker, long windowNanos, long bucketNanos, Thresholds thresholds) {
    super(thresholds);
    this.ticker = ticker;
    this.ring =
        new BucketRing<>(
            ticker.read(), (int) (windowNanos / bucketNanos), bucketNanos, Bucket::new);
  }

  @Override
  public boolean record(boolean failure, boolean slow) {
    long epoch = ring.epoch(ticker.read());
    Bucket bucket = ring.bucketFor(epoch);
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
    long[] c = sum(Math.max(epoch, bucket.epoch()));
    return thresholds.exceeded(c[0], c[1], c[2]);
  }

  private long[] sum(long epoch) {
    long calls = 0;
    long failures = 0;
    long slow = 0;
    for (int i = 0; i < ring.size(); i++) {
      Bucket b = ring.slot(i);
      if (ring.inWindow(b, epoch)) {
        calls += (long) Bucket.CALLS.getVolatile(b);
        failures += (long) Bucket.FAILURES.getVolatile(b);
        slow += (long) Bucket.SLOW.getVolatile(b);
      }
    }
    return new long[] {calls, failures, slow};
  }

  @Override
  public long[] counts() {
    return sum(ring.epoch(ticker.read()));
  }

  /** One period's counts. */
  static final class Bucket extends BucketRing.Bucket {
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

    volatile long calls;
    volatile long failures;
    volatile long slow;

    Bucket(long epoch) {
      super(epoch);
    }
  }
}
