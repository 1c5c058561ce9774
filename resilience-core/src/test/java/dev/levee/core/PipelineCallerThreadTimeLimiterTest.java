package dev.levee.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levee.timeouts.OperationTimeoutException;
import dev.levee.timeouts.TimeLimitWatchdog;
import dev.levee.timeouts.TimeLimiter;
import dev.levee.timeouts.testing.ManualTicker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A caller-thread {@link TimeLimiter} in a pipeline and as a retry's attempt timeout: the work runs
 * on the caller's thread, and a timeout (driven by hand here) surfaces as the same {@link
 * OperationTimeoutException} as with the handoff.
 */
class PipelineCallerThreadTimeLimiterTest {
  private final ManualTicker ticker = new ManualTicker();
  private final TimeLimitWatchdog watchdog = TimeLimitWatchdog.manual(ticker);
  private final TimeLimiter limiter =
      TimeLimiter.builder("db").ticker(ticker).callerThread(watchdog).build();

  @AfterEach
  void close() {
    limiter.close();
    watchdog.close();
    assertThat(Thread.interrupted()).as("no interrupt outlives a call").isFalse();
  }

  @Test
  void thePipelinesTimeoutIsEnforcedOnTheCallersThread() throws Exception {
    Pipeline pipeline =
        Pipeline.builder("db")
            .timeout(Duration.ofSeconds(2))
            .ticker(ticker)
            .circuitBreaker(CircuitBreaker.of("db"))
            .timeLimiter(limiter)
            .build();
    Thread caller = Thread.currentThread();
    assertThat(pipeline.<Boolean>call(() -> Thread.currentThread() == caller)).isTrue();
    assertThatThrownBy(
            () ->
                pipeline.call(
                    () -> {
                      ticker.advance(Duration.ofSeconds(2));
                      watchdog.scan();
                      Thread.sleep(60_000);
                      return "late";
                    }))
        .isInstanceOfSatisfying(
            OperationTimeoutException.class,
            e -> {
              assertThat(e.operation()).isEqualTo("db");
              assertThat(e.timeout()).isEqualTo(Duration.ofSeconds(2));
            });
    assertThat(limiter.violationCount()).isEqualTo(1);
    assertThat(watchdog.watchedCalls()).isZero();
  }

  @Test
  void aRetrysAttemptTimeoutStopsTheFirstAttemptAndTheSecondSucceeds() throws Exception {
    Retry retry =
        Retry.of(
            "db",
            RetryConfig.builder("db")
                .ticker(ticker)
                .sleeper(ticker.sleeper())
                .attemptTimeout(limiter, Duration.ofMillis(100))
                .build());
    AtomicInteger attempts = new AtomicInteger();
    String result =
        retry.call(
            () -> {
              if (attempts.incrementAndGet() == 1) {
                ticker.advance(Duration.ofMillis(100));
                watchdog.scan();
                Thread.sleep(60_000); // interrupted at once
              }
              return "second attempt";
            });
    assertThat(result).isEqualTo("second attempt");
    assertThat(limiter.violationCount()).isEqualTo(1);
  }
}
