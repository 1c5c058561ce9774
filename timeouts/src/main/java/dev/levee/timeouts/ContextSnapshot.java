package dev.levee.timeouts;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.MDC;

/**
 * The context a thread's work runs in, captured to carry to another thread: the current {@link
 * Deadline} and the SLF4J {@link MDC} (request ids, tenant, whatever the application put there).
 *
 * <p>Thread pools and {@code CompletableFuture} stages run work on threads that know nothing of the
 * request it belongs to: without help, deadlines stop applying and log lines lose their request id.
 * Capture on the caller's thread, then wrap the work or the executor:
 *
 * <pre>{@code
 * ContextSnapshot context = ContextSnapshot.capture();
 * pool.execute(context.wrap(() -> repository.save(order)));
 * CompletableFuture.supplyAsync(this::price, context.executor(pool))
 *     .thenApplyAsync(this::tax, context.executor(pool));
 * }</pre>
 *
 * <p>Or let an executor capture at each submission: {@code ContextSnapshot.propagating(pool)}.
 *
 * <p>While wrapped work runs, the captured deadline is the thread's current one (exactly, not
 * narrowed by anything the thread had) and the captured MDC replaces the thread's; both are
 * restored afterwards, even if the work throws. Instances are immutable and thread-safe.
 */
public final class ContextSnapshot {
  private static final ContextSnapshot EMPTY = new ContextSnapshot(null, null);

  private final Deadline deadline;
  private final Map<String, String> mdc;

  private ContextSnapshot(Deadline deadline, Map<String, String> mdc) {
    this.deadline = deadline;
    this.mdc = mdc == null || mdc.isEmpty() ? null : Map.copyOf(mdc);
  }

  /**
   * Captures the calling thread's deadline and MDC.
   *
   * @return the snapshot
   */
  public static ContextSnapshot capture() {
    Deadline deadline = Deadline.current().orElse(null);
    Map<String, String> mdc = MDC.getCopyOfContextMap();
    if (deadline == null && (mdc == null || mdc.isEmpty())) {
      return EMPTY;
    }
    return new ContextSnapshot(deadline, withoutNulls(mdc));
  }

  /**
   * An executor that captures the submitting thread's context at each {@code execute} and runs the
   * task within it.
   *
   * @param executor where tasks run
   * @return the propagating executor
   * @throws NullPointerException if {@code executor} is {@code null}
   */
  public static Executor propagating(Executor executor) {
    Objects.requireNonNull(executor, "executor");
    return task -> executor.execute(capture().wrap(task));
  }

  /**
   * Runs {@code supplier} asynchronously on {@code executor}, within the calling thread's context.
   *
   * @param <T> the result type
   * @param supplier the work
   * @param executor where it runs
   * @return the future result
   */
  public static <T> CompletableFuture<T> supplyAsync(Supplier<T> supplier, Executor executor) {
    return CompletableFuture.supplyAsync(capture().wrapSupplier(supplier), executor);
  }

  /**
   * The captured deadline.
   *
   * @return the deadline, or empty if none was current
   */
  public Optional<Deadline> deadline() {
    return Optional.ofNullable(deadline);
  }

  /**
   * The captured MDC.
   *
   * @return an immutable copy, empty if there was none
   */
  public Map<String, String> mdc() {
    return mdc == null ? Map.of() : mdc;
  }

  /**
   * An executor that runs every task within this snapshot (not the submitter's context): for {@code
   * CompletableFuture} stages, whose tasks are submitted by whichever thread completed the stage
   * before.
   *
   * @param executor where tasks run
   * @return the executor
   * @throws NullPointerException if {@code executor} is {@code null}
   */
  public Executor executor(Executor executor) {
    Objects.requireNonNull(executor, "executor");
    return task -> executor.execute(wrap(task));
  }

  /**
   * Wraps {@code task} to run within this snapshot.
   *
   * @param task the task
   * @return the wrapped task
   */
  public Runnable wrap(Runnable task) {
    Objects.requireNonNull(task, "task");
    return () -> {
      Applied applied = apply();
      try {
        task.run();
      } finally {
        applied.close();
      }
    };
  }

  /**
   * Wraps {@code task} to run within this snapshot.
   *
   * @param <T> the result type
   * @param task the task
   * @return the wrapped task
   */
  public <T> Callable<T> wrap(Callable<T> task) {
    Objects.requireNonNull(task, "task");
    return () -> {
      Applied applied = apply();
      try {
        return task.call();
      } finally {
        applied.close();
      }
    };
  }

  /**
   * Wraps {@code supplier} to run within this snapshot. (Named apart from {@link #wrap(Callable)}
   * so that a lambda is never ambiguous between the two.)
   *
   * @param <T> the result type
   * @param supplier the supplier
   * @return the wrapped supplier
   */
  public <T> Supplier<T> wrapSupplier(Supplier<T> supplier) {
    Objects.requireNonNull(supplier, "supplier");
    return () -> {
      Applied applied = apply();
      try {
        return supplier.get();
      } finally {
        applied.close();
      }
    };
  }

  /**
   * Wraps {@code function} to run within this snapshot, for {@code thenApply} stages.
   *
   * @param <T> the argument type
   * @param <R> the result type
   * @param function the function
   * @return the wrapped function
   */
  public <T, R> Function<T, R> wrap(Function<T, R> function) {
    Objects.requireNonNull(function, "function");
    return value -> {
      Applied applied = apply();
      try {
        return function.apply(value);
      } finally {
        applied.close();
      }
    };
  }

  /** Makes this snapshot the calling thread's context until the result is closed. */
  private Applied apply() {
    Map<String, String> previousMdc = MDC.getCopyOfContextMap();
    if (mdc == null) {
      MDC.clear();
    } else {
      MDC.setContextMap(mdc);
    }
    return new Applied(Deadline.swap(deadline), previousMdc);
  }

  private static Map<String, String> withoutNulls(Map<String, String> mdc) {
    if (mdc == null || !mdc.containsValue(null)) {
      return mdc;
    }
    Map<String, String> copy = new HashMap<>(mdc);
    copy.values().removeIf(Objects::isNull);
    return copy;
  }

  /**
   * Restores what {@link #apply()} replaced, unconditionally: a pooled thread must not keep a
   * request's deadline or MDC even if the work left a scope of its own open.
   */
  private static final class Applied {
    private final Deadline previousDeadline;
    private final Map<String, String> previousMdc;

    Applied(Deadline previousDeadline, Map<String, String> previousMdc) {
      this.previousDeadline = previousDeadline;
      this.previousMdc = previousMdc;
    }

    void close() {
      Deadline.swap(previousDeadline);
      if (previousMdc == null) {
        MDC.clear();
      } else {
        MDC.setContextMap(previousMdc);
      }
    }
  }
}
