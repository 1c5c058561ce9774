package dev.levee.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levee.errors.ClassifiedException;
import dev.levee.errors.ErrorCategory;
import dev.levee.timeouts.testing.ManualScheduler;
import dev.levee.timeouts.testing.ManualTicker;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What a retry does at the edges: errors, refused schedules, hostile hints, cancellation. */
class RetryEdgeCasesTest {
  private final ManualTicker ticker = new ManualTicker();
  private final ManualScheduler scheduler = new ManualScheduler(ticker);

  private RetryConfig.Builder config() {
    return RetryConfig.builder("db").ticker(ticker).sleeper(ticker.sleeper()).scheduler(scheduler);
  }

  private static ClassifiedException retryAfter(long millis) {
    return ClassifiedException.builder(ErrorCategory.TRANSIENT, "rate limited")
        .metadata("retry_after_ms", millis)
        .build();
  }

  @Test
  void anAsyncAttemptFailingWithAnErrorCompletesTheResultWithIt() {
    Retry retry = Retry.of("db", config().build());
    AssertionError boom = new AssertionError("boom");
    CompletableFuture<String> f = retry.callAsync(() -> CompletableFuture.failedFuture(boom));
    scheduler.advance(Duration.ofMinutes(10));
    assertThat(f).isCompletedExceptionally();
    assertThatThrownBy(f::join).hasCause(boom);
  }

  @Test
  void aSchedulerThatRefusesTheNextAttemptCompletesTheResult() {
    RejectedExecutionException shutDown = new RejectedExecutionException("shut down");
    Retry retry =
        Retry.of(
            "db",
            config()
                .scheduler(
                    (task, delay, unit) -> {
                      throw shutDown;
                    })
                .build());
    ConnectException refused = new ConnectException("refused");
    CompletableFuture<String> f = retry.callAsync(() -> CompletableFuture.failedFuture(refused));
    assertThat(f).isCompletedExceptionally();
    assertThatThrownBy(f::join).hasCause(refused);
    assertThat(refused.getSuppressed()).contains(shutDown);
  }

  @Test
  void aHugeRetryAfterHintEndsWithTheFailureBlockingOrAsync() {
    ClassifiedException limited = retryAfter(Long.MAX_VALUE);
    Retry retry = Retry.of("db", config().maxDuration(Duration.ofSeconds(10)).build());
    assertThatThrownBy(
            () ->
                retry.call(
                    () -> {
                      throw limited;
                    }))
        .isSameAs(limited);
    // Without maxDuration or a deadline the hint is honoured, saturated at ~146 years: a
    // scheduled attempt, not an ArithmeticException lost in a callback.
    Retry async = Retry.of("db", config().build());
    CompletableFuture<String> f = async.callAsync(() -> CompletableFuture.failedFuture(limited));
    assertThat(scheduler.pendingDelays()).containsExactly(Duration.ofNanos(Long.MAX_VALUE / 2));
    assertThat(f).isNotDone();
    f.cancel(true);
    assertThat(ticker.sleeps()).isEmpty();
  }

  @Test
  void aHugeHintCannotWrapPastMaxDuration() {
    Retry retry = Retry.of("db", config().maxDuration(Duration.ofSeconds(10)).build());
    ClassifiedException limited = retryAfter(9_223_372_036_854L);
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(
            () ->
                retry.call(
                    () -> {
                      ticker.advance(Duration.ofMillis(1));
                      calls.incrementAndGet();
                      throw limited;
                    }))
        .isSameAs(limited);
    assertThat(ticker.sleeps()).as("no wait past maxDuration").isEmpty();
    assertThat(calls).hasValue(1);
  }

  @Test
  void aNegativeHintIsIgnoredNotTakenForAStop() throws Exception {
    Retry retry = Retry.of("db", config().maxRetries(1).build());
    AtomicInteger calls = new AtomicInteger();
    assertThat(
            retry.call(
                () -> {
                  if (calls.incrementAndGet() == 1) {
                    throw retryAfter(-5);
                  }
                  return "ok";
                }))
        .isEqualTo("ok");
    assertThat(ticker.sleeps())
        .as("the TRANSIENT backoff: 4 x 50ms")
        .containsExactly(Duration.ofMillis(200));
  }

  @Test
  void aCancelledAsyncCallDecidesNoRetry() {
    RetryBudget budget = RetryBudget.of("b", 0.1, 1);
    Retry retry = Retry.of("db", config().budget(budget).build());
    CompletableFuture<String> inFlight = new CompletableFuture<>();
    CompletableFuture<String> f = retry.callAsync(() -> inFlight);
    f.cancel(true);
    inFlight.completeExceptionally(new ConnectException("refused"));
    assertThat(retry.retryCount()).isZero();
    assertThat(budget.available()).as("no token charged").isEqualTo(1);
    assertThat(scheduler.pending()).as("nothing scheduled").isZero();
  }

  @Test
  void aSmallBudgetRatioStillRefillsAndATooSmallOneIsRefused() {
    RetryBudget b = RetryBudget.of("b", 0.0004, 1);
    assertThat(b.tryRetry()).isTrue();
    for (int i = 0; i < 2_500; i++) {
      b.onCall();
    }
    assertThat(b.available()).as("2,500 calls x 0.0004 = 1 retry").isEqualTo(1);
    assertThatThrownBy(() -> RetryBudget.of("b", 1e-9, 1))
        .hasMessage(
            "retryBudget \"b\": ratio must be at least 0.000001 (one retry per million calls),"
                + " was 1.0E-9");
  }
}
