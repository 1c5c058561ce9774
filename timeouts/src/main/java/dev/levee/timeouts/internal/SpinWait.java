package dev.levee.timeouts.internal;

import dev.levee.timeouts.Ticker;
import java.util.concurrent.Future;

/**
 * A short busy-wait, bounded in real time, before a thread parks: the spin-then-park of {@link
 * java.util.concurrent.SynchronousQueue} and {@link java.util.concurrent.LinkedTransferQueue}.
 *
 * <p>Why: a handoff whose both sides park costs two thread wake-ups, tens of microseconds each on a
 * virtual machine, for work that takes nanoseconds. If the side that waits spins for a few
 * microseconds first, a short task's result (or a caller's next task) usually arrives before it
 * would have parked, and neither thread sleeps.
 *
 * <p>Cost: each spin burns at most {@link #budgetNanos()} of one core's time (default {@value
 * #DEFAULT_BUDGET_NANOS} ns), in {@link Thread#onSpinWait()} pauses with a yield now and then, then
 * gives up. On a machine with one processor spinning only delays the thread it waits for, so the
 * budget there is zero. The bound is real time (the system ticker), not a limiter's injected
 * ticker: what it limits is CPU spent, and a manual ticker would never end it. This class is
 * thread-safe.
 */
public final class SpinWait {
  /** How long a spin lasts at most, by default, in nanoseconds. */
  public static final long DEFAULT_BUDGET_NANOS = 10_000;

  private static final int YIELD_EVERY = 32;

  private static final SpinWait FOR_THIS_MACHINE =
      new SpinWait(
          Runtime.getRuntime().availableProcessors() > 1 ? DEFAULT_BUDGET_NANOS : 0,
          SystemTicker.INSTANCE);

  private final long budgetNanos;
  private final Ticker ticker;

  /**
   * A spin of at most {@code budgetNanos} on {@code ticker}.
   *
   * @param budgetNanos the longest spin, zero for none
   * @param ticker the real-time ticker that bounds it
   * @throws IllegalArgumentException if {@code budgetNanos} is negative
   */
  public SpinWait(long budgetNanos, Ticker ticker) {
    if (budgetNanos < 0) {
      throw new IllegalArgumentException("spin budget must be >= 0 ns, was " + budgetNanos);
    }
    this.budgetNanos = budgetNanos;
    this.ticker = ticker;
  }

  /**
   * The default spin: {@value #DEFAULT_BUDGET_NANOS} ns on the system ticker, none on a machine
   * with one processor.
   *
   * @return the shared instance
   */
  public static SpinWait forThisMachine() {
    return FOR_THIS_MACHINE;
  }

  /**
   * The longest a spin lasts.
   *
   * @return the budget in nanoseconds
   */
  public long budgetNanos() {
    return budgetNanos;
  }

  /**
   * Spins until {@code future} is done, for at most the budget or {@code maxNanos}, whichever is
   * shorter. Never blocks, never reads the ticker when the budget is zero.
   *
   * @param future the future to watch
   * @param maxNanos a further bound (the caller's own time limit)
   * @return whether the future is done
   */
  public boolean awaitDone(Future<?> future, long maxNanos) {
    if (future.isDone()) {
      return true;
    }
    long bound = Math.min(budgetNanos, maxNanos);
    if (bound <= 0) {
      return false;
    }
    long begin = ticker.read();
    int spins = 0;
    do {
      pause(++spins);
      if (future.isDone()) {
        return true;
      }
    } while (ticker.read() - begin < bound);
    return false;
  }

  /**
   * One step of a spin: a {@link Thread#onSpinWait()} pause, and every {@value #YIELD_EVERY}th step
   * a {@link Thread#yield()}, so that on a busy machine the thread being waited for can have this
   * core if it is queued for it (as {@code LinkedTransferQueue}'s spin yields now and then).
   *
   * @param step how many steps this spin has taken, from 1
   */
  public static void pause(int step) {
    if (step % YIELD_EVERY == 0) {
      Thread.yield();
    } else {
      Thread.onSpinWait();
    }
  }

  /**
   * Starts a spin whose end the caller tests with {@link #within(long)}.
   *
   * @return the ticker reading to pass to {@link #within(long)}, or 0 without a budget
   */
  public long begin() {
    return budgetNanos == 0 ? 0 : ticker.read();
  }

  /**
   * Whether a spin begun at {@code begin} may go on.
   *
   * @param begin what {@link #begin()} returned
   * @return {@code true} while less than the budget has passed
   */
  public boolean within(long begin) {
    return budgetNanos != 0 && ticker.read() - begin < budgetNanos;
  }
}
