package dev.levee.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The samples of an adaptive limiter's current window: timed calls ended, their summed round-trip
 * time, the least RTT and the most calls in flight; and the window's due time and the flag that
 * lets one thread at a time close it. Drops and rejections are the limiter's own monotonic
 * counters, read when a window closes.
 *
 * <p>Design. Recording a sample takes no lock and allocates nothing. Count and RTT sum are
 * monotonic striped cells, as in {@link StripedCounter}: a stripe's owner thread adds with plain
 * loads and release stores, any other thread with one atomic add. They are never reset: the closer
 * keeps the totals it saw last and takes differences, so a sample racing with a close lands in one
 * window or the next, never nowhere. The least RTT and the peak in flight are one word each,
 * written only when a sample beats them (after the first few samples of a window, a sample only
 * reads them); the closer swaps them back to their neutral values atomically. Whoever wins the
 * {@link #tryLock()} CAS closes the window; everyone else carries on recording.
 */
public final class SampleWindow {
  private static final int STRIPES = 8;
  private static final int PAD = 16; // longs: 128 bytes between stripes
  private static final int COUNT = 0; // owner's cells, then the shared ones
  private static final int SUM = 1;
  private static final int SHARED = 8; // other threads' cells: on the next cache line

  private static final VarHandle MIN;
  private static final VarHandle PEAK;
  private static final VarHandle LOCK;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      MIN = l.findVarHandle(SampleWindow.class, "min", long.class);
      PEAK = l.findVarHandle(SampleWindow.class, "peak", int.class);
      LOCK = l.findVarHandle(SampleWindow.class, "lock", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final AtomicLongArray cells = new AtomicLongArray((STRIPES + 1) * PAD);
  private final AtomicReferenceArray<Thread> owners = new AtomicReferenceArray<>(STRIPES);

  @SuppressWarnings("unused") // through MIN
  private volatile long min = Long.MAX_VALUE;

  @SuppressWarnings("unused") // through PEAK
  private volatile int peak;

  @SuppressWarnings("unused") // through LOCK
  private volatile int lock;

  private volatile long dueAt;

  // The closer's own state, guarded by the lock flag.
  private long seenCount;
  private long seenSum;
  private long seenDrops;
  private long seenRejections;
  private long startedAt;

  /**
   * A window starting now.
   *
   * @param now the ticker's reading
   * @param lengthNanos how long the first window lasts at least
   */
  public SampleWindow(long now, long lengthNanos) {
    startedAt = now;
    dueAt = now + lengthNanos;
  }

  /**
   * Records one ended call.
   *
   * @param rttNanos its round-trip time (negative readings count as 0)
   * @param inFlight the calls in flight when it ended, itself included
   * @param now the ticker's reading when it ended
   * @return whether the window is due to close
   */
  public boolean record(long rttNanos, int inFlight, long now) {
    long rtt = Math.max(0, rttNanos);
    Thread current = Thread.currentThread();
    int stripe = (int) current.getId() & (STRIPES - 1);
    int base = (stripe + 1) * PAD; // the array header's line stays read-only
    Thread owner = owners.getOpaque(stripe);
    if (owner == current || (owner == null && owners.compareAndSet(stripe, null, current))) {
      cells.setRelease(base + COUNT, cells.getPlain(base + COUNT) + 1); // only the owner writes
      cells.setRelease(base + SUM, cells.getPlain(base + SUM) + rtt);
    } else {
      cells.getAndIncrement(base + SHARED + COUNT);
      cells.getAndAdd(base + SHARED + SUM, rtt);
    }
    long least = (long) MIN.getOpaque(this);
    while (rtt < least && !MIN.weakCompareAndSet(this, least, rtt)) {
      least = (long) MIN.getOpaque(this);
    }
    int most = (int) PEAK.getOpaque(this);
    while (inFlight > most && !PEAK.weakCompareAndSet(this, most, inFlight)) {
      most = (int) PEAK.getOpaque(this);
    }
    return now - dueAt >= 0;
  }

  /**
   * Takes the right to close the window; never waits.
   *
   * @return whether this thread holds it now ({@link #unlock()} must follow)
   */
  public boolean tryLock() {
    return (int) LOCK.getOpaque(this) == 0 && LOCK.compareAndSet(this, 0, 1);
  }

  /** Gives the right to close back; publishes what the closer wrote. */
  public void unlock() {
    LOCK.setRelease(this, 0);
  }

  /**
   * Closes the window if it is due and has enough samples, filling {@code into} with its figures
   * and starting the next one. The caller holds the lock.
   *
   * @param now the ticker's reading
   * @param minSamples the fewest samples a window needs
   * @param rejections the limiter's rejections so far (a monotonic total)
   * @param drops the limiter's drops so far (a monotonic total)
   * @param nextLengthNanos how long the next window lasts at least
   * @param into receives the closed window's figures
   * @return whether a window was closed
   */
  public boolean close(
      long now,
      int minSamples,
      long rejections,
      long drops,
      long nextLengthNanos,
      WindowStats into) {
    if (now - dueAt < 0) {
      return false; // another thread closed it between this one's check and its lock
    }
    long count = 0;
    long sum = 0;
    for (int i = 1; i <= STRIPES; i++) {
      int base = i * PAD;
      count += cells.getAcquire(base + COUNT) + cells.getAcquire(base + SHARED + COUNT);
      sum += cells.getAcquire(base + SUM) + cells.getAcquire(base + SHARED + SUM);
    }
    if (count - seenCount < minSamples) {
      return false; // stays open until it has enough
    }
    into.samples = count - seenCount;
    into.rttSumNanos = sum - seenSum;
    into.drops = drops - seenDrops;
    into.rejections = rejections - seenRejections;
    into.minRttNanos = (long) MIN.getAndSet(this, Long.MAX_VALUE);
    into.peakInFlight = (int) PEAK.getAndSet(this, 0);
    into.startedAt = startedAt;
    into.endedAt = now;
    seenCount = count;
    seenSum = sum;
    seenDrops = drops;
    seenRejections = rejections;
    startedAt = now;
    dueAt = now + nextLengthNanos;
    return true;
  }

  /**
   * Moves the current window's due time, keeping its samples (a probe that must last longer).
   *
   * @param dueAtNanos the ticker's reading from which it may close
   */
  public void dueAt(long dueAtNanos) {
    dueAt = dueAtNanos;
  }
}
