package dev.levee.timeouts.internal;

import dev.levee.timeouts.OperationTimeoutException;
import dev.levee.timeouts.Ticker;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/** The asynchronous path of {@code TimeLimiter.callAsync}: a stage under a time limit. */
public final class AsyncLimit {
  private AsyncLimit() {}

  /**
   * Starts the work and limits it.
   *
   * @param <T> the result type
   * @param pool the limiter's threads
   * @param violations the limiter's record of violations
   * @param ticker measures elapsed time
   * @param operation the operation
   * @param own the operation's own limit, in nanoseconds
   * @param limit the effective limit (the deadline may be shorter), in nanoseconds
   * @param start the ticker reading when the call began
   * @param work starts the work
   * @return the limited result
   */
  public static <T> CompletableFuture<T> start(
      WorkerPool pool,
      Violations violations,
      Ticker ticker,
      String operation,
      long own,
      long limit,
      long start,
      Supplier<? extends CompletionStage<T>> work) {
    CompletableFuture<T> result = new CompletableFuture<>();
    pool.ensureOpen(); // first: a closed limiter refuses even a call whose deadline has passed
    if (limit == 0) {
      result.completeExceptionally(violations.record(operation, 0, 0, true));
      return result;
    }
    CompletionStage<T> source;
    try {
      source = Objects.requireNonNull(work.get(), "work returned a null stage");
    } catch (RuntimeException | Error e) {
      result.completeExceptionally(e);
      return result;
    }
    Runnable abort =
        () -> {
          result.completeExceptionally(pool.closedWhileRunning(operation));
          cancel(source);
        };
    pool.track(abort);
    if (pool.isClosed()) {
      abort.run(); // the close may have swept its calls before this one registered
      pool.untrack(abort);
      return result;
    }
    // When time runs out the work is cancelled first, then the result fails, so a caller who
    // sees the timeout knows the work was already told to stop. Cancelling completes the source,
    // whose handler then fails the result with the timeout rather than a CancellationException.
    AtomicReference<OperationTimeoutException> expired = new AtomicReference<>();
    Future<?> timer =
        pool.schedule(
            () -> {
              OperationTimeoutException e =
                  violations.create(operation, limit, ticker.read() - start, limit < own);
              expired.set(e);
              cancel(source);
              result.completeExceptionally(e);
              if (failedWith(result, e)) {
                violations.report(e);
              }
            },
            limit);
    source.whenComplete(
        (value, error) -> {
          timer.cancel(false);
          pool.untrack(abort);
          if (error == null) {
            result.complete(value);
          } else if (error instanceof CancellationException && expired.get() != null) {
            result.completeExceptionally(expired.get());
          } else {
            result.completeExceptionally(
                error instanceof CompletionException && error.getCause() != null
                    ? error.getCause()
                    : error);
          }
        });
    result.whenComplete(
        (value, error) -> {
          if (result.isCancelled()) {
            timer.cancel(false);
            pool.untrack(abort);
            cancel(source);
          }
        });
    return result;
  }

  private static void cancel(CompletionStage<?> stage) {
    try {
      stage.toCompletableFuture().cancel(true);
    } catch (UnsupportedOperationException cannotCancel) {
      // A stage that cannot be viewed as a future cannot be cancelled; it runs to its end.
    }
  }

  private static boolean failedWith(CompletableFuture<?> future, Throwable expected) {
    try {
      future.getNow(null);
      return false;
    } catch (CompletionException e) {
      return e.getCause() == expected;
    } catch (CancellationException e) {
      return false;
    }
  }
}
