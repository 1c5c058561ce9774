package dev.levee.core.internal;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Runs a task given as a {@link Callable}, {@link Supplier} or {@link Runnable}. The retry loop and
 * the pipeline take the caller's task as it is, instead of wrapping a {@code Supplier} or {@code
 * Runnable} in an adapter object per call.
 */
public final class Tasks {
  private Tasks() {}

  /**
   * Runs the task.
   *
   * @param task a {@code Callable}, {@code Supplier} or {@code Runnable}
   * @return its result ({@code null} for a {@code Runnable})
   * @throws Exception whatever the task threw
   */
  public static Object run(Object task) throws Exception {
    if (task instanceof Callable) {
      return ((Callable<?>) task).call();
    }
    if (task instanceof Supplier) {
      return ((Supplier<?>) task).get();
    }
    ((Runnable) task).run();
    return null;
  }

  /**
   * The failure a completion stage reports: the cause of a {@link CompletionException} wrapper, or
   * the failure itself.
   *
   * @param failure what {@code whenComplete} saw; may be {@code null}
   * @return the failure to classify and record
   */
  public static Throwable cause(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause()
        : failure;
  }
}
