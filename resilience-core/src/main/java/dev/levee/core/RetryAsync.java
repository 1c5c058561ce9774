package dev.levee.core;

import dev.levee.core.internal.Tasks;
import dev.levee.timeouts.ContextSnapshot;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One asynchronous call of a {@link Retry}: each attempt starts the work, and a retryable outcome
 * schedules the next attempt on the retry's scheduler, within the caller's context (deadline and
 * MDC), which also governs each decision. Cancelling the result stops further attempts.
 */
final class RetryAsync<T> {
  private final Retry retry;
  private final Supplier<? extends CompletionStage<T>> supplier;
  private final ContextSnapshot context;
  private final long start;
  private final CompletableFuture<T> result = new CompletableFuture<>();

  RetryAsync(
      Retry retry,
      Supplier<? extends CompletionStage<T>> supplier,
      ContextSnapshot context,
      long start) {
    this.retry = retry;
    this.supplier = supplier;
    this.context = context;
    this.start = start;
  }

  CompletableFuture<T> start() {
    context.wrap(() -> attempt(1, 0)).run();
    return result;
  }

  private void attempt(int attempt, long previousDelay) {
    if (result.isDone()) {
      return; // cancelled by the caller
    }
    CompletionStage<T> stage;
    try {
      stage = Objects.requireNonNull(supplier.get(), "supplier returned a null stage");
    } catch (Throwable e) {
      stage = CompletableFuture.failedFuture(e);
    }
    stage.whenComplete((value, error) -> completed(attempt, previousDelay, value, error));
  }

  private void completed(int attempt, long previousDelay, T value, Throwable error) {
    try {
      decideAndContinue(attempt, previousDelay, value, error);
    } catch (Throwable unexpected) {
      // An Error given back by giveUp, a scheduler that refuses the next attempt (one shut down),
      // a listener that throws: the caller's future must complete whatever happens here.
      result.completeExceptionally(unexpected);
    }
  }

  private void decideAndContinue(int attempt, long previousDelay, T value, Throwable error) {
    Throwable failure = Tasks.cause(error);
    if (failure == null && !retry.retriesResult(value)) {
      retry.succeeded(attempt);
      result.complete(value);
      return;
    }
    if (result.isDone()) {
      return; // cancelled by the caller: no retry is decided, counted or charged to a budget
    }
    long[] decided = new long[1];
    context
        .wrap((Runnable) () -> decided[0] = retry.decide(attempt, failure, previousDelay, start))
        .run();
    long delay = decided[0];
    if (delay < 0) {
      if (failure == null) {
        retry.giveUp(attempt, null, (int) delay);
        result.complete(value);
      } else if (failure instanceof Exception) {
        result.completeExceptionally(retry.giveUp(attempt, failure, (int) delay));
      } else {
        try {
          retry.giveUp(attempt, failure, (int) delay); // counts and logs; rethrows an Error
        } finally {
          result.completeExceptionally(failure);
        }
      }
      return;
    }
    retry.notifyRetry(attempt, delay, failure);
    try {
      retry
          .config()
          .scheduler()
          .schedule(context.wrap(() -> attempt(attempt + 1, delay)), delay, TimeUnit.NANOSECONDS);
    } catch (RuntimeException refused) { // the next attempt could not be scheduled
      if (failure != null) {
        failure.addSuppressed(refused);
        result.completeExceptionally(failure);
      } else {
        result.completeExceptionally(refused); // a retried result: no failure to carry it
      }
    }
  }
}
