package dev.levee.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The last {@code size} outcomes, in a ring of bytes, with their counts kept in one word.
 *
 * <p>Design. A record claims the next slot (a CAS on the cursor), and if the slot already holds the
 * same outcome it is done: in the steady state of a healthy dependency a success costs that CAS and
 * one read, with no other write. Otherwise it swaps its outcome in and adds the difference (new
 * minus evicted) to the packed counts with one atomic add. Because every change to the ring is a
 * swap whose exact difference is added, the counts always equal the ring's contents, even when more
 * than {@code size} threads race for slots. Under contention the window is "about the last {@code
 * size} calls"; recorded one at a time it is exact.
 *
 * <p>The counts word packs calls, failures and slow calls in 21-bit fields, each biased by 2^20: an
 * eviction's subtraction may land before the addition it undoes, and the bias keeps that transient
 * negative from borrowing into the next field. Reads clamp at zero.
 *
 * <p>Contention. With one thread, or threads that do not collide, there is one cursor, and the
 * window is exactly the last {@code size} calls. When a cursor CAS fails, threads are contending
 * for it, and more cursors are added (2, 4, 8, like {@link java.util.concurrent.atomic.LongAdder}'s
 * cells), each on its own cache lines and starting at its own place in the ring; a thread advances
 * the cursor its per-thread hint picks, and moves the hint when it still meets contention. Every
 * cursor walks the whole ring, so the ring stays full whichever cursors are in use, and the counts
 * still equal its contents; what is lost is only the strict order of the last {@code size} calls,
 * which concurrent calls do not have anyway. Only a contended window pays for the thread-local
 * hint.
 */
final class CountWindow extends RateWindow {
  private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(byte[].class);

  private static final byte EMPTY = 0;
  private static final byte SUCCESS = 1;
  private static final byte FAILURE = 2;
  private static final byte SLOW_SUCCESS = 3;
  private static final byte SLOW_FAILURE = 4;

  private static final int FAIL_SHIFT = 21;
  private static final int SLOW_SHIFT = 42;
  private static final long FIELD = (1L << 21) - 1;
  private static final long BIAS = 1L << 20;
  private static final long BIASES = BIAS | (BIAS << FAIL_SHIFT) | (BIAS << SLOW_SHIFT);
  private static final long CALL = 1;
  private static final long FAIL = 1L << FAIL_SHIFT;
  private static final long SLOW = 1L << SLOW_SHIFT;

  /** What each outcome adds to the counts, indexed by outcome code ({@link #EMPTY} adds 0). */
  private static final long[] WEIGHT = {0, CALL, CALL + FAIL, CALL + SLOW, CALL + FAIL + SLOW};

  private static final int MAX_STRIPES = 8;
  // Cursors sit 128 bytes apart (two cache lines, as adjacent-line prefetchers pair them), and
  // none shares a line with the array's header, which every thread reads for bounds checks.
  private static final int PAD = 32;

  private final byte[] ring;
  private final AtomicIntegerArray cursors = new AtomicIntegerArray((MAX_STRIPES + 2) * PAD);
  private final AtomicInteger stripes = new AtomicInteger(1);
  private final AtomicLong counts = new AtomicLong(BIASES);

  CountWindow(int size, Thresholds thresholds) {
    super(thresholds);
    this.ring = new byte[size];
  }

  @Override
  public boolean record(boolean failure, boolean slow) {
    byte outcome = failure ? (slow ? SLOW_FAILURE : FAILURE) : (slow ? SLOW_SUCCESS : SUCCESS);
    int slot = nextSlot();
    if ((byte) SLOTS.getVolatile(ring, slot) == outcome) {
      // The same outcome evicted as recorded: the counts stay as they are. A success is done;
      // a failure or slow call is still judged (the rate may have reached the threshold when a
      // success brought the window to minimumCalls).
      return (failure || slow) && exceeded(counts.get());
    }
    byte evicted = (byte) SLOTS.getAndSet(ring, slot, outcome);
    long delta = WEIGHT[outcome] - WEIGHT[evicted];
    if (delta == 0) {
      return (failure || slow) && exceeded(counts.get());
    }
    long now = counts.addAndGet(delta);
    return (failure || slow) && exceeded(now);
  }

  private boolean exceeded(long packed) {
    return thresholds.exceeded(
        field(packed, 0), field(packed, FAIL_SHIFT), field(packed, SLOW_SHIFT));
  }

  private int nextSlot() {
    int size = ring.length;
    while (true) {
      int s = stripes.get();
      int[] probe = s == 1 ? null : PROBE.get();
      int stripe = s == 1 ? 0 : probe[0] & (s - 1);
      int at = (stripe + 1) * PAD;
      int current = cursors.get(at);
      int next = current + 1 == size ? 0 : current + 1;
      if (cursors.compareAndSet(at, current, next)) {
        return current;
      }
      if (probe != null) {
        probe[0] = advance(probe[0]); // contended on this stripe: try another next time
      }
      if (s < MAX_STRIPES && stripes.compareAndSet(s, s * 2)) {
        // Contended: more cursors. Each new one starts at its own place in the ring, so the
        // stripes in use spread their writes over all of it.
        for (int k = s; k < s * 2; k++) {
          cursors.set((k + 1) * PAD, (int) ((long) size * k / (s * 2)));
        }
      }
    }
  }

  /** Each thread's stripe hint, moved on contention (as LongAdder moves its probe). */
  private static final ThreadLocal<int[]> PROBE =
      ThreadLocal.withInitial(
          () -> new int[] {(int) (Thread.currentThread().getId() * 0x9E3779B97F4A7C15L >>> 32)});

  private static int advance(int probe) {
    probe ^= probe << 13; // xorshift
    probe ^= probe >>> 17;
    return probe ^ (probe << 5);
  }

  private static long field(long packed, int shift) {
    return Math.max(0, ((packed >>> shift) & FIELD) - BIAS);
  }

  @Override
  public long[] counts() {
    long now = counts.get();
    return new long[] {field(now, 0), field(now, FAIL_SHIFT), field(now, SLOW_SHIFT)};
  }

  /** Counts the ring's contents slot by slot: what {@link #counts()} must equal when quiet. */
  long[] recount() {
    long calls = 0;
    long failures = 0;
    long slow = 0;
    for (int i = 0; i < ring.length; i++) {
      byte outcome = (byte) SLOTS.getVolatile(ring, i);
      calls += outcome == EMPTY ? 0 : 1;
      failures += outcome == FAILURE || outcome == SLOW_FAILURE ? 1 : 0;
      slow += outcome == SLOW_SUCCESS || outcome == SLOW_FAILURE ? 1 : 0;
    }
    return new long[] {calls, failures, slow};
  }

  /** How many cursors the ring has now. */
  int stripes() {
    return stripes.get();
  }
}
