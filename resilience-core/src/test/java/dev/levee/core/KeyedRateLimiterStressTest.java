package dev.levee.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.testkit.LeveeThreads;
import dev.levee.timeouts.testing.ManualTicker;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many threads on one keyed limiter with four times more keys than its cap, evictions racing
 * decisions. Time stands still within a round and jumps between rounds far enough for every key to
 * be idle, so each round evicts while threads decide: within a round a key gets at most its burst
 * (one bucket, never two), the map never holds more than the cap, and no slot leaks.
 */
@Timeout(120)
class KeyedRateLimiterStressTest {
  private static final int THREADS = 8;
  private static final int KEYS = 64;
  private static final int MAX_KEYS = 16;
  private static final int BURST = 3;
  private static final int ROUNDS = 20;
  private static final int CALLS = 5_000;

  @Test
  void keysNeverExceedTheCapAndNoKeyGetsTwoBucketsWorth() throws Exception {
    ManualTicker ticker = new ManualTicker();
    KeyedRateLimiter<String> limiter =
        KeyedRateLimiter.of(
            "stress",
            KeyedRateLimiterConfig.builder("stress")
                .limit(1, Duration.ofSeconds(1))
                .burst(BURST)
                .maxKeys(MAX_KEYS)
                .idleTimeout(Duration.ofSeconds(1))
                .overflow(KeyedRateLimiterConfig.Overflow.REJECT)
                .ticker(ticker)
                .build());
    String[] keys = new String[KEYS];
    for (int i = 0; i < KEYS; i++) {
      keys[i] = "k" + i;
    }
    AtomicLong worstKeys = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      for (int round = 0; round < ROUNDS; round++) {
        ticker.advance(Duration.ofSeconds(10)); // every bucket full and idle: evictions race
        AtomicIntegerArray granted = new AtomicIntegerArray(KEYS);
        CountDownLatch go = new CountDownLatch(1);
        Future<?>[] workers = new Future<?>[THREADS];
        for (int t = 0; t < THREADS; t++) {
          int seed = t * 7919 + round;
          workers[t] =
              pool.submit(
                  () -> {
                    go.await();
                    int x = seed;
                    for (int i = 0; i < CALLS; i++) {
                      x = x * 1_103_515_245 + 12_345;
                      int k = (x >>> 16) % KEYS;
                      if (limiter.tryAcquire(keys[k])) {
                        granted.incrementAndGet(k);
                      }
                      worstKeys.accumulateAndGet(limiter.keyCount(), Math::max);
                    }
                    return null;
                  });
        }
        go.countDown();
        for (Future<?> w : workers) {
          w.get(100, TimeUnit.SECONDS);
        }
        for (int k = 0; k < KEYS; k++) {
          assertThat(granted.get(k)).as("round %d, key %d", round, k).isLessThanOrEqualTo(BURST);
        }
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(worstKeys.get()).isLessThanOrEqualTo(MAX_KEYS);
    assertThat(limiter.evictedCount()).as("rounds evicted while threads decided").isPositive();
    assertThat(limiter.overflowedCount()).isPositive();

    ticker.advance(Duration.ofSeconds(10));
    limiter.evictIdle();
    assertThat(limiter.keyCount()).isZero();
    long overflowed = limiter.overflowedCount();
    for (int i = 0; i < MAX_KEYS; i++) {
      assertThat(limiter.tryAcquire("fresh-" + i)).as("a slot leaked").isTrue();
    }
    assertThat(limiter.overflowedCount()).as("every slot came back").isEqualTo(overflowed);
    assertThat(limiter.keyCount()).isEqualTo(MAX_KEYS);
    LeveeThreads.assertNoneSurvive(Duration.ofSeconds(5));
  }
}
