package dev.levee.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.timeouts.testing.ManualTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

class RateLimiterProperties {
  /**
   * The token bucket's promise: in any stretch of time of length T, it grants at most {@code burst
   * + T / interval} permits. Requests arrive at random steps of a manual ticker; every window
   * between two grant times is checked. Random prefetch stores and requests for several permits at
   * once must not bend it.
   */
  @Property
  void neverGrantsMoreThanBurstPlusRateTimesTime(
      @ForAll @IntRange(min = 1, max = 50) int permits,
      @ForAll @IntRange(min = 1, max = 300) int burst,
      @ForAll @IntRange(min = 0, max = 150) int prefetchWish,
      @ForAll @Size(min = 1, max = 200) List<@LongRange(min = 0, max = 300_000_000L) Long> gaps,
      @ForAll @Size(max = 200) List<@IntRange(min = 1, max = 4) Integer> sizes) {
    int prefetch = Math.min(prefetchWish, burst / 2);
    ManualTicker ticker = new ManualTicker();
    RateLimiter limiter =
        RateLimiter.of(
            "p",
            RateLimiterConfig.builder("p")
                .limit(permits, Duration.ofSeconds(1))
                .burst(burst)
                .prefetch(prefetch)
                .ticker(ticker)
                .build());
    long interval = 1_000_000_000L / permits;
    List<Long> granted = new ArrayList<>(); // one entry per permit, at the time it was granted
    long calls = 0;
    for (int i = 0; i < gaps.size(); i++) {
      ticker.advanceNanos(gaps.get(i));
      int n = i < sizes.size() ? Math.min(sizes.get(i), burst) : 1;
      if (limiter.tryAcquire(n)) {
        calls++;
        for (int p = 0; p < n; p++) {
          granted.add(ticker.read());
        }
      }
    }
    for (int i = 0; i < granted.size(); i++) {
      for (int j = i; j < granted.size(); j++) {
        long span = granted.get(j) - granted.get(i);
        assertThat(j - i + 1L)
            .as("grants in a span of %d ns", span)
            .isLessThanOrEqualTo(burst + span / interval);
      }
    }
    assertThat(limiter.permittedCount()).isEqualTo(calls);
  }
}
