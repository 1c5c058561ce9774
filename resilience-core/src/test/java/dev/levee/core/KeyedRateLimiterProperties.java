package dev.levee.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.timeouts.testing.ManualTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

class KeyedRateLimiterProperties {
  /**
   * Each key keeps the token bucket's promise (at most {@code burst + T / interval} permits in any
   * span T, so at most {@code permits + burst} per period) whatever the other keys do, however
   * often it is evicted and comes back, and however small the key cap: with the REJECT policy no
   * key is ever served by anything but its own bucket. The limiter never holds more keys than its
   * cap.
   */
  @Property
  void eachKeyKeepsItsRateAndTheLimiterItsCap(
      @ForAll @IntRange(min = 1, max = 20) int permits,
      @ForAll @IntRange(min = 1, max = 30) int burst,
      @ForAll @IntRange(min = 1, max = 6) int maxKeys,
      @ForAll @IntRange(min = 1, max = 3_000) int idleMillis,
      @ForAll @Size(min = 1, max = 300) List<@IntRange(min = 0, max = 9) Integer> keys,
      @ForAll @Size(min = 1, max = 300) List<@LongRange(min = 0, max = 400_000_000L) Long> gaps) {
    ManualTicker ticker = new ManualTicker();
    KeyedRateLimiter<Integer> limiter =
        KeyedRateLimiter.of(
            "p",
            KeyedRateLimiterConfig.builder("p")
                .limit(permits, Duration.ofSeconds(1))
                .burst(burst)
                .maxKeys(maxKeys)
                .idleTimeout(Duration.ofMillis(idleMillis))
                .overflow(KeyedRateLimiterConfig.Overflow.REJECT)
                .ticker(ticker)
                .build());
    long interval = (1_000_000_000L + permits - 1) / permits;
    Map<Integer, List<Long>> granted = new HashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      ticker.advanceNanos(gaps.get(i % gaps.size()));
      Integer key = keys.get(i);
      if (limiter.tryAcquire(key)) {
        granted.computeIfAbsent(key, k -> new ArrayList<>()).add(ticker.read());
      }
      assertThat(limiter.keyCount()).isLessThanOrEqualTo(maxKeys);
    }
    for (List<Long> times : granted.values()) {
      for (int i = 0; i < times.size(); i++) {
        for (int j = i; j < times.size(); j++) {
          long span = times.get(j) - times.get(i);
          assertThat(j - i + 1L)
              .as("grants to one key in a span of %d ns", span)
              .isLessThanOrEqualTo(burst + span / interval);
          if (span < 1_000_000_000L) {
            assertThat(j - i + 1L).as("grants in one period").isLessThanOrEqualTo(permits + burst);
          }
        }
      }
    }
    assertThat(limiter.permittedCount() + limiter.rejectedCount()).isEqualTo(keys.size());
  }

  /**
   * With the shared overflow bucket, memory stays bounded and the keys that found no room together
   * get no more than one bucket's worth: the total granted beyond what the cap's own buckets could
   * give is bounded by one more key's promise.
   */
  @Property
  void theSharedOverflowBucketStillLimitsAndTheCapHolds(
      @ForAll @IntRange(min = 1, max = 10) int permits,
      @ForAll @IntRange(min = 1, max = 4) int maxKeys,
      @ForAll @Size(min = 1, max = 300) List<@IntRange(min = 0, max = 50) Integer> keys,
      @ForAll @Size(min = 1, max = 300) List<@LongRange(min = 0, max = 50_000_000L) Long> gaps) {
    ManualTicker ticker = new ManualTicker();
    KeyedRateLimiter<Integer> limiter =
        KeyedRateLimiter.of(
            "p",
            KeyedRateLimiterConfig.builder("p")
                .limit(permits, Duration.ofSeconds(1))
                .maxKeys(maxKeys)
                .idleTimeout(Duration.ofDays(1)) // never idle: every new key past the cap overflows
                .ticker(ticker)
                .build());
    long interval = (1_000_000_000L + permits - 1) / permits;
    long elapsed = 0;
    for (int i = 0; i < keys.size(); i++) {
      long gap = gaps.get(i % gaps.size());
      ticker.advanceNanos(gap);
      elapsed += gap;
      limiter.tryAcquire(keys.get(i));
      assertThat(limiter.keyCount()).isLessThanOrEqualTo(maxKeys);
    }
    long onePromise = permits + elapsed / interval;
    assertThat(limiter.permittedCount())
        .as("the cap's buckets and the overflow bucket, each at one key's rate")
        .isLessThanOrEqualTo((maxKeys + 1) * onePromise);
    assertThat(limiter.evictedCount()).isZero();
  }
}
