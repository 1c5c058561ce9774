package dev.levee.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.core.AdaptiveLimiterConfig.Algorithm;
import dev.levee.timeouts.testing.ManualTicker;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each algorithm moves the limit the right way, against a dependency simulated on a manual ticker:
 * every round takes all the places it can (so the limit is what holds the caller back), lets the
 * given round-trip time pass, and gives them all back.
 */
class AdaptiveLimiterAlgorithmTest {
  private static final long BASE = 10_000_000L; // 10 ms unloaded

  private final ManualTicker ticker = new ManualTicker();

  private AdaptiveLimiter limiter(Algorithm algorithm, int initial) {
    return AdaptiveLimiter.of(
        "dep",
        AdaptiveLimiterConfig.builder("dep")
            .algorithm(algorithm)
            .initialLimit(initial)
            .minLimit(2)
            .maxLimit(200)
            .sampleWindow(Duration.ofMillis(10))
            .minSamples(1)
            .baselineRefresh(Duration.ofHours(1))
            .ticker(ticker)
            .build());
  }

  /** One full round: as many calls as the limit allows, each taking {@code rtt}. */
  private void round(AdaptiveLimiter l, long rtt, boolean drop) {
    long[] permits = new long[l.limit() + 1];
    int n = 0;
    long p;
    while ((p = l.tryAcquire()) != AdaptiveLimiter.REJECTED) {
      permits[n++] = p;
    }
    ticker.advanceNanos(rtt);
    for (int i = 0; i < n; i++) {
      if (drop) {
        l.onDropped(permits[i]);
      } else {
        l.onSuccess(permits[i]);
      }
    }
  }

  private void rounds(AdaptiveLimiter l, int count, long rtt, boolean drop) {
    for (int i = 0; i < count; i++) {
      round(l, rtt, drop);
    }
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void fastAndFullGrowsTheLimit(Algorithm algorithm) {
    AdaptiveLimiter l = limiter(algorithm, 20);
    rounds(l, 20, BASE, false);
    assertThat(l.limit()).isGreaterThan(20);
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void fastButIdleLeavesTheLimitWhereItIs(Algorithm algorithm) {
    AdaptiveLimiter l = limiter(algorithm, 20);
    for (int i = 0; i < 50; i++) {
      long p = l.tryAcquire(); // one call at a time: the limit holds nobody back
      ticker.advanceNanos(BASE);
      l.onSuccess(p);
    }
    assertThat(l.limit()).isEqualTo(20);
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void risingLatencyShrinksTheLimit(Algorithm algorithm) {
    AdaptiveLimiter l = limiter(algorithm, 40);
    rounds(l, 2, BASE, false);
    int before = l.limit();
    rounds(l, 20, 4 * BASE, false);
    assertThat(l.limit()).isLessThan(before);
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void dropsShrinkTheLimit(Algorithm algorithm) {
    AdaptiveLimiter l = limiter(algorithm, 40);
    rounds(l, 2, BASE, false);
    int before = l.limit();
    rounds(l, 10, BASE, true);
    assertThat(l.limit()).isLessThan(before);
    assertThat(l.droppedCount()).isPositive();
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void aQueueingDependencyIsFollowedToItsCapacity(Algorithm algorithm) {
    // A dependency that serves 10 at once in 10 ms each and queues the rest, first come first
    // served: of a round of n calls, the i-th ends after (i / 10 + 1) x 10 ms. Every algorithm must
    // end near 10 from either side. Windows of 100 ms hold whole rounds (a window that saw only a
    // round's first, unqueued calls would see no queue).
    int capacity = 10;
    for (int initial : new int[] {4, 100}) {
      AdaptiveLimiter l =
          AdaptiveLimiter.of(
              "dep",
              limiter(algorithm, initial).config().toBuilder("dep")
                  .sampleWindow(Duration.ofMillis(100))
                  .build());
      for (int i = 0; i < 600; i++) {
        long[] permits = new long[l.limit()];
        int n = 0;
        long p;
        while ((p = l.tryAcquire()) != AdaptiveLimiter.REJECTED) {
          permits[n++] = p;
        }
        long start = ticker.read();
        for (int c = 0; c < n; c++) {
          ticker.advanceNanos(start + BASE * (c / capacity + 1) - ticker.read());
          l.onSuccess(permits[c]);
        }
      }
      assertThat(l.limit())
          .as("%s from %d", algorithm, initial)
          .isBetween(capacity / 2, capacity * 3);
    }
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void aDependencyThatSlowsForGoodGetsANewBaseline(Algorithm algorithm) {
    AdaptiveLimiter l =
        AdaptiveLimiter.of(
            "dep",
            limiter(algorithm, 10).config().toBuilder("dep")
                .baselineRefresh(Duration.ofSeconds(1))
                .build());
    rounds(l, 5, BASE, false);
    assertThat(l.baselineRtt()).isEqualTo(Duration.ofMillis(10));
    rounds(l, 200, 3 * BASE, false); // 6 s at 30 ms: a probe re-measures the baseline
    assertThat(l.baselineRtt()).isEqualTo(Duration.ofMillis(30));
    assertThat(l.limit())
        .as("not collapsed by a baseline that was stale")
        .isGreaterThanOrEqualTo(5);
  }
}
