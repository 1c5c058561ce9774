package dev.levee.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levee.errors.ErrorCategory;
import dev.levee.testkit.LogCapture;
import dev.levee.timeouts.Ticker;
import dev.levee.timeouts.testing.ManualTicker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  private final ManualTicker ticker = new ManualTicker();

  private RateLimiter limiter(int permits, Duration period, int burst) {
    return RateLimiter.of("api", config(permits, period, burst).build());
  }

  private RateLimiter limiter(int permits, Duration period, int burst, int prefetch) {
    return RateLimiter.of("api", config(permits, period, burst).prefetch(prefetch).build());
  }

  private RateLimiterConfig.Builder config(int permits, Duration period, int burst) {
    return RateLimiterConfig.builder("api")
        .limit(permits, period)
        .burst(burst)
        .ticker(ticker)
        .sleeper(ticker.sleeper());
  }

  @Test
  void grantsTheBurstThenTheSteadyRate() {
    RateLimiter l = limiter(10, Duration.ofSeconds(1), 3);
    assertThat(l.availablePermits()).isEqualTo(3);
    assertThat(l.tryAcquire()).isTrue();
    assertThat(l.tryAcquire()).isTrue();
    assertThat(l.tryAcquire()).isTrue();
    assertThat(l.tryAcquire()).as("burst used up").isFalse();
    ticker.advance(Duration.ofMillis(99));
    assertThat(l.tryAcquire()).isFalse();
    ticker.advance(Duration.ofMillis(1));
    assertThat(l.tryAcquire()).as("one interval later").isTrue();
    assertThat(l.tryAcquire()).isFalse();
    ticker.advance(Duration.ofSeconds(10));
    assertThat(l.availablePermits()).as("refilled, capped at the burst").isEqualTo(3);
    assertThat(l.permittedCount()).isEqualTo(4);
    assertThat(l.rejectedCount()).isEqualTo(3);
  }

  @Test
  void acquireWaitsForAReservedSlotWithinTheTimeout() {
    RateLimiter l = limiter(10, Duration.ofSeconds(1), 1);
    assertThat(l.acquire(Duration.ZERO)).isTrue();
    assertThat(l.acquire(Duration.ofMillis(50))).as("the next slot is 100ms away").isFalse();
    assertThat(l.acquire(Duration.ofMillis(100))).isTrue();
    assertThat(ticker.sleeps()).containsExactly(Duration.ofMillis(100));
    assertThat(l.acquire(Duration.ofMillis(200))).isTrue();
    assertThat(ticker.sleeps()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(100));
  }

  @Test
  void rejectionThrowsOneSharedTransientException() {
    RateLimiter l = limiter(1, Duration.ofSeconds(1), 1);
    assertThat(l.get(() -> "ok")).isEqualTo("ok");
    assertThatThrownBy(() -> l.get(() -> "x"))
        .isSameAs(l.rejection())
        .isInstanceOf(RequestNotPermittedException.class)
        .hasMessageStartingWith("\"api\": rate limit of 1 per 1s exceeded");
    assertThat(l.rejection().category()).isEqualTo(ErrorCategory.TRANSIENT);
    assertThat(l.rejection().getStackTrace()).isEmpty();
  }

  @Test
  void rejectionsAreLoggedAtMostOnceASecond() {
    RateLimiter l = limiter(1, Duration.ofSeconds(10), 1);
    try (LogCapture logs = LogCapture.of("dev.levee.core.RateLimiter")) {
      l.tryAcquire();
      for (int i = 0; i < 5; i++) {
        l.tryAcquire();
      }
      ticker.advance(Duration.ofSeconds(1));
      l.tryAcquire();
      assertThat(logs.lines()).hasSize(2);
      assertThat(logs.lines().get(0).keyValues())
          .containsEntry("component", "ratelimiter")
          .containsEntry("name", "api")
          .containsEntry("suppressed", 0L);
      assertThat(logs.lines().get(1).keyValues()).containsEntry("suppressed", 4L);
    }
  }

  @Test
  void badConfigurationIsRejected() {
    assertThatThrownBy(() -> RateLimiterConfig.builder("api").limit(0, Duration.ofSeconds(1)))
        .hasMessage("rateLimiter \"api\": permits must be at least 1, was 0");
    assertThatThrownBy(() -> RateLimiterConfig.builder("api").burst(0))
        .hasMessage("rateLimiter \"api\": burst must be at least 1, was 0");
    assertThatThrownBy(
            () -> RateLimiterConfig.builder("api").limit(1, Duration.ofNanos(10)).build())
        .hasMessage("rateLimiter \"api\": period must be in [1us, 1d], was 10ns");
    RateLimiter l = limiter(10, Duration.ofSeconds(1), 3);
    assertThatThrownBy(() -> l.tryAcquire(4))
        .hasMessage("rateLimiter \"api\": permits must be in [1,3], was 4");
  }

  @Test
  void prefetchedPermitsNeedNoTickerRead() {
    int[] reads = {0};
    Ticker counting =
        () -> {
          reads[0]++;
          return ticker.read();
        };
    RateLimiter l =
        RateLimiter.of("api", config(1000, Duration.ofSeconds(1), 1000).ticker(counting).build());
    assertThat(l.config().prefetch()).as("default: min(64, burst / 64)").isEqualTo(15);
    int before = reads[0];
    for (int i = 0; i < 15; i++) {
      assertThat(l.tryAcquire()).isTrue();
    }
    assertThat(reads[0]).as("the first 15 come from the store").isEqualTo(before);
    assertThat(l.tryAcquire()).as("the 16th reads the ticker and refills the store").isTrue();
    assertThat(reads[0]).isEqualTo(before + 1);
    for (int i = 0; i < 15; i++) {
      assertThat(l.tryAcquire()).isTrue();
    }
    assertThat(reads[0]).as("15 more from the refilled store").isEqualTo(before + 1);
    assertThat(l.permittedCount()).isEqualTo(31);
  }

  @Test
  void withPrefetchAFullBucketStillGrantsTheWholeBurstAndNeverMore() {
    RateLimiter l = limiter(100, Duration.ofSeconds(1), 100, 10);
    assertThat(l.availablePermits()).isEqualTo(100);
    assertThat(l.tryAcquire(100)).as("the bucket and the store together").isTrue();
    assertThat(l.tryAcquire()).isFalse();
    ticker.advance(Duration.ofMillis(10));
    assertThat(l.tryAcquire()).as("one interval later").isTrue();
    assertThat(l.tryAcquire()).isFalse();
    // A quiet spell: the bucket refills to burst - prefetch; the store, drained, does not refill.
    ticker.advance(Duration.ofSeconds(10));
    assertThat(l.availablePermits()).isEqualTo(90);
    int granted = 0;
    while (l.tryAcquire()) {
      granted++;
    }
    assertThat(granted).as("after a quiet spell: at least burst - prefetch").isEqualTo(90);
  }

  @Test
  void prefetchZeroKeepsTheBurstExact() {
    RateLimiter l = limiter(100, Duration.ofSeconds(1), 100, 0);
    for (int round = 0; round < 2; round++) {
      int granted = 0;
      while (l.tryAcquire()) {
        granted++;
      }
      assertThat(granted).isEqualTo(100);
      ticker.advance(Duration.ofSeconds(10));
    }
  }

  @Test
  void acquireTakesFromTheStoreWithoutWaiting() {
    RateLimiter l = limiter(10, Duration.ofSeconds(1), 4, 2);
    for (int i = 0; i < 4; i++) {
      assertThat(l.acquire(Duration.ZERO)).as("permit %d", i).isTrue();
    }
    assertThat(l.acquire(Duration.ZERO)).isFalse();
    assertThat(l.acquire(Duration.ofMillis(100))).isTrue();
    assertThat(ticker.sleeps()).containsExactly(Duration.ofMillis(100));
  }

  @Test
  void prefetchIsCheckedAgainstTheBurst() {
    assertThatThrownBy(() -> RateLimiterConfig.builder("api").prefetch(-1))
        .hasMessage("rateLimiter \"api\": prefetch must be at least 0, was -1");
    assertThatThrownBy(() -> RateLimiterConfig.builder("api").burst(10).prefetch(6).build())
        .hasMessage("rateLimiter \"api\": prefetch must be in [0, burst / 2 = 5], was 6");
    assertThat(RateLimiterConfig.builder("api").burst(63).build().prefetch()).isZero();
    assertThat(RateLimiterConfig.builder("api").burst(1 << 20).build().prefetch()).isEqualTo(64);
  }

  @Test
  void anInterruptedWaitGivesItsSlotBackAndCountsNothing() {
    RateLimiter l =
        RateLimiter.of(
            "api",
            config(1, Duration.ofSeconds(1), 1)
                .sleeper(dev.levee.timeouts.Sleeper.system())
                .build());
    assertThat(l.tryAcquire()).isTrue();
    Thread.currentThread().interrupt();
    boolean got;
    try {
      got = l.acquire(Duration.ofSeconds(5));
    } finally {
      assertThat(Thread.interrupted()).as("the interrupt flag is kept").isTrue();
    }
    assertThat(got).isFalse();
    assertThat(l.permittedCount()).isEqualTo(1);
    ticker.advance(Duration.ofSeconds(1));
    assertThat(l.tryAcquire()).as("the slot the interrupted waiter reserved is free").isTrue();
  }

  @Test
  void aForeverTimeoutWaitsInsteadOfOverflowing() {
    RateLimiter l = limiter(1, Duration.ofSeconds(1), 1);
    assertThat(l.tryAcquire()).isTrue();
    assertThat(l.acquire(Duration.ofSeconds(Long.MAX_VALUE))).isTrue();
    assertThat(ticker.sleeps()).containsExactly(Duration.ofSeconds(1));
    assertThat(l.acquire(Duration.ofSeconds(-1))).as("a negative timeout is no wait").isFalse();
  }
}
