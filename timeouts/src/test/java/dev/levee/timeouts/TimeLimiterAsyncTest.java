package dev.levee.timeouts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levee.timeouts.testing.ManualScheduler;
import dev.levee.timeouts.testing.ManualTicker;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The asynchronous path: everything happens on the test thread, driven by the manual scheduler. */
class TimeLimiterAsyncTest {
  private final ManualTicker ticker = new ManualTicker();
  private final ManualScheduler scheduler = new ManualScheduler(ticker);
  private final TimeLimiter limiter =
      TimeLimiter.builder("async")
          .timeouts(Timeouts.builder().timeout("rpc", Duration.ofSeconds(1)).build())
          .ticker(ticker)
          .scheduler(scheduler)
          .build();

  @AfterEach
  void close() {
    limiter.close();
  }

  @Test
  void completesWithTheSourceAndCancelsTheTimer() throws Exception {
    CompletableFuture<String> source = new CompletableFuture<>();
    CompletableFuture<String> limited = limiter.callAsync("rpc", () -> source);
    assertThat(scheduler.pending()).isEqualTo(1);
    source.complete("pong");
    assertThat(limited.get()).isEqualTo("pong");
    assertThat(scheduler.pending()).isZero();
  }

  @Test
  void passesTheSourcesFailureUnwrapped() {
    CompletableFuture<String> source = new CompletableFuture<>();
    CompletableFuture<String> limited = limiter.callAsync("rpc", () -> source);
    IOException failure = new IOException("reset");
    source.completeExceptionally(new CompletionException(failure));
    assertThatThrownBy(limited::get).isInstanceOf(ExecutionException.class).hasCause(failure);
  }

  @Test
  void timesOutAndCancelsTheSource() {
    CompletableFuture<String> source = new CompletableFuture<>();
    CompletableFuture<String> limited = limiter.callAsync("rpc", () -> source);
    scheduler.advance(Duration.ofMillis(999));
    assertThat(limited).isNotDone();
    scheduler.advance(Duration.ofMillis(1));
    assertThat(limited).isCompletedExceptionally();
    assertThatThrownBy(limited::get)
        .hasCauseInstanceOf(OperationTimeoutException.class)
        .hasMessageContaining("operation \"rpc\" timed out after 1s (limit 1s)");
    assertThat(source).isCancelled();
    assertThat(limiter.violationCount()).isEqualTo(1);
    source.complete("too late"); // no effect
    assertThat(limited).isCompletedExceptionally();
  }

  @Test
  void aLateTimerAfterCompletionCountsNothing() throws Exception {
    CompletableFuture<String> limited =
        limiter.callAsync("rpc", () -> CompletableFuture.completedFuture("now"));
    assertThat(limited.get()).isEqualTo("now");
    scheduler.advance(Duration.ofSeconds(5));
    assertThat(limiter.violationCount()).isZero();
  }

  @Test
  void cancellingTheResultCancelsTheSource() {
    CompletableFuture<String> source = new CompletableFuture<>();
    CompletableFuture<String> limited = limiter.callAsync("rpc", () -> source);
    limited.cancel(true);
    assertThat(source).isCancelled();
    assertThat(scheduler.pending()).isZero();
  }

  @Test
  void theDeadlineShortensTheLimit() {
    CompletableFuture<String> source = new CompletableFuture<>();
    CompletableFuture<String> limited;
    try (Deadline.Scope scope = Deadline.after(Duration.ofMillis(250), ticker).bind()) {
      limited = limiter.callAsync("rpc", () -> source);
    }
    assertThat(scheduler.pendingDelays()).containsExactly(Duration.ofMillis(250));
    scheduler.advance(Duration.ofMillis(250));
    assertThatThrownBy(limited::get).hasMessageContaining("the caller's deadline");
  }

  @Test
  void aSupplierThatThrowsFailsTheResult() {
    IllegalStateException boom = new IllegalStateException("boom");
    CompletableFuture<String> limited =
        limiter.callAsync(
            "rpc",
            () -> {
              throw boom;
            });
    assertThatThrownBy(limited::get).hasCause(boom);
    assertThat(scheduler.pending()).isZero();
  }
}
