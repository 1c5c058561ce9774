package dev.levee.testkit;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Runs a blocking call on another thread, so the test thread stays free to move a manual ticker or
 * close a component while the call waits.
 */
public final class Background {
  private Background() {}

  /**
   * Starts {@code call} on {@code executor}.
   *
   * @param <T> the result type
   * @param executor where the call runs
   * @param call the call; whatever it throws, checked or not, fails the future as it was thrown
   * @return the call's outcome
   */
  public static <T> CompletableFuture<T> call(Executor executor, Callable<T> call) {
    CompletableFuture<T> outcome = new CompletableFuture<>();
    executor.execute(
        () -> {
          try {
            outcome.complete(call.call());
          } catch (Throwable e) {
            outcome.completeExceptionally(e);
          }
        });
    return outcome;
  }
}
