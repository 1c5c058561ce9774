package dev.levee.timeouts.internal;

import dev.levee.common.internal.LeveeThreadFactory;
import dev.levee.timeouts.Scheduler;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads a time limiter runs work and timers on: its own (created here, stopped by {@link
 * #close()}) or the caller's (never stopped here). Its own workers are {@link HandoffWorkers}, one
 * hand-off slot each; the caller's executor gets the task through {@code execute}.
 */
public final class WorkerPool {
  private static final Logger LOG = LoggerFactory.getLogger("dev.levee.timeouts.TimeLimiter");
  private static final long KEEP_ALIVE_NANOS = TimeUnit.SECONDS.toNanos(30);

  private final String name;
  private final ExecutorService executor;
  private final Scheduler scheduler;
  private final HandoffWorkers ownedWorkers; // null with the caller's executor
  private final ScheduledThreadPoolExecutor ownedTimer;
  private final Duration closeTimeout;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final SpinWait spin = SpinWait.forThisMachine();
  // Calls in flight that the owned workers' slots do not show: asynchronous calls, and blocking
  // calls on the caller's executor. A blocking call on the owned workers is tracked by its slot.
  private final Set<Runnable> asyncInFlight = ConcurrentHashMap.newKeySet();
  private final Set<LimitedTask<?>> borrowedInFlight = ConcurrentHashMap.newKeySet();

  /**
   * Creates the pool.
   *
   * @param name the limiter's name
   * @param executor the caller's executor, or {@code null} to own one
   * @param scheduler the caller's scheduler, or {@code null} to own a timer thread
   * @param maxThreads the cap on owned worker threads
   * @param closeTimeout how long {@link #close()} waits for owned threads
   */
  public WorkerPool(
      String name,
      ExecutorService executor,
      Scheduler scheduler,
      int maxThreads,
      Duration closeTimeout) {
    this.name = name;
    this.closeTimeout = closeTimeout;
    if (executor == null) {
      ownedWorkers =
          new HandoffWorkers(
              name,
              maxThreads,
              new LeveeThreadFactory("timelimiter", name + "-worker"),
              spin,
              SystemTicker.INSTANCE,
              KEEP_ALIVE_NANOS);
      this.executor = null;
    } else {
      ownedWorkers = null;
      this.executor = executor;
    }
    if (scheduler == null) {
      ownedTimer =
          new ScheduledThreadPoolExecutor(
              1, new LeveeThreadFactory("timelimiter", name + "-timer"));
      ownedTimer.setRemoveOnCancelPolicy(true);
      ownedTimer.setKeepAliveTime(30, TimeUnit.SECONDS);
      ownedTimer.allowCoreThreadTimeOut(true);
      this.scheduler = Scheduler.of(ownedTimer);
    } else {
      ownedTimer = null;
      this.scheduler = scheduler;
    }
  }

  /**
   * Registers what to do to an asynchronous call in flight if the pool closes under it (release its
   * caller). Check {@link #isClosed()} after registering, so that a close either sees the call or
   * the call sees the close.
   *
   * @param abort run by {@link #close()}
   */
  public void track(Runnable abort) {
    asyncInFlight.add(abort);
  }

  /**
   * Forgets an asynchronous call that finished.
   *
   * @param abort what {@link #track(Runnable)} registered
   */
  public void untrack(Runnable abort) {
    asyncInFlight.remove(abort);
  }

  /**
   * Runs a blocking call's task on a worker: one of the pool's own (whose slot tracks it, nothing
   * allocated) or the caller's executor (tracked in a set until {@link #release(LimitedTask)}).
   * Once this returns, a {@link #close()} aborts the task if it is still in flight. With its own
   * workers, when none is idle but one is finishing up, it waits for that one a few microseconds,
   * never longer than {@code limitNanos}.
   *
   * @param task the task
   * @param limitNanos the caller's limit: the longest this may wait for a finishing worker
   * @return what remains of {@code limitNanos} after that wait ({@code limitNanos} if none)
   * @throws IllegalStateException if closed
   * @throws RejectedExecutionException if every worker is busy
   */
  public long dispatch(LimitedTask<?> task, long limitNanos) {
    ensureOpen();
    try {
      if (ownedWorkers != null) {
        return ownedWorkers.submit(task, limitNanos);
      }
      borrowedInFlight.add(task);
      try {
        ensureOpen(); // a close that swept the set before the add has not seen this task
        executor.execute(task);
      } catch (RuntimeException refused) {
        borrowedInFlight.remove(task);
        throw refused;
      }
      return limitNanos;
    } catch (RejectedExecutionException rejected) {
      ensureOpen();
      throw rejected;
    }
  }

  /**
   * Forgets a blocking call that finished (its caller returned).
   *
   * @param task what {@link #dispatch(LimitedTask, long)} ran
   */
  public void release(LimitedTask<?> task) {
    if (ownedWorkers == null) {
      borrowedInFlight.remove(task);
    }
  }

  /**
   * Schedules a timer.
   *
   * @param task what to run
   * @param delayNanos when
   * @return the timer's future
   */
  public Future<?> schedule(Runnable task, long delayNanos) {
    return scheduler.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
  }

  /**
   * Spins a few microseconds ({@link SpinWait#forThisMachine()}: at most 10 µs of this thread's
   * CPU, and never longer than {@code limitNanos}) for a task that is likely to finish at once, so
   * that its caller gets the result without parking and being woken up.
   *
   * @param task the task
   * @param limitNanos the caller's limit
   * @return whether the task is done
   */
  public boolean spinUntilDone(Future<?> task, long limitNanos) {
    return spin.awaitDone(task, limitNanos);
  }

  /**
   * Waits for a task with a time limit, on the scheduler's time.
   *
   * @param <T> the result type
   * @param task the task
   * @param timeoutNanos the limit
   * @return its result
   * @throws InterruptedException if the waiting thread is interrupted
   * @throws ExecutionException if the task failed
   * @throws TimeoutException if time ran out
   */
  public <T> T await(Future<T> task, long timeoutNanos)
      throws InterruptedException, ExecutionException, TimeoutException {
    return scheduler.await(task, timeoutNanos, TimeUnit.NANOSECONDS);
  }

  /**
   * Fails if closed.
   *
   * @throws IllegalStateException if closed
   */
  public void ensureOpen() {
    if (closed.get()) {
      throw new IllegalStateException("timeLimiter \"" + name + "\" is closed");
    }
  }

  /**
   * Whether {@link #close()} was called.
   *
   * @return {@code true} once closed
   */
  public boolean isClosed() {
    return closed.get();
  }

  /**
   * The error for a call that was running when the limiter closed.
   *
   * @param operation the operation
   * @return the exception
   */
  public IllegalStateException closedWhileRunning(String operation) {
    return new IllegalStateException(
        "timeLimiter \"" + name + "\" closed while operation \"" + operation + "\" was running");
  }

  /**
   * Releases every call in flight (so no caller waits for a timer that will never fire), stops
   * owned threads (running work is interrupted), and waits up to the close timeout for them.
   */
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    asyncInFlight.forEach(Runnable::run);
    borrowedInFlight.forEach(LimitedTask::abort);
    if (ownedWorkers != null) {
      ownedWorkers.close(); // aborts the tasks in its slots, then interrupts its threads
    }
    if (ownedTimer != null) {
      ownedTimer.shutdownNow();
    }
    long deadline = SystemTicker.INSTANCE.read() + closeTimeout.toNanos();
    try {
      awaitTermination(ownedTimer, deadline);
      if (ownedWorkers != null) {
        ownedWorkers.awaitTermination(deadline);
      }
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
    if ((ownedTimer != null && !ownedTimer.isTerminated())
        || (ownedWorkers != null && ownedWorkers.liveThreads() > 0)) {
      LOG.atWarn()
          .addKeyValue("component", "timeouts")
          .addKeyValue("name", name)
          .log(
              "timeLimiter \"{}\" closed, but some of its threads are still running work that"
                  + " ignores interrupts",
              name);
    }
  }

  private static void awaitTermination(ExecutorService service, long deadline)
      throws InterruptedException {
    if (service != null) {
      service.awaitTermination(
          Math.max(0, deadline - SystemTicker.INSTANCE.read()), TimeUnit.NANOSECONDS);
    }
  }
}
