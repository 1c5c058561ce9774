package dev.levee.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.timeouts.Sleeper;
import dev.levee.timeouts.testing.ManualTicker;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Edges of the rate limiter (interrupted waiters, a wrapping ticker, huge spans, rounding) and of
 * the throttle's accounting (requests never sent, requests still in flight).
 */
class LimiterAndThrottleEdgeCasesTest {
  /** A limiter without prefetch (every decision reads the ticker) on {@code ticker}. */
  private static RateLimiter exact(
      String name, int permits, Duration period, int burst, ManualTicker ticker) {
    return RateLimiter.of(
        name,
        RateLimiterConfig.builder(name)
            .limit(permits, period)
            .burst(burst)
            .prefetch(0)
            .ticker(ticker)
            .build());
  }

  // An interrupted waiter gives back its own slot, never a later waiter's.

  @Test
  void anInterruptedWaiterAheadOfAnotherDoesNotLetTwoPermitsThroughAtOnce() throws Exception {
    ManualTicker ticker = new ManualTicker();
    CountDownLatch wake = new CountDownLatch(1);
    Map<String, Long> wakeAt = new ConcurrentHashMap<>();
    // Records when each waiter is due, then blocks until told the time has come (or interrupted).
    Sleeper blocking =
        nanos -> {
          wakeAt.put(Thread.currentThread().getName(), ticker.read() + nanos);
          if (!wake.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("the test never woke the waiter");
          }
        };
    RateLimiter l =
        RateLimiter.of(
            "api",
            RateLimiterConfig.builder("api")
                .limit(1, Duration.ofSeconds(1))
                .burst(1)
                .prefetch(0)
                .ticker(ticker)
                .sleeper(blocking)
                .build());
    long t0 = ticker.read();
    assertThat(l.tryAcquire()).as("the burst of 1 at t0").isTrue();

    AtomicBoolean w1Got = new AtomicBoolean(true);
    AtomicBoolean w2Got = new AtomicBoolean(false);
    Thread w1 = new Thread(() -> w1Got.set(l.acquire(Duration.ofSeconds(10))), "w1");
    Thread w2 = new Thread(() -> w2Got.set(l.acquire(Duration.ofSeconds(10))), "w2");
    w1.start();
    awaitKey(wakeAt, "w1");
    w2.start();
    awaitKey(wakeAt, "w2");
    assertThat(wakeAt.get("w1") - t0).as("w1 is due at t0 + 1s").isEqualTo(1_000_000_000L);
    assertThat(wakeAt.get("w2") - t0).as("w2 is due at t0 + 2s").isEqualTo(2_000_000_000L);

    w1.interrupt(); // w1 gives up its slot at t0 + 1s; w2 still waits for t0 + 2s
    w1.join(10_000);
    assertThat(w1.isAlive()).as("w1 returned").isFalse();
    assertThat(w1Got.get()).as("the interrupted waiter got nothing").isFalse();

    ticker.advance(Duration.ofSeconds(2)); // t0 + 2s: w2's slot
    wake.countDown();
    w2.join(10_000);
    assertThat(w2.isAlive()).as("w2 returned").isFalse();
    assertThat(w2Got.get()).as("w2 is granted at t0 + 2s").isTrue();

    // burst 1: in a span of 0 ns at most 1 + 0 permits. w2 was just granted at this instant.
    assertThat(l.tryAcquire())
        .as("a second permit at t0 + 2s, the same instant w2 was granted (burst is 1)")
        .isFalse();
  }

  private static void awaitKey(Map<String, Long> map, String key) {
    dev.levee.testkit.Await.until(
        Duration.ofSeconds(10), key + " started waiting", () -> map.containsKey(key));
  }

  // Ticker readings are compared by subtraction.

  @Test
  void aTickerNearLongMaxValueDoesNotUnlockTheBucket() {
    // Ticker contract: "nanoseconds since an arbitrary origin; compare readings only by
    // subtraction". Half a second before the reading wraps:
    ManualTicker ticker = new ManualTicker(Long.MAX_VALUE - 500_000_000L);
    RateLimiter l = exact("api", 10, Duration.ofSeconds(1), 10, ticker);
    int granted = 0;
    while (granted < 1_000 && l.tryAcquire()) {
      granted++;
    }
    assertThat(granted).as("permits granted at one instant, burst 10").isEqualTo(10);
  }

  // A bucket whose span would overflow a long of nanoseconds is refused.
  @Test
  void aBucketTooLongToRefillIsRefusedAndOneJustShortOfItIsFull() {
    ManualTicker ticker = new ManualTicker();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                RateLimiterConfig.builder("daily")
                    .limit(1, Duration.ofDays(1))
                    .burst(200_000)
                    .prefetch(0)
                    .ticker(ticker)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "rateLimiter \"daily\": burst must refill within 146 years (burst * period / permits),"
                + " was 200000 at 1 per 24h");
    RateLimiter l = exact("daily", 1, Duration.ofDays(1), 50_000, ticker); // 137 years
    assertThat(l.availablePermits()).as("a fresh limiter's bucket is full").isEqualTo(50_000);
    assertThat(l.tryAcquire()).isTrue();
  }

  // The interval is rounded up: never more than permits per period.

  @Test
  void theSteadyRateDoesNotExceedPermitsPerPeriod() {
    ManualTicker ticker = new ManualTicker();
    // Accepted: "permits per period must leave at least 1ns per permit" (1999 / 1000 = 1).
    RateLimiter l = exact("api", 1000, Duration.ofNanos(1999), 1, ticker);
    int granted = 0;
    for (int i = 0; i < 19_990; i++) { // ten periods, one request per nanosecond
      if (l.tryAcquire()) {
        granted++;
      }
      ticker.advanceNanos(1);
    }
    assertThat(granted)
        .as("10 periods of 1000 permits, plus the burst")
        .isLessThanOrEqualTo(10_001);
  }

  // A request the bulkhead refused was never counted: nothing to take back.

  @Test
  void requestsABulkheadRefusedAfterABucketBoundaryDoNotDriveTheCountNegative() {
    ManualTicker ticker = new ManualTicker();
    AdaptiveThrottle t =
        AdaptiveThrottle.of(
            "backend",
            AdaptiveThrottleConfig.builder("backend")
                .window(Duration.ofSeconds(2), Duration.ofSeconds(1))
                .ticker(ticker)
                .random(() -> 0.999) // throttles only above p = 0.999
                .build());
    for (int i = 0; i < 3; i++) {
      assertThat(t.tryAcquire()).isTrue(); // counted in bucket 0
    }
    ticker.advance(Duration.ofSeconds(1));
    for (int i = 0; i < 3; i++) {
      t.onNotSent(); // the bulkhead behind refused them a moment later, in bucket 1
    }
    ticker.advance(Duration.ofSeconds(1)); // bucket 0 leaves the window; bucket 1 stays
    assertThat(t.rejectionProbability()).as("documented range [0, 1)").isBetween(0.0, 0.999999);
    assertThat(t.tryAcquire()).as("the backend never refused anything").isTrue();
    assertThat(t.throttledCount()).isZero();
  }

  @Test
  void aPipelineWhoseBulkheadTimesOutNeverThrottlesAHealthyBackend() throws Exception {
    ManualTicker ticker = new ManualTicker();
    AdaptiveThrottle throttle =
        AdaptiveThrottle.of(
            "db",
            AdaptiveThrottleConfig.builder("db")
                .window(Duration.ofSeconds(2), Duration.ofSeconds(1))
                .ticker(ticker)
                .random(() -> 0.999) // throttles only above p = 0.999
                .build());
    // A waiting bulkhead: a refusal comes maxWait after the throttle counted the request.
    Bulkhead bulkhead =
        Bulkhead.of(
            "db",
            BulkheadConfig.builder("db").maxConcurrent(1).maxWait(Duration.ofHours(1)).build());
    Pipeline p = Pipeline.builder("db").throttle(throttle).bulkhead(bulkhead).build();

    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch letGo = new CountDownLatch(1);
    Thread holder = new Thread(() -> p.get(heldUntil(holding, letGo)), "holder");
    holder.start();
    assertThat(holding.await(10, TimeUnit.SECONDS)).as("the holder took the place").isTrue();

    // Three callers pass the throttle in bucket 0 and wait for the bulkhead.
    Thread[] waiters = new Thread[3];
    AtomicReference<Throwable> unexpected = new AtomicReference<>();
    for (int i = 0; i < waiters.length; i++) {
      waiters[i] =
          new Thread(
              () -> {
                try {
                  p.get(() -> "never");
                  unexpected.set(new AssertionError("a waiter got the place"));
                } catch (BulkheadFullException expected) {
                  // refused by the bulkhead: the throttle is told onNotSent
                } catch (Throwable e) {
                  unexpected.set(e);
                }
              },
              "waiter-" + i);
      waiters[i].start();
    }
    for (Thread w : waiters) {
      awaitWaiting(w);
    }
    ticker.advance(Duration.ofSeconds(1)); // the wait outlasts a bucket
    for (Thread w : waiters) {
      w.interrupt(); // the bulkhead gives up on them (as a timeout would)
      w.join(10_000);
      assertThat(w.isAlive()).as("%s returned", w.getName()).isFalse();
    }
    assertThat(unexpected.get()).isNull();
    letGo.countDown();
    holder.join(10_000);
    assertThat(holder.isAlive()).as("holder returned").isFalse();

    ticker.advance(Duration.ofSeconds(1)); // bucket 0 (the requests) leaves the window
    assertThat(throttle.rejectionProbability())
        .as("one request sent, one accepted, three never sent: documented range [0, 1)")
        .isBetween(0.0, 0.999999);
    assertThat(p.get(() -> "fine"))
        .as("the backend accepted everything it was sent")
        .isEqualTo("fine");
  }

  // A request in flight is not a refusal.

  @Test
  void concurrentCallsToAHealthyBackendAreNotThrottledAtStart() throws Exception {
    ManualTicker ticker = new ManualTicker();
    AdaptiveThrottle t =
        AdaptiveThrottle.of(
            "backend",
            AdaptiveThrottleConfig.builder("backend")
                .ticker(ticker)
                .random(() -> 0.5) // a fixed draw in place of ThreadLocalRandom
                .build()); // defaults: K = 2, 2 minute window
    CountDownLatch letGo = new CountDownLatch(1);
    Thread[] callers = new Thread[2];
    CountDownLatch inside = new CountDownLatch(callers.length);
    for (int i = 0; i < callers.length; i++) {
      callers[i] = new Thread(() -> t.get(heldUntil(inside, letGo)), "caller-" + i);
      callers[i].start();
    }
    try {
      assertThat(inside.await(10, TimeUnit.SECONDS)).as("two calls in flight").isTrue();
      // Nothing was ever refused by the backend; two calls are merely in flight.
      assertThat(t.rejectionProbability()).as("p with 2 calls in flight, none refused").isZero();
      assertThat(t.tryAcquire()).as("a third concurrent call to a healthy backend").isTrue();
    } finally {
      letGo.countDown();
      for (Thread c : callers) {
        c.join(10_000);
      }
    }
    assertThat(t.rejectionProbability()).as("once they have completed").isZero();
  }

  private static void awaitWaiting(Thread t) {
    dev.levee.testkit.Await.until(
        Duration.ofSeconds(10),
        () -> t.getName() + " waits for the bulkhead; it is " + t.getState(),
        () -> t.getState() == Thread.State.TIMED_WAITING || t.getState() == Thread.State.WAITING);
  }

  /** A call that says it is in, then holds its place until {@code letGo} (at most 10 s). */
  private static java.util.function.Supplier<String> heldUntil(
      CountDownLatch entered, CountDownLatch letGo) {
    return () -> {
      entered.countDown();
      try {
        letGo.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return "ok";
    };
  }
}
