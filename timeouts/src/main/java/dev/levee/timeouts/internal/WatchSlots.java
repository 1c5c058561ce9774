package dev.levee.timeouts.internal;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The calls a watchdog watches: preallocated slots that calls on their own threads claim, and that
 * one scanning thread expires when their deadline passes. No task is scheduled per call and a call
 * that finishes in time allocates nothing.
 *
 * <p>Design. A slot's {@code state} packs a generation and a status ({@code gen << 3 | status}):
 * FREE, CLAIMED (its owner is writing or clearing the plain fields), ACTIVE (watched), FIRING (the
 * scanner won it and is interrupting its thread), FIRED (timed out) and ABORTED (closed under it).
 * The caller claims a FREE slot by CAS, writes the plain fields, then publishes ACTIVE with a
 * volatile write; it ends by CAS from ACTIVE to CLAIMED. The scanner reads ACTIVE, then the
 * deadline, then CASes from that exact ACTIVE state to FIRING: the generation makes a scan that
 * read an old call's state fail on the next call in the same slot (no ABA), so a late interrupt
 * never reaches a thread's next call. A caller that loses the CAS waits while the slot is FIRING
 * (only as long as one {@link Thread#interrupt()}), then clears the interrupt the scanner set, so
 * it cannot leak into whatever the thread runs next. The resource to close is closed by the scanner
 * after the slot is FIRED, from a local copy, so the slot can be reused meanwhile.
 *
 * <p>Calls probe from a slot picked by their thread's identity hash (stripes spread threads,
 * virtual ones included), and the table doubles, under a lock, only when every slot is taken: the
 * only allocation, bounded by the peak number of concurrent calls. Handles carry the slot's index
 * and generation; indexes survive growth because growth keeps the old slots in place.
 */
public final class WatchSlots {
  private static final Logger LOG = LoggerFactory.getLogger("dev.levee.timeouts.TimeLimiter");

  /** The call finished before the watchdog fired. */
  public static final int COMPLETED = 0;

  /** The watchdog fired: the deadline passed while the call ran. */
  public static final int TIMED_OUT = 1;

  /** The watchdog or limiter was closed while the call ran. */
  public static final int ABORTED = 2;

  private static final long FREE = 0;
  private static final long CLAIMED = 1;
  private static final long ACTIVE = 2;
  private static final long FIRING = 3;
  private static final long FIRED = 4;
  private static final long CLOSED = 5;
  private static final long STATUS = 7;
  private static final int INDEX_SHIFT = 40;
  private static final long GEN_MASK = (1L << INDEX_SHIFT) - 1;

  /** One watched call. Plain fields are guarded by the state protocol above. */
  private static final class Slot extends AtomicLong {
    private static final long serialVersionUID = 1L;

    transient Thread thread;
    transient AutoCloseable closeOnTimeout;
    transient Object owner;
    long deadline;
  }

  private volatile Slot[] table;

  /**
   * Creates a table.
   *
   * @param initialSlots the number of slots to start with, rounded up to a power of two
   */
  public WatchSlots(int initialSlots) {
    int n = Integer.highestOneBit(Math.max(2, initialSlots) - 1) << 1;
    Slot[] slots = new Slot[n];
    for (int i = 0; i < n; i++) {
      slots[i] = new Slot();
    }
    table = slots;
  }

  /**
   * Watches a call running on {@code thread}.
   *
   * @param thread the thread to interrupt
   * @param deadline when, on the watchdog's ticker
   * @param closeOnTimeout closed when it times out; may be {@code null}
   * @param owner who may {@link #abortOwnedBy(Object) abort} it
   * @return the handle to {@link #release(long)} with
   */
  public long register(Thread thread, long deadline, AutoCloseable closeOnTimeout, Object owner) {
    while (true) {
      Slot[] slots = table;
      int mask = slots.length - 1;
      int start = spread(System.identityHashCode(thread)) & mask;
      for (int i = 0; i <= mask; i++) {
        int index = (start + i) & mask;
        Slot slot = slots[index];
        long state = slot.get();
        if ((state & STATUS) == FREE && slot.compareAndSet(state, state | CLAIMED)) {
          slot.thread = thread;
          slot.closeOnTimeout = closeOnTimeout;
          slot.owner = owner;
          slot.deadline = deadline;
          slot.set(state | ACTIVE); // publishes the fields to the scanner
          return ((long) index << INDEX_SHIFT) | ((state >>> 3) & GEN_MASK);
        }
      }
      grow(slots);
    }
  }

  /**
   * Ends a call: stops watching it. Called on the call's own thread. If the watchdog fired, waits
   * for its interrupt to land and clears it from this thread.
   *
   * @param handle what {@link #register} returned
   * @return {@link #COMPLETED}, {@link #TIMED_OUT} or {@link #ABORTED}
   */
  public int release(long handle) {
    Slot slot = table[(int) (handle >>> INDEX_SHIFT)];
    long base = slot.get() & ~STATUS;
    if (((base >>> 3) & GEN_MASK) != (handle & GEN_MASK)) {
      throw new IllegalStateException("watch slot released twice or by a stranger");
    }
    if (slot.compareAndSet(base | ACTIVE, base | CLAIMED)) {
      clear(slot, base);
      return COMPLETED;
    }
    long state;
    while (((state = slot.get()) & STATUS) == FIRING) {
      Thread.onSpinWait(); // the scanner is inside Thread.interrupt(): a few microseconds at most
    }
    Thread.interrupted(); // the interrupt was the watchdog's: it must not reach the next call
    slot.set(base | CLAIMED);
    clear(slot, base);
    return (state & STATUS) == FIRED ? TIMED_OUT : ABORTED;
  }

  private static void clear(Slot slot, long base) {
    slot.thread = null;
    slot.closeOnTimeout = null;
    slot.owner = null;
    slot.set(base + (1L << 3)); // the next generation, FREE
  }

  /**
   * Expires every watched call whose deadline is at or before {@code now}.
   *
   * @param now the watchdog ticker's reading
   * @return how many calls are still being watched
   */
  public int scan(long now) {
    int watched = 0;
    for (Slot slot : table) {
      long state = slot.get();
      if ((state & STATUS) == ACTIVE) {
        if (now - slot.deadline >= 0 && slot.compareAndSet(state, state - ACTIVE + FIRING)) {
          fire(slot, state, FIRED);
        } else {
          watched++;
        }
      }
    }
    return watched;
  }

  /**
   * Aborts the watched calls of one owner (the owner is closing), or of everyone.
   *
   * @param owner the owner, or {@code null} for every call
   * @return how many were aborted
   */
  public int abortOwnedBy(Object owner) {
    int aborted = 0;
    for (Slot slot : table) {
      long state = slot.get();
      if ((state & STATUS) == ACTIVE
          && (owner == null || slot.owner == owner)
          && slot.compareAndSet(state, state - ACTIVE + FIRING)) {
        fire(slot, state, CLOSED);
        aborted++;
      }
    }
    return aborted;
  }

  /**
   * How many slots are taken: calls watched, or ending.
   *
   * @return the count, zero when no call is in flight
   */
  public int inUse() {
    int n = 0;
    for (Slot slot : table) {
      if ((slot.get() & STATUS) != FREE) {
        n++;
      }
    }
    return n;
  }

  /**
   * The number of slots, which grows with the peak number of concurrent calls.
   *
   * @return the capacity
   */
  public int capacity() {
    return table.length;
  }

  private static void fire(Slot slot, long active, long outcome) {
    Thread thread = slot.thread;
    AutoCloseable resource = slot.closeOnTimeout;
    thread.interrupt();
    slot.set(active - ACTIVE + outcome); // the caller may now go on and reuse the slot
    if (resource != null) {
      try {
        resource.close();
      } catch (Exception e) {
        LOG.atWarn()
            .addKeyValue("component", "timeouts")
            .addKeyValue("error", e.toString())
            .log("closing a timed-out operation's resource failed: {}", e.toString());
      }
    }
  }

  private synchronized void grow(Slot[] seen) {
    if (table != seen) {
      return; // another caller grew it
    }
    Slot[] bigger = java.util.Arrays.copyOf(seen, seen.length * 2);
    for (int i = seen.length; i < bigger.length; i++) {
      bigger[i] = new Slot();
    }
    table = bigger;
  }

  private static int spread(int h) {
    return (h ^ (h >>> 16)) * 0x45d9f3b;
  }
}
