package dev.levee.testkit;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Bounded waits for conditions that real threads or sockets make true. Never used to make time
 * pass: for that, tests advance a manual ticker.
 */
public final class Await {
  private Await() {}

  /**
   * Waits until {@code condition} holds, polling every millisecond, or fails after {@code bound}.
   *
   * @param bound the longest wait
   * @param what what is awaited, for the failure message
   * @param condition the condition
   */
  public static void until(Duration bound, String what, BooleanSupplier condition) {
    until(bound, () -> what, condition);
  }

  /**
   * Waits until {@code condition} holds, or fails after {@code bound} with the message {@code what}
   * computes at that moment (so it can describe the state that was wrong).
   *
   * @param bound the longest wait
   * @param what describes the failure
   * @param condition the condition
   */
  public static void until(Duration bound, Supplier<String> what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + bound.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("not true after " + bound.toMillis() + " ms: " + what.get());
      }
      LockSupport.parkNanos(1_000_000L);
    }
  }
}
