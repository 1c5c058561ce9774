package dev.levee.common.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Names every thread Levee starts {@code levee-<component>-<name>-<n>}, so operators can tell them
 * apart in a thread dump and tests can check none outlives its owner. Threads are daemons: a
 * forgotten {@code close()} never keeps a JVM alive.
 */
public final class LeveeThreadFactory implements ThreadFactory {
  private final String prefix;
  private final AtomicInteger count = new AtomicInteger();

  /**
   * Creates a factory.
   *
   * @param component the component kind, such as {@code timelimiter}
   * @param name the instance name
   */
  public LeveeThreadFactory(String component, String name) {
    this.prefix = "levee-" + component + "-" + name + "-";
  }

  /**
   * One thread of its own, named {@code levee-<component>-<name>} without a count (a server's I/O
   * thread), a daemon like the others. Not started.
   *
   * @param component the component kind, such as {@code http}
   * @param name the instance name, such as the port
   * @param task what the thread runs
   * @return the thread
   */
  public static Thread single(String component, String name, Runnable task) {
    Thread thread = new Thread(task, "levee-" + component + "-" + name);
    thread.setDaemon(true);
    return thread;
  }

  @Override
  public Thread newThread(Runnable task) {
    Thread thread = new Thread(task, prefix + count.incrementAndGet());
    thread.setDaemon(true);
    return thread;
  }
}
