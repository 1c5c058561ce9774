package dev.levee.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.core.AdaptiveLimiterConfig.Algorithm;
import dev.levee.timeouts.testing.ManualTicker;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/**
 * Whatever the samples (any round-trip times, drops, idle gaps, any mix of acquiring and giving
 * back), the limit stays within [min, max], a call is admitted only below the limit, and the count
 * in flight is exactly the permits not yet given back.
 */
class AdaptiveLimiterProperties {
  @Property(tries = 300)
  void theLimitStaysWithinItsBoundsAndAdmitsOnlyBelowIt(
      @ForAll Algorithm algorithm,
      @ForAll @IntRange(min = 1, max = 50) int min,
      @ForAll @IntRange(min = 0, max = 100) int span,
      @ForAll @DoubleRange(min = 0.01, max = 1.0) double smoothing,
      @ForAll @IntRange(min = 1, max = 5) int minSamples,
      @ForAll @Size(min = 1, max = 400)
          List<@LongRange(min = 0, max = 2_000_000_000L) Long> steps) {
    int max = min + span;
    ManualTicker ticker = new ManualTicker();
    AdaptiveLimiter l =
        AdaptiveLimiter.of(
            "p",
            AdaptiveLimiterConfig.builder("p")
                .algorithm(algorithm)
                .minLimit(min)
                .maxLimit(max)
                .initialLimit(min + span / 2)
                .smoothing(smoothing)
                .sampleWindow(Duration.ofMillis(1))
                .minSamples(minSamples)
                .baselineRefresh(Duration.ofMillis(50))
                .ticker(ticker)
                .build());
    ArrayDeque<Long> out = new ArrayDeque<>();
    for (long step : steps) {
      // The step's low bits choose what happens; the rest is how much time passes.
      int action = (int) (step % 7);
      ticker.advanceNanos(step / 7 % 200_000_000L);
      if (action <= 2) {
        int before = l.inFlight();
        int limit = l.limit();
        double share = action == 2 ? 0.5 : 1.0;
        long p = action == 2 ? l.tryAcquire(share) : l.tryAcquire();
        int allowed = Math.max(1, (int) (limit * share));
        if (p == AdaptiveLimiter.REJECTED) {
          assertThat(before).as("rejected only at the limit").isGreaterThanOrEqualTo(allowed);
        } else {
          assertThat(before).as("admitted only below the limit").isLessThan(allowed);
          out.add(p);
        }
      } else if (!out.isEmpty()) {
        long p = action == 3 ? out.pollFirst() : out.pollLast();
        switch (action) {
          case 3:
          case 4:
            l.onSuccess(p);
            break;
          case 5:
            l.onDropped(p);
            break;
          default:
            l.onIgnored(p);
        }
      }
      assertThat(l.limit()).isBetween(min, max);
      assertThat(l.inFlight()).isEqualTo(out.size());
    }
  }
}
