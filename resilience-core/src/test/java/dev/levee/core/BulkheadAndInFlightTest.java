package dev.levee.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levee.testkit.Background;
import dev.levee.timeouts.testing.ManualTicker;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class BulkheadAndInFlightTest {
  @Test
  void aReleaseWithoutAnAcquireIsRefusedAndTheLimitStays() {
    for (Duration wait : new Duration[] {Duration.ZERO, Duration.ofMillis(50)}) {
      Bulkhead b = Bulkhead.of("db", 1, wait);
      assertThatThrownBy(b::release)
          .as("wait %s", wait)
          .isInstanceOf(IllegalStateException.class)
          .hasMessage(
              "bulkhead \"db\": release() without a place taken (release once per acquire)");
      assertThat(b.acquire()).isTrue();
      assertThat(b.acquire()).as("still one place, wait %s", wait).isFalse();
      b.release();
      assertThatThrownBy(b::release)
          .as("a second release, wait %s", wait)
          .isInstanceOf(IllegalStateException.class);
      assertThat(b.inFlight()).isZero();
      assertThat(b.acquire()).isTrue();
      assertThat(b.acquire()).as("still one place after the refused releases").isFalse();
      b.release();
    }
  }

  @Test
  void theBulkheadRejectsBeyondItsLimitAndCountsInFlightCalls() throws Exception {
    Bulkhead b = Bulkhead.of("db", 2, Duration.ZERO);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    CountDownLatch inside = new CountDownLatch(2);
    CountDownLatch release = new CountDownLatch(1);
    try {
      for (int i = 0; i < 2; i++) {
        Background.call(
            pool,
            () ->
                b.call(
                    () -> {
                      inside.countDown();
                      return release.await(30, TimeUnit.SECONDS);
                    }));
      }
      assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(b.inFlight()).isEqualTo(2);
      assertThatThrownBy(() -> b.run(() -> {}))
          .isInstanceOf(BulkheadFullException.class)
          .hasMessageStartingWith("bulkhead \"db\" is full (2 calls in flight)");
      assertThat(b.rejectedCount()).isEqualTo(1);
      release.countDown();
    } finally {
      pool.shutdown();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(b.inFlight()).isZero();
  }

  @Test
  void aWaitingCallGetsThePlaceFreedWithinMaxWait() throws Exception {
    Bulkhead b = Bulkhead.of("db", 1, Duration.ofSeconds(10));
    assertThat(b.acquire()).isTrue();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      CompletableFuture<Boolean> waiter = Background.call(pool, b::acquire);
      assertThat(waiter).isNotDone();
      b.release();
      assertThat(waiter.get(10, TimeUnit.SECONDS)).isTrue();
      b.release();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void theTrackerCountsAndFindsHungCallsWithinOneCheckInterval() {
    ManualTicker ticker = new ManualTicker();
    InFlightTracker t = InFlightTracker.create("orders", ticker, 16);
    long a = t.enter();
    long b = t.enter();
    assertThat(t.inFlight()).isEqualTo(2);
    assertThat(t.hungCount(Duration.ofSeconds(30))).as("first sight starts the clock").isZero();
    ticker.advance(Duration.ofSeconds(20));
    t.exit(a);
    long c = t.enter();
    ticker.advance(Duration.ofSeconds(10));
    assertThat(t.hungCount(Duration.ofSeconds(30))).as("b, seen 30s ago").isEqualTo(1);
    ticker.advance(Duration.ofSeconds(30));
    assertThat(t.hungCount(Duration.ofSeconds(30))).as("b, and c now").isEqualTo(2);
    t.exit(b);
    t.exit(c);
    assertThat(t.inFlight()).isZero();
    assertThat(t.hungCount(Duration.ofSeconds(30))).isZero();
  }

  @Test
  void callsBeyondTheSlotsAreCountedNotTimed() throws Exception {
    InFlightTracker t = InFlightTracker.create("small", new ManualTicker(), 16);
    long[] tokens = new long[20];
    for (int i = 0; i < tokens.length; i++) {
      tokens[i] = t.enter();
    }
    assertThat(t.inFlight()).isEqualTo(20);
    for (long token : tokens) {
      t.exit(token);
    }
    assertThat(t.inFlight()).isZero();
    assertThat(t.awaitDrained(Duration.ofSeconds(1), new ManualTicker().sleeper())).isTrue();
  }

  @Test
  void badArgumentsAreRejected() {
    assertThatThrownBy(() -> Bulkhead.of("db", 0, Duration.ZERO))
        .hasMessage("bulkhead \"db\": maxConcurrent must be at least 1, was 0");
    assertThatThrownBy(() -> InFlightTracker.create("t", new ManualTicker(), 100))
        .hasMessageContaining("slots must be a power of two");
  }
}
