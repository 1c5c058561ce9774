package dev.levee.health.checks;

import dev.levee.health.HealthCheck;
import dev.levee.health.HealthResult;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * DOWN when the JVM finds threads deadlocked on monitors or on {@code java.util.concurrent} locks
 * ({@link ThreadMXBean#findDeadlockedThreads()}), naming them. A deadlock does not heal: this is a
 * liveness check, the kind a restart fixes. The JVM's search stops the world briefly; run it every
 * few seconds, not on every probe (the monitor's schedule does just that).
 */
public final class DeadlockHealthCheck implements HealthCheck {
  private final ThreadMXBean threads;

  /** A check of this JVM's threads. */
  public DeadlockHealthCheck() {
    this.threads = ManagementFactory.getThreadMXBean();
  }

  @Override
  public HealthResult check() {
    long[] ids = threads.findDeadlockedThreads();
    if (ids == null || ids.length == 0) {
      return HealthResult.up().withData("deadlocked_threads", 0);
    }
    ThreadInfo[] infos = threads.getThreadInfo(ids);
    String names =
        Arrays.stream(infos)
            .filter(i -> i != null)
            .map(i -> "\"" + i.getThreadName() + "\" waiting for " + i.getLockName())
            .sorted()
            .collect(Collectors.joining("; "));
    return HealthResult.down(ids.length + " threads deadlocked: " + names)
        .withData("deadlocked_threads", ids.length);
  }
}
