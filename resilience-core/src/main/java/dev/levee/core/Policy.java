package dev.levee.core;

import dev.levee.core.internal.Tasks;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Something a task is called through: a {@link CircuitBreaker}, {@link Retry}, {@link RateLimiter},
 * {@link AdaptiveThrottle}, {@link Bulkhead}, {@link AdaptiveLimiter}, {@link InFlightTracker},
 * {@link Hedge} or a whole {@link Pipeline}. Every one of them calls a task the same way, in one of
 * three shapes ({@link #call(Callable)}, {@link #get(Supplier)}, {@link #run(Runnable)}) or
 * decorates it for later ({@code decorate*}). What the policy does around the task, and what it
 * throws when it refuses one, each class documents.
 *
 * <p>The task is passed as it is, with its shape beside it, down to where it runs: no adapter
 * object is made per call, so calling through a policy allocates nothing unless the policy itself
 * must. A {@code Supplier} or {@code Runnable} cannot throw a checked exception; should one arrive
 * anyway (a sneaky throw), {@code get} and {@code run} wrap it in an {@link IllegalStateException}
 * rather than let it escape undeclared.
 *
 * <p>Only Levee's own classes implement this (it is sealed). Thread-safe like the classes that do.
 */
public abstract sealed class Policy
    permits AdaptiveLimiter,
        AdaptiveThrottle,
        Bulkhead,
        CircuitBreaker,
        Hedge,
        InFlightTracker,
        Pipeline,
        RateLimiter,
        Retry {

  Policy() {}

  /**
   * Runs {@code task} through this policy: the one place where each policy says what it does.
   *
   * @param task a {@code Callable}, {@code Supplier} or {@code Runnable}, not {@code null}
   * @param kind which of them, as {@link Tasks} names it
   * @return the task's result ({@code null} for a {@code Runnable})
   * @throws Exception what the task or the policy threw
   */
  abstract Object execute(Object task, int kind) throws Exception;

  /**
   * Calls {@code callable} through this policy.
   *
   * @param <T> the result type
   * @param callable the call
   * @return its result
   * @throws Exception what the call threw, as it threw it, or the policy's refusal
   */
  @SuppressWarnings("unchecked")
  public final <T> T call(Callable<T> callable) throws Exception {
    return (T) execute(Objects.requireNonNull(callable, "callable"), Tasks.CALLABLE);
  }

  /**
   * Gets a value from {@code supplier} through this policy.
   *
   * @param <T> the result type
   * @param supplier the call
   * @return its result
   */
  @SuppressWarnings("unchecked")
  public final <T> T get(Supplier<T> supplier) {
    try {
      return (T) execute(Objects.requireNonNull(supplier, "supplier"), Tasks.SUPPLIER);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Exception sneaky) {
      throw undeclared(sneaky);
    }
  }

  /**
   * Runs {@code runnable} through this policy.
   *
   * @param runnable the call
   */
  public final void run(Runnable runnable) {
    try {
      execute(Objects.requireNonNull(runnable, "runnable"), Tasks.RUNNABLE);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Exception sneaky) {
      throw undeclared(sneaky);
    }
  }

  private static IllegalStateException undeclared(Exception sneaky) {
    return new IllegalStateException(
        "a Supplier or Runnable threw a checked exception: " + sneaky, sneaky);
  }

  /**
   * A supplier that gets from {@code supplier} through this policy each time it is asked.
   *
   * @param <T> the result type
   * @param supplier the call
   * @return the decorated supplier
   */
  public final <T> Supplier<T> decorateSupplier(Supplier<T> supplier) {
    Objects.requireNonNull(supplier, "supplier");
    return () -> get(supplier);
  }

  /**
   * A callable that calls {@code callable} through this policy each time it is called.
   *
   * @param <T> the result type
   * @param callable the call
   * @return the decorated callable
   */
  public final <T> Callable<T> decorateCallable(Callable<T> callable) {
    Objects.requireNonNull(callable, "callable");
    return () -> call(callable);
  }

  /**
   * A runnable that runs {@code runnable} through this policy each time it is run.
   *
   * @param runnable the call
   * @return the decorated runnable
   */
  public final Runnable decorateRunnable(Runnable runnable) {
    Objects.requireNonNull(runnable, "runnable");
    return () -> run(runnable);
  }

  /**
   * A function that applies {@code function} through this policy each time it is applied (one small
   * object per application, for the argument).
   *
   * @param <A> the argument type
   * @param <R> the result type
   * @param function the call
   * @return the decorated function
   */
  public final <A, R> Function<A, R> decorateFunction(Function<A, R> function) {
    Objects.requireNonNull(function, "function");
    return argument -> get(() -> function.apply(argument));
  }
}
