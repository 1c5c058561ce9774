package dev.levee.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.testkit.Allocation;
import dev.levee.timeouts.testing.ManualTicker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Acquiring, giving back (closing windows and moving the limit included), rejecting and the
 * pipeline stage allocate nothing. Run interpreted (see the pom), where every allocation shows.
 */
class AdaptiveLimiterAllocationTest {
  private static final int CALLS = 10_000;
  private static long heard;
  private static final RejectionListener LISTENER = name -> heard++;

  private static AdaptiveLimiter limiter(ManualTicker ticker, int initial, int max) {
    return AdaptiveLimiter.of(
        "a",
        AdaptiveLimiterConfig.builder("a")
            .initialLimit(initial)
            .minLimit(Math.min(4, max)) // two calls at once (one at share 0.5) always fit
            .maxLimit(max)
            .sampleWindow(Duration.ofMillis(1))
            .minSamples(1)
            .baselineRefresh(Duration.ofMillis(5))
            .ticker(ticker)
            .build());
  }

  @Test
  void callsWindowsAndRejectionsAllocateNothing() {
    ManualTicker ticker = new ManualTicker();
    AdaptiveLimiter free = limiter(ticker, 10, 100);
    // The full limiter's clock stands still: its rejection log line (at most one a second, which
    // allocates) stays quiet, as in the bulkhead's test.
    AdaptiveLimiter full = limiter(new ManualTicker(), 1, 1);
    full.addListener(LISTENER);
    full.tryAcquire();
    full.tryAcquire(); // the first rejection logs its line
    // warm up: the first windows set the baseline and the logging's lazy state
    for (int i = 0; i < 100; i++) {
      long p = free.tryAcquire();
      ticker.advanceNanos(100_000);
      free.onSuccess(p);
    }
    assertThat(
            Allocation.bytesAllocatedBy(
                () -> {
                  for (int i = 0; i < CALLS; i++) {
                    long a = free.tryAcquire();
                    long b = free.tryAcquire(0.5);
                    full.tryAcquire();
                    ticker.advanceNanos(
                        100_000 + (i % 7) * 50_000); // windows close, the limit moves
                    free.onSuccess(a);
                    if ((i & 3) == 0) {
                      free.onDropped(b);
                    } else {
                      free.onIgnored(b);
                    }
                  }
                }))
        .isZero();
    assertThat(free.inFlight()).isZero();
    assertThat(free.rejectedCount()).isZero();
    assertThat(full.rejectedCount()).isPositive();
    assertThat(free.droppedCount()).as("the loop dropped calls").isPositive();
    assertThat(free.recentRtt()).as("windows closed").isPositive();
  }

  @Test
  void aPipelineWithTheStageAllocatesNothing() {
    ManualTicker ticker = new ManualTicker();
    AdaptiveLimiter l = limiter(ticker, 10, 100);
    Bulkhead bulkhead = Bulkhead.of("b", 10, Duration.ZERO);
    Pipeline p = Pipeline.builder("p").bulkhead(bulkhead).adaptiveLimiter(l).build();
    Runnable call = () -> ticker.advanceNanos(100_000);
    for (int i = 0; i < 100; i++) {
      p.run(call);
    }
    assertThat(
            Allocation.bytesAllocatedBy(
                () -> {
                  for (int i = 0; i < CALLS; i++) {
                    p.run(call);
                  }
                }))
        .isZero();
    assertThat(l.inFlight()).isZero();
  }
}
