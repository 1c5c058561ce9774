package dev.levee.testkit;

import java.lang.management.ManagementFactory;

/**
 * Counts the bytes a piece of code allocates on the current thread, with HotSpot's per-thread
 * allocation counter. Exact and repeatable (unlike timing), so tests may assert on it: the
 * interpreter does no escape analysis, so code that allocates nothing measures zero at any
 * optimisation level. The code runs once to warm up (class loading, caches) before it is measured.
 */
public final class Allocation {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private static final int WARM_UPS = 5;

  private Allocation() {}

  /**
   * Bytes allocated by {@code work} on this thread, less what measuring itself costs.
   *
   * @param work the code to measure; it runs {@value #WARM_UPS} times, then once measured
   * @return the bytes the measured run allocated
   */
  public static long bytesAllocatedBy(Runnable work) {
    for (int i = 0; i < WARM_UPS; i++) {
      work.run();
    }
    long id = Thread.currentThread().getId();
    long overhead = measure(id, () -> {});
    return Math.max(0, measure(id, work) - overhead);
  }

  private static long measure(long id, Runnable work) {
    long before = THREADS.getThreadAllocatedBytes(id);
    work.run();
    return THREADS.getThreadAllocatedBytes(id) - before;
  }
}
