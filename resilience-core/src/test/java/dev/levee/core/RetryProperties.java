package dev.levee.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.levee.timeouts.Deadline;
import dev.levee.timeouts.testing.ManualTicker;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class RetryProperties {
  /** The failures a scenario can throw, by category. */
  enum Failure {
    RETRIABLE,
    TRANSIENT,
    FATAL,
    INVALID_INPUT;

    Exception make() {
      switch (this) {
        case RETRIABLE:
          return new ConnectException();
        case TRANSIENT:
          return new java.util.concurrent.RejectedExecutionException();
        case FATAL:
          return new IllegalStateException();
        default:
          return new IllegalArgumentException();
      }
    }
  }

  @Property
  void retriesNeverExceedAttemptsDurationDeadlineOrBudget(
      @ForAll Failure failure,
      @ForAll @IntRange(min = 0, max = 12) int maxRetries,
      @ForAll @LongRange(min = 1, max = 20_000) long maxDurationMs,
      @ForAll @LongRange(min = 0, max = 20_000) long deadlineMs,
      @ForAll @IntRange(min = 1, max = 10) int budgetCapacity) {
    ManualTicker ticker = new ManualTicker();
    RetryBudget budget = RetryBudget.of("b", 0.2, budgetCapacity);
    Retry retry =
        Retry.of(
            "p",
            RetryConfig.builder("p")
                .maxRetries(maxRetries)
                .maxDuration(Duration.ofMillis(maxDurationMs))
                .budget(budget)
                .ticker(ticker)
                .sleeper(ticker.sleeper())
                .build());
    AtomicInteger attempts = new AtomicInteger();
    long start = ticker.read();
    Throwable thrown;
    try (Deadline.Scope scope = Deadline.after(Duration.ofMillis(deadlineMs), ticker).bind()) {
      thrown =
          catchThrowable(
              () ->
                  retry.call(
                      () -> {
                        attempts.incrementAndGet();
                        throw failure.make();
                      }));
    }
    long elapsed = ticker.read() - start;
    assertThat(thrown).isNotNull();
    if (failure == Failure.FATAL || failure == Failure.INVALID_INPUT) {
      assertThat(attempts).as("never retried").hasValue(1);
      assertThat(elapsed).isZero();
      return;
    }
    assertThat(attempts.get() - 1).isLessThanOrEqualTo(maxRetries);
    assertThat(attempts.get() - 1).as("budget").isLessThanOrEqualTo(budgetCapacity);
    assertThat(elapsed)
        .as("max duration")
        .isLessThanOrEqualTo(Duration.ofMillis(maxDurationMs).toNanos());
    assertThat(elapsed)
        .as("deadline")
        .isLessThan(Math.max(1, Duration.ofMillis(deadlineMs).toNanos()));
  }
}
