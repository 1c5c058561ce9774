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
   * between two grant times is checked.
   */
  @Property
  void neverGrantsMoreThanBurstPlusRateTimesTime(
      @ForAll @IntRange(min = 1, max = 50) int permits,
      @ForAll @IntRange(min = 1, max = 20) int burst,
      @ForAll @Size(min = 1, max = 200) List<@LongRange(min = 0, max = 300_000_000L) Long> gaps) {
    ManualTicker ticker = new ManualTicker();
    RateLimiter limiter =
        RateLimiter.of(
            "p",
            RateLimiterConfig.builder("p")
                .limit(permits, Duration.ofSeconds(1))
                .burst(burst)
                .ticker(ticker)
                .build());
    long interval = 1_000_000_000L / permits;
    List<Long> granted = new ArrayList<>();
    for (long gap : gaps) {
      ticker.advanceNanos(gap);
      if (limiter.tryAcquire()) {
        granted.add(ticker.read());
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
    assertThat(limiter.permittedCount()).isEqualTo(granted.size());
  }
}
