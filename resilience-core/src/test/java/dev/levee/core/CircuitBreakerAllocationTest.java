package dev.levee.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.testkit.Allocation;
import dev.levee.timeouts.testing.ManualTicker;
import java.net.ConnectException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The hot paths allocate nothing: permit and success in every trip mode, the decorated call, and
 * rejection (including the thrown exception, shared per open period). Counted with the JVM's
 * per-thread allocation counter, which is exact.
 */
class CircuitBreakerAllocationTest {
  private static final int CALLS = 10_000;

  private static long successPath(CircuitBreaker b) {
    return Allocation.bytesAllocatedBy(
        () -> {
          for (int i = 0; i < CALLS; i++) {
            long p = b.tryAcquire();
            b.onSuccess(p, 1_000);
          }
        });
  }

  @Test
  void successPathsAllocateNothing() {
    assertThat(successPath(CircuitBreaker.of("consecutive"))).isZero();
    assertThat(
            successPath(
                CircuitBreaker.of(
                    "count", CircuitBreakerConfig.builder("c").countWindow(100).build())))
        .isZero();
    assertThat(
            successPath(
                CircuitBreaker.of(
                    "slow",
                    CircuitBreakerConfig.builder("s")
                        .countWindow(100)
                        .slowCalls(Duration.ofSeconds(1), 50)
                        .build())))
        .isZero();
  }

  @Test
  void timeWindowAllocatesOnlyWhenABucketRollsOver() {
    ManualTicker ticker = new ManualTicker();
    CircuitBreaker b =
        CircuitBreaker.of(
            "time",
            CircuitBreakerConfig.builder("t")
                .timeWindow(Duration.ofSeconds(60), Duration.ofSeconds(1))
                .ticker(ticker)
                .build());
    assertThat(successPath(b)).as("within one bucket period").isZero();
    long rollovers =
        Allocation.bytesAllocatedBy(
            () -> {
              for (int i = 0; i < CALLS; i++) {
                if (i % 1000 == 0) {
                  ticker.advanceNanos(1_000_000_000L);
                }
                b.onSuccess(b.tryAcquire(), 0);
              }
            });
    assertThat(rollovers)
        .as("10 rollovers, one small bucket each (under 96 bytes)")
        .isPositive()
        .isLessThanOrEqualTo(10 * 96);
  }

  @Test
  void decoratedCallsAllocateNothing() {
    CircuitBreaker b =
        CircuitBreaker.of("call", CircuitBreakerConfig.builder("c").countWindow(50).build());
    Runnable work = () -> {};
    assertThat(
            Allocation.bytesAllocatedBy(
                () -> {
                  for (int i = 0; i < CALLS; i++) {
                    b.run(work);
                  }
                }))
        .isZero();
  }

  @Test
  void rejectionAllocatesNothing() {
    CircuitBreaker b =
        CircuitBreaker.of("open", CircuitBreakerConfig.builder("o").consecutiveFailures(1).build());
    long p = b.tryAcquire();
    b.onFailure(p, new ConnectException());
    Runnable work = () -> {};
    assertThat(
            Allocation.bytesAllocatedBy(
                () -> {
                  for (int i = 0; i < CALLS; i++) {
                    b.tryAcquire();
                    try {
                      b.run(work);
                    } catch (CallNotPermittedException expected) {
                      // the shared rejection
                    }
                  }
                }))
        .isZero();
    assertThat(b.rejectedCount()).as("two rejections a loop, run six times").isEqualTo(12L * CALLS);
  }
}
