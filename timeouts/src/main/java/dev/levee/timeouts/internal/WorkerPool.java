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
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads a time limiter runs work and timers on: its own (created here, stopped by {@link
 * #close()}) or the caller's (never stopped here).
 */
public final class WorkerPool {
  private static final Logger LOG = LoggerFactory.getLogger("dev.levee.timeouts.TimeLimiter");

  private final String name;
  private final ExecutorService executor;
  private final Scheduler scheduler;
  private final ThreadPoolExecutor ownedExecutor;
  private final ScheduledThreadPoolExecutor ownedTimer;
  private final Duration closeTimeout;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Set<Runnable> inFlight = ConcurrentHashMap.newKeySet();

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
      ownedExecutor =
          new ThreadPoolExecutor(
              0,
              maxThreads,
              30,
              TimeUnit.SECONDS,
              new SynchronousQueue<>(),
              new LeveeThreadFactory("timelimiter", name + "-worker"),
              (task, pool) -> {
                throw new RejectedExecutionException(
                    "timeLimiter \""
                        + name
                        + "\": all "
                        + maxThreads
                        + " worker threads are busy; work that ignores interrupts keeps its"
                        + " thread after it times out (pass closeOnTimeout to stop blocked I/O)");
              });
      this.executor = ownedExecutor;
    } else {
      ownedExecutor = null;
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
   * Registers what to do to a call in flight if the pool closes under it (release its caller).
   * Register before {@link #ensureOpen()}, so that a close either sees the call or the call sees
   * the close.
   *
   * @param abort run by {@link #close()}
   */
  public void track(Runnable abort) {
    inFlight.add(abort);
  }

  /**
   * Forgets a call that finished.
   *
   * @param abort what {@link #track(Runnable)} registered
   */
  public void untrack(Runnable abort) {
    inFlight.remove(abort);
  }

  /**
   * Runs a task on a worker.
   *
   * @param task the task
   * @throws IllegalStateException if closed
   * @throws RejectedExecutionException if every worker is busy
   */
  public void execute(Runnable task) {
    ensureOpen();
    try {
      executor.execute(task);
    } catch (RejectedExecutionException rejected) {
      ensureOpen();
      throw rejected;
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
    inFlight.forEach(Runnable::run);
    if (ownedTimer != null) {
      ownedTimer.shutdownNow();
    }
    if (ownedExecutor != null) {
      ownedExecutor.shutdownNow();
    }
    long deadline = SystemTicker.INSTANCE.read() + closeTimeout.toNanos();
    try {
      awaitTermination(ownedTimer, deadline);
      awaitTermination(ownedExecutor, deadline);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
    if ((ownedTimer != null && !ownedTimer.isTerminated())
        || (ownedExecutor != null && !ownedExecutor.isTerminated())) {
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
