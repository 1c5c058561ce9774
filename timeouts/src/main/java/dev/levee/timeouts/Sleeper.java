package dev.levee.timeouts;

import java.util.concurrent.TimeUnit;

/**
 * Waits. Levee components that pause between attempts (a retry's backoff) take one, so tests can
 * pass {@link dev.levee.timeouts.testing.ManualTicker#sleeper()} and have waiting advance the
 * manual ticker instead of the wall clock. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface Sleeper {
  /**
   * Waits {@code nanos} nanoseconds.
   *
   * @param nanos how long; zero or negative returns at once
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  void sleep(long nanos) throws InterruptedException;

  /**
   * The real thing: {@link TimeUnit#sleep(long)}, which parks a virtual thread without pinning its
   * carrier.
   *
   * @return the system sleeper
   */
  static Sleeper system() {
    return nanos -> {
      if (nanos > 0) {
        TimeUnit.NANOSECONDS.sleep(nanos);
      } else if (Thread.interrupted()) {
        throw new InterruptedException();
      }
    };
  }
}
