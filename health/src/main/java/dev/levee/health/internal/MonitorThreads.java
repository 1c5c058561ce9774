package dev.levee.health.internal;

import dev.levee.common.internal.LeveeThreadFactory;
import dev.levee.timeouts.Scheduler;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads a health monitor runs on: the caller's scheduler and executor (never stopped here),
 * or its own ({@code levee-health-<name>-timer-*} and {@code -check-*}, daemons), stopped by {@link
 * #close(Duration)}. The check pool is a cached pool: a hung check holds its thread and no other
 * check waits behind it; each check has at most one run at a time, so the pool stays as small as
 * the number of checks.
 */
public final class MonitorThreads {
  // Held apart so that loading this class (as reading a configuration does, for its rules)
  // starts no logging backend: an application applies its logging configuration first.
  private static final class Log {
    static final Logger LOG = LoggerFactory.getLogger("dev.levee.health.HealthMonitor");
  }

  private final String name;
  private final Scheduler scheduler;
  private final ExecutorService executor;
  private final ScheduledThreadPoolExecutor ownedTimer;
  private final ThreadPoolExecutor ownedPool;

  /**
   * Uses the given scheduler and executor, or creates what is missing.
   *
   * @param name the monitor's name, in thread names
   * @param scheduler the caller's scheduler, or {@code null}
   * @param executor the caller's executor, or {@code null}
   */
  public MonitorThreads(String name, Scheduler scheduler, ExecutorService executor) {
    this.name = name;
    if (scheduler == null) {
      ownedTimer = new ScheduledThreadPoolExecutor(1, threads("timer"));
      ownedTimer.setRemoveOnCancelPolicy(true);
      this.scheduler = Scheduler.of(ownedTimer);
    } else {
      ownedTimer = null;
      this.scheduler = scheduler;
    }
    if (executor == null) {
      ownedPool =
          new ThreadPoolExecutor(
              0,
              Integer.MAX_VALUE,
              60,
              TimeUnit.SECONDS,
              new SynchronousQueue<>(),
              threads("check"));
      this.executor = ownedPool;
    } else {
      ownedPool = null;
      this.executor = executor;
    }
  }

  private ThreadFactory threads(String role) {
    return new LeveeThreadFactory("health", name + "-" + role);
  }

  /**
   * Times intervals and timeouts.
   *
   * @return the scheduler
   */
  public Scheduler scheduler() {
    return scheduler;
  }

  /**
   * Runs checks.
   *
   * @return the executor
   */
  public ExecutorService executor() {
    return executor;
  }

  /**
   * Stops the threads this object created, interrupting checks still running, and waits for them.
   *
   * @param timeout how long to wait for each pool
   */
  public void close(Duration timeout) {
    for (ExecutorService owned : new ExecutorService[] {ownedTimer, ownedPool}) {
      if (owned == null) {
        continue;
      }
      owned.shutdownNow();
      try {
        if (!owned.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
          Log.LOG.warn(
              "health monitor \"{}\": a check ignored its interrupt and still holds a thread",
              name);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
