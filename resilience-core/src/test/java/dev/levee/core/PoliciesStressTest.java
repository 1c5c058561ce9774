package dev.levee.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.timeouts.testing.ManualTicker;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Many threads on one bulkhead, limiter and tracker; bounded by a fixed number of calls. */
@Timeout(120)
class PoliciesStressTest {
  private static final int THREADS = 8;
  private static final int CALLS = 50_000;

  private static void hammer(Runnable perCall) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    CountDownLatch go = new CountDownLatch(1);
    try {
      Future<?>[] workers = new Future<?>[THREADS];
      for (int t = 0; t < THREADS; t++) {
        workers[t] =
            pool.submit(
                () -> {
                  go.await();
                  for (int i = 0; i < CALLS; i++) {
                    perCall.run();
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
  void theBulkheadNeverExceedsItsLimit() throws Exception {
    Bulkhead bulkhead = Bulkhead.of("stress", 3, Duration.ZERO);
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger worst = new AtomicInteger();
    LongAdder ran = new LongAdder();
    hammer(
        () -> {
          if (bulkhead.tryAcquire()) {
            try {
              worst.accumulateAndGet(inside.incrementAndGet(), Math::max);
              ran.increment();
              inside.decrementAndGet();
            } finally {
              bulkhead.release();
            }
          }
        });
    assertThat(worst.get()).isLessThanOrEqualTo(3);
    assertThat(bulkhead.inFlight()).isZero();
    assertThat(ran.sum() + bulkhead.rejectedCount()).isEqualTo((long) THREADS * CALLS);
  }

  @ParameterizedTest(name = "prefetch {0}")
  @ValueSource(ints = {0, 20})
  void theLimiterNeverOverAdmitsUnderManyThreads(int prefetch) throws Exception {
    ManualTicker ticker = new ManualTicker();
    RateLimiter limiter =
        RateLimiter.of(
            "stress",
            RateLimiterConfig.builder("stress")
                .limit(1000, Duration.ofSeconds(1))
                .burst(50)
                .prefetch(prefetch)
                .ticker(ticker)
                .build());
    LongAdder granted = new LongAdder(); // permits
    LongAdder grantedCalls = new LongAdder();
    AtomicInteger calls = new AtomicInteger();
    hammer(
        () -> {
          int call = calls.incrementAndGet();
          if (call % 1000 == 0) {
            ticker.advance(Duration.ofMillis(1)); // time moves while threads race
          }
          int n = 1 + call % 3; // one, two or three permits at once
          if (limiter.tryAcquire(n)) {
            granted.add(n);
            grantedCalls.increment();
          }
        });
    long elapsedMs = (long) THREADS * CALLS / 1000;
    assertThat(granted.sum()).isLessThanOrEqualTo(50 + elapsedMs);
    assertThat(granted.sum()).as("it does grant").isGreaterThan(elapsedMs / 2);
    assertThat(limiter.permittedCount()).isEqualTo(grantedCalls.sum());
  }

  @Test
  void theInFlightCountReturnsToZero() throws Exception {
    InFlightTracker tracker = InFlightTracker.create("stress", new ManualTicker(), 16);
    AtomicInteger worst = new AtomicInteger();
    hammer(
        () -> {
          long token = tracker.enter();
          worst.accumulateAndGet(tracker.inFlight(), Math::max);
          tracker.exit(token);
        });
    assertThat(tracker.inFlight()).isZero();
    assertThat(worst.get()).isBetween(1, THREADS);
  }
}
