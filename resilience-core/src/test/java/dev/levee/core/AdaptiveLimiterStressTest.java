package dev.levee.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.timeouts.Ticker;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Real threads on one limiter, each doing a fixed number of calls (bounded by the calls, not by
 * time). The ticker is a shared counter every call moves on, so windows close and the limit moves
 * while the threads race.
 */
@Timeout(120)
class AdaptiveLimiterStressTest {
  private static final int THREADS = 8;
  private static final int CALLS = 40_000;

  private interface Call {
    void run(int thread, int i);
  }

  private static void hammer(Call perCall) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    CountDownLatch go = new CountDownLatch(1);
    try {
      Future<?>[] workers = new Future<?>[THREADS];
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        workers[t] =
            pool.submit(
                () -> {
                  go.await();
                  for (int i = 0; i < CALLS; i++) {
                    perCall.run(thread, i);
                  }
                  return null;
                });
      }
      go.countDown();
      for (Future<?> w : workers) {
        w.get(100, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aFixedLimitIsNeverExceededAndEveryCallIsCounted() throws Exception {
    AdaptiveLimiter l =
        AdaptiveLimiter.of(
            "stress",
            AdaptiveLimiterConfig.builder("stress")
                .minLimit(3)
                .maxLimit(3)
                .initialLimit(3)
                .build());
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger worst = new AtomicInteger();
    LongAdder ran = new LongAdder();
    hammer(
        (t, i) -> {
          long p = l.tryAcquire();
          if (p != AdaptiveLimiter.REJECTED) {
            worst.accumulateAndGet(inside.incrementAndGet(), Math::max);
            ran.increment();
            inside.decrementAndGet();
            l.onSuccess(p);
          }
        });
    assertThat(worst.get()).isLessThanOrEqualTo(3);
    assertThat(l.inFlight()).isZero();
    assertThat(ran.sum() + l.rejectedCount()).isEqualTo((long) THREADS * CALLS);
  }

  @Test
  void aMovingLimitStaysInBoundsAndNoPermitLeaks() throws Exception {
    AtomicLong clock = new AtomicLong();
    Ticker ticker = () -> clock.addAndGet(50_000); // every read is 50 µs later
    AdaptiveLimiter l =
        AdaptiveLimiter.of(
            "stress",
            AdaptiveLimiterConfig.builder("stress")
                .minLimit(2)
                .maxLimit(40)
                .initialLimit(10)
                .sampleWindow(Duration.ofMillis(1))
                .minSamples(5)
                .baselineRefresh(Duration.ofMillis(20))
                .ticker(ticker)
                .build());
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger worst = new AtomicInteger();
    AtomicInteger outOfBounds = new AtomicInteger();
    hammer(
        (t, i) -> {
          int limit = l.limit();
          if (limit < 2 || limit > 40) {
            outOfBounds.incrementAndGet();
          }
          long p = (i & 1) == 0 ? l.tryAcquire() : l.tryAcquire(0.5);
          if (p == AdaptiveLimiter.REJECTED) {
            return;
          }
          worst.accumulateAndGet(inside.incrementAndGet(), Math::max);
          if (t % 3 == 0) {
            clock.addAndGet(200_000); // some calls are slow: latency moves the limit
          }
          inside.decrementAndGet();
          switch ((t + i) % 4) {
            case 0:
              l.onDropped(p);
              break;
            case 1:
              l.onIgnored(p);
              break;
            default:
              l.onSuccess(p);
          }
        });
    assertThat(outOfBounds).hasValue(0);
    assertThat(worst.get())
        .as("never more in flight than the largest limit")
        .isLessThanOrEqualTo(40);
    assertThat(l.inFlight()).as("every permit given back").isZero();
    assertThat(l.limit()).isBetween(2, 40);
    assertThat(l.droppedCount()).isPositive();
  }
}
