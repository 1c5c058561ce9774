package dev.levee.timeouts.internal;

import dev.levee.timeouts.ContextSnapshot;
import dev.levee.timeouts.Ticker;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;

/**
 * The handoff path of {@code TimeLimiter.call}: the work runs on a worker thread while the caller
 * waits, so the caller is released at its limit whatever the work does.
 *
 * <p>The caller first spins a few microseconds for the result ({@link SpinWait}), then parks on the
 * scheduler's wait for what remains of its limit, measured on the limiter's ticker from the start
 * of the call. Before that, the hand-over may have waited for a worker finishing its previous task;
 * that wait and the spin together last at most the limit, so neither makes the caller late.
 *
 * <p>Per call it allocates the task (a {@link LimitedTask}) and the context wrapper around the
 * work, and a wait node only if the caller has to park; everything else (the timer's executor, the
 * abort on close, the hand-off slot) exists once per limiter. This class is thread-safe.
 */
public final class HandoffCall {
  private final WorkerPool pool;
  private final Violations violations;
  private final Ticker ticker;
  private final Executor onTimer;

  /**
   * Creates the path.
   *
   * @param pool the limiter's threads
   * @param violations the limiter's record of violations
   * @param ticker measures elapsed time
   */
  public HandoffCall(WorkerPool pool, Violations violations, Ticker ticker) {
    this.pool = pool;
    this.violations = violations;
    this.ticker = ticker;
    this.onTimer = close -> pool.schedule(close, 0);
  }

  /**
   * Runs the work on a worker and waits for it, at most {@code limit}.
   *
   * @param <T> the result type
   * @param operation the operation
   * @param own the operation's own limit, in nanoseconds
   * @param limit the effective limit (the deadline may be shorter), positive, in nanoseconds
   * @param start the ticker reading when the call began
   * @param work the work
   * @param closeOnTimeout closed on the timer thread if time runs out; may be {@code null}
   * @return what the work returned
   * @throws Exception as {@code TimeLimiter.call} documents
   */
  public <T> T call(
      String operation,
      long own,
      long limit,
      long start,
      Callable<T> work,
      AutoCloseable closeOnTimeout)
      throws Exception {
    LimitedTask<T> task = new LimitedTask<>(ContextSnapshot.capture().wrap(work), closeOnTimeout);
    // What a wait for a finishing worker took comes off the spin, so the two never outlast the
    // limit.
    long left = pool.dispatch(task, limit);
    try {
      try {
        if (pool.spinUntilDone(task, left)) {
          return task.get(); // done while the caller spun: no park, no wake-up, no wait node
        }
        // The limit runs from the start of the call, so what dispatch and the spin took counts.
        return pool.await(task, Math.max(0, limit - (ticker.read() - start)));
      } catch (TimeoutException late) {
        if (task.expire(onTimer)) {
          throw violations.record(operation, limit, ticker.read() - start, limit < own);
        }
        return task.get(); // it finished as time ran out: the result stands
      }
    } catch (CancellationException aborted) {
      throw pool.closedWhileRunning(operation); // only close() cancels a task otherwise
    } catch (ExecutionException failed) {
      throw asException(failed.getCause());
    } catch (InterruptedException interrupted) {
      task.cancel(true);
      throw interrupted;
    } finally {
      pool.release(task);
    }
  }

  private static Exception asException(Throwable cause) {
    if (cause instanceof Error) {
      throw (Error) cause;
    }
    return (Exception) cause;
  }
}
