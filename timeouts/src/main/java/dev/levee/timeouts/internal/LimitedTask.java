package dev.levee.timeouts.internal;

import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Blocking work under a time limit. {@link FutureTask} does the hard part: {@code cancel(true)}
 * interrupts the worker only while it runs this task, never after it moved on to another.
 */
public final class LimitedTask<T> extends FutureTask<T> {
  private static final Logger LOG = LoggerFactory.getLogger(LimitedTask.class);

  private final AutoCloseable closeOnTimeout;
  private volatile boolean returned;

  /**
   * Wraps work.
   *
   * @param work the work, already carrying the caller's context
   * @param closeOnTimeout closed when the task expires while running; may be {@code null}
   */
  public LimitedTask(Callable<T> work, AutoCloseable closeOnTimeout) {
    super(work);
    this.closeOnTimeout = closeOnTimeout;
  }

  /**
   * Whether the work has returned (or thrown), even if the task was cancelled before: from then on
   * the thread that ran it is only finishing up, no longer running the caller's work.
   *
   * @return {@code true} once the work returned
   */
  public boolean workReturned() {
    return returned;
  }

  @Override
  protected void set(T value) {
    returned = true;
    super.set(value);
  }

  @Override
  protected void setException(Throwable failure) {
    returned = true;
    super.setException(failure);
  }

  /**
   * Called when time runs out (or the limiter closes): cancels the task, interrupting its worker,
   * if it has not finished, and only then has the resource closed by {@code closer} (the timer
   * thread: a close that blocks must not hold the caller past its timeout), or here if {@code
   * closer} refuses. A call that finished in time keeps its resource open.
   *
   * @param closer runs the close on another thread
   * @return whether the task was stopped; {@code false} if it had already finished
   */
  public boolean expire(Executor closer) {
    if (!cancel(true)) {
      return false;
    }
    if (closeOnTimeout != null) {
      try {
        closer.execute(this::closeResource);
      } catch (RuntimeException refused) {
        closeResource(); // the timer is shut down (the limiter is closing): close it here
      }
    }
    return true;
  }

  /**
   * Called when the limiter closes under a call in flight: {@link #expire(Executor)} with the
   * resource closed on the calling thread (the timer is about to stop and would drop the close).
   */
  public void abort() {
    expire(Runnable::run);
  }

  private void closeResource() {
    try {
      closeOnTimeout.close();
    } catch (Exception e) {
      LOG.atWarn()
          .addKeyValue("component", "timeouts")
          .addKeyValue("error", e.toString())
          .log("closing a timed-out operation's resource failed: {}", e.toString());
    }
  }
}
