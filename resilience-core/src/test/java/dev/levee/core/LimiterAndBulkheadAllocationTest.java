package dev.levee.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.testkit.Allocation;
import dev.levee.timeouts.testing.ManualTicker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Granting and rejecting allocate nothing, with a listener registered: rejections reuse one
 * exception, the listeners are an array, and the rate-limited log stays quiet within its second.
 */
class LimiterAndBulkheadAllocationTest {
  private static final int CALLS = 10_000;
  private static long heard;
  private static final RejectionListener LISTENER = name -> heard++;

  @Test
  void rateLimiterGrantsAndRejectionsAllocateNothing() {
    ManualTicker ticker = new ManualTicker();
    RateLimiter open =
        RateLimiter.of(
            "open",
            RateLimiterConfig.builder("open").limit(1_000_000, Duration.ofMillis(1)).build());
    RateLimiter shut =
        RateLimiter.of(
            "shut",
            RateLimiterConfig.builder("shut").limit(1, Duration.ofDays(1)).ticker(ticker).build());
    shut.addListener(LISTENER);
    shut.tryAcquire(); // takes the only permit
    shut.tryAcquire(); // the first rejection logs its line
    long before = heard;
    assertThat(
            Allocation.bytesAllocatedBy(
                () -> {
                  for (int i = 0; i < CALLS; i++) {
                    open.tryAcquire();
                    shut.tryAcquire();
                  }
                }))
        .isZero();
    long calls = heard - before; // the measurement runs the loop more than once
    assertThat(calls).as("every rejection reached the listener").isPositive();
    assertThat(calls % CALLS).isZero();
  }

  @Test
  void bulkheadPlacesAndRejectionsAllocateNothing() {
    ManualTicker ticker = new ManualTicker();
    Bulkhead free = Bulkhead.of("free", 10, Duration.ZERO);
    Bulkhead full =
        Bulkhead.of("full", BulkheadConfig.builder("full").maxConcurrent(1).ticker(ticker).build());
    full.addListener(LISTENER);
    full.tryAcquire();
    full.tryAcquire(); // the first rejection logs its line
    Runnable call = () -> {};
    assertThat(
            Allocation.bytesAllocatedBy(
                () -> {
                  for (int i = 0; i < CALLS; i++) {
                    free.run(call);
                    full.tryAcquire();
                  }
                }))
        .isZero();
  }
}
