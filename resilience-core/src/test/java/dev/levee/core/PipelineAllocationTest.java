package dev.levee.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.testkit.Allocation;
import dev.levee.timeouts.Deadline;
import dev.levee.timeouts.Ticker;
import dev.levee.timeouts.TimeLimiter;
import dev.levee.timeouts.testing.ManualTicker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * retry + breaker + rate limiter + bulkhead + in-flight tracking around a success: no allocation.
 * Issue 20: a pipeline with a timeout on the system ticker allocates nothing, even interpreted
 * ({@code -Xint}, where no escape analysis removes a deadline scope); so does the full pipeline the
 * README calls allocation-free, inside a caller's deadline or not.
 */
class PipelineAllocationTest {
  static List<Pipeline> pipelines() {
    return List.of(
        Pipeline.builder("timeout").timeout(Duration.ofSeconds(1)).build(),
        Pipeline.builder("full")
            .timeout(Duration.ofSeconds(1))
            .retry(Retry.of("full", RetryConfig.builder("full").maxRetries(2).build()))
            .circuitBreaker(CircuitBreaker.of("full"))
            .rateLimiter(
                RateLimiter.of(
                    "full",
                    RateLimiterConfig.builder("full")
                        .limit(1_000_000_000, Duration.ofSeconds(1))
                        .build()))
            .bulkhead(Bulkhead.of("full", 4, Duration.ZERO))
            .inFlight(InFlightTracker.create("full", Ticker.system()))
            .build());
  }

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

  @ParameterizedTest(name = "{0}")
  @MethodSource("pipelines")
  void aCallThroughThePipelineAllocatesNothing(Pipeline pipeline) {
    assertThat(Allocation.bytesAllocatedBy(() -> callMany(pipeline))).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pipelines")
  void insideACallersDeadlineToo(Pipeline pipeline) {
    try (Deadline.Scope scope = Deadline.after(Duration.ofMinutes(1)).bind()) {
      assertThat(Allocation.bytesAllocatedBy(() -> callMany(pipeline))).isZero();
      assertThat(Deadline.current())
          .as("the caller's deadline is back")
          .contains(scope.deadline().orElseThrow());
    }
  }

  @Test
  void aCallableThroughACallerThreadTimeLimiterAllocatesNothing() throws Exception {
    try (TimeLimiter limiter = TimeLimiter.builder("alloc").callerThread().build()) {
      Pipeline pipeline =
          Pipeline.builder("limited")
              .timeout(Duration.ofSeconds(1))
              .circuitBreaker(CircuitBreaker.of("limited"))
              .timeLimiter(limiter)
              .build();
      Callable<String> callable = () -> "ok";
      assertThat(
              Allocation.bytesAllocatedBy(
                  () -> {
                    for (int i = 0; i < 1_000; i++) {
                      try {
                        pipeline.call(callable);
                      } catch (Exception e) {
                        throw new AssertionError(e);
                      }
                    }
                  }))
          .isZero();
    }
  }

  private static void callMany(Pipeline pipeline) {
    Supplier<String> supplier = () -> "ok";
    Callable<String> callable = () -> "ok";
    for (int i = 0; i < 1_000; i++) {
      pipeline.get(supplier);
      try {
        pipeline.call(callable);
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }
  }
}
