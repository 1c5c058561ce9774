package dev.levee.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.testkit.Allocation;
import dev.levee.timeouts.testing.ManualTicker;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * retry + breaker + rate limiter + bulkhead + in-flight tracking around a success: no allocation.
 */
class PipelineAllocationTest {
  @Test
  void aSuccessfulCallThroughEveryNonBlockingStageAllocatesNothing() {
    ManualTicker ticker = new ManualTicker();
    Pipeline p =
        Pipeline.builder("db")
            .retry(Retry.of("db", RetryConfig.defaults()))
            .circuitBreaker(
                CircuitBreaker.of(
                    "db", CircuitBreakerConfig.builder("db").countWindow(100).build()))
            .rateLimiter(
                RateLimiter.of(
                    "db",
                    RateLimiterConfig.builder("db")
                        .limit(1_000_000, Duration.ofSeconds(1))
                        .ticker(ticker)
                        .build()))
            .bulkhead(Bulkhead.of("db", 10, Duration.ZERO))
            .inFlight(InFlightTracker.create("db", ticker))
            .build();
    Supplier<String> call = () -> "ok";
    assertThat(
            Allocation.bytesAllocatedBy(
                () -> {
                  for (int i = 0; i < 5_000; i++) {
                    ticker.advanceNanos(1_000);
                    p.get(call);
                  }
                }))
        .isZero();
  }
}
