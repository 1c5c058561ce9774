package dev.levee.core.internal;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Runs a task given as a {@link Callable}, {@link Supplier} or {@link Runnable}. The retry loop and
 * the pipeline take the caller's task as it is, instead of wrapping a {@code Supplier} or {@code
 * Runnable} in an adapter object per call, and carry its kind beside it: a failed {@code
 * instanceof} against an interface costs about 12 ns on JDK 17 (it scans the class's interfaces
 * every time; only a hit is cached), more than a whole pipeline's policies.
 */
public final class Tasks {
  /** A {@link Callable}. */
  public static final int CALLABLE = 0;

  /** A {@link Supplier}. */
  public static final int SUPPLIER = 1;

  /** A {@link Runnable}. */
  public static final int RUNNABLE = 2;

  private Tasks() {}

  /**
   * Runs the task.
   *
   * @param task a {@code Callable}, {@code Supplier} or {@code Runnable}
   * @param kind which of them: {@link #CALLABLE}, {@link #SUPPLIER} or {@link #RUNNABLE}
   * @return its result ({@code null} for a {@code Runnable})
   * @throws Exception whatever the task threw
   */
  public static Object run(Object task, int kind) throws Exception {
    switch (kind) {
      case CALLABLE:
        return ((Callable<?>) task).call();
      case SUPPLIER:
        return ((Supplier<?>) task).get();
      default:
        ((Runnable) task).run();
        return null;
    }
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
