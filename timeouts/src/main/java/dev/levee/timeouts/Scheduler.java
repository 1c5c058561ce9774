package dev.levee.timeouts;

import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a task after a delay, and waits for a future with a time limit. Levee components that act
 * when time runs out (a time limiter cancelling late work) take one, so tests can pass a {@link
 * dev.levee.timeouts.testing.ManualScheduler} and make time run out by advancing a manual ticker.
 * Implementations must be thread-safe.
 */
@FunctionalInterface
public interface Scheduler {
  /**
   * Schedules {@code task} to run once after {@code delay}.
   *
   * @param task what to run; it should be quick and must not block
   * @param delay how long to wait; zero or negative runs it as soon as possible
   * @param unit the unit of {@code delay}
   * @return a future whose {@link Future#cancel(boolean)} stops a task that has not run yet
   */
  Future<?> schedule(Runnable task, long delay, TimeUnit unit);

  /**
   * Waits for {@code future} to complete, for at most {@code timeout} on this scheduler's time. The
   * default is {@link Future#get(long, TimeUnit)}: the waiting thread times itself, and no timer
   * thread is involved.
   *
   * @param <T> the result type
   * @param future the future
   * @param timeout the longest wait
   * @param unit the unit of {@code timeout}
   * @return the future's result
   * @throws InterruptedException if the waiting thread is interrupted
   * @throws ExecutionException if the future failed
   * @throws TimeoutException if time ran out first
   * @throws java.util.concurrent.CancellationException if the future was cancelled
   */
  default <T> T await(Future<T> future, long timeout, TimeUnit unit)
      throws InterruptedException, ExecutionException, TimeoutException {
    return future.get(timeout, unit);
  }

  /**
   * A scheduler that delegates to {@code executor}. The caller keeps ownership: closing a Levee
   * component never shuts it down.
   *
   * @param executor the executor
   * @return a scheduler
   * @throws NullPointerException if {@code executor} is {@code null}
   */
  static Scheduler of(ScheduledExecutorService executor) {
    Objects.requireNonNull(executor, "executor");
    return executor::schedule;
  }
}
