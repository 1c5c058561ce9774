package dev.levee.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BucketRingTest {
  private static final long SECOND = 1_000_000_000L;

  static final class Count extends BucketRing.Bucket {
    final AtomicInteger n = new AtomicInteger();

    Count(long epoch) {
      super(epoch);
    }
  }

  private final AtomicInteger made = new AtomicInteger();

  private BucketRing<Count> ring(long origin) {
    return new BucketRing<>(
        origin,
        3,
        SECOND,
        epoch -> {
          made.incrementAndGet();
          return new Count(epoch);
        });
  }

  private static int sum(BucketRing<Count> ring, long newest) {
    int sum = 0;
    for (int i = 0; i < ring.size(); i++) {
      Count c = ring.slot(i);
      if (ring.inWindow(c, newest)) {
        sum += c.n.get();
      }
    }
    return sum;
  }

  @Test
  void periodsAreCountedFromTheOriginAndABucketIsMadeOncePerPeriod() {
    long origin = -7 * SECOND; // tickers may read negative
    BucketRing<Count> ring = ring(origin);
    assertThat(sum(ring, 0)).as("a new ring holds nothing").isZero();
    int initial = made.get();
    assertThat(ring.epoch(origin)).isZero();
    assertThat(ring.epoch(origin + SECOND - 1)).isZero();
    assertThat(ring.epoch(origin + SECOND)).isEqualTo(1);
    assertThat(ring.epoch(origin - 1)).isEqualTo(-1);
    for (int i = 0; i < 5; i++) {
      ring.bucketFor(0).n.incrementAndGet();
    }
    ring.bucketFor(1).n.incrementAndGet();
    assertThat(made.get() - initial).as("buckets made for two periods").isEqualTo(2);
    assertThat(sum(ring, 1)).isEqualTo(6);
    assertThat(sum(ring, 0)).as("a window ending before period 1 leaves it out").isEqualTo(5);
  }

  @Test
  void bucketsALapBehindAreStaleAndADelayedRecordLandsInTheNewerBucket() {
    BucketRing<Count> ring = ring(0);
    ring.bucketFor(0).n.incrementAndGet();
    ring.bucketFor(2).n.incrementAndGet();
    assertThat(sum(ring, 2)).isEqualTo(2);
    assertThat(sum(ring, 3)).as("period 0 left the three-period window").isEqualTo(1);
    ring.bucketFor(3).n.incrementAndGet(); // replaces period 0's slot
    Count late = ring.bucketFor(0); // a thread that read the ticker in period 0, delayed
    assertThat(late.epoch()).isEqualTo(3);
    assertThat(sum(ring, 3)).isEqualTo(2);
  }

  @Test
  void rejectsAnEmptyRing() {
    assertThatThrownBy(() -> new BucketRing<>(0, 0, SECOND, Count::new))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("size and bucketNanos must be positive");
  }
}
