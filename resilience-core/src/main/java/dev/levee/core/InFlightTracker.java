package dev.levee.core;

import dev.levee.common.internal.Require;
import dev.levee.core.internal.Tasks;
import dev.levee.timeouts.Sleeper;
import dev.levee.timeouts.Ticker;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts the calls in flight and finds the hung ones, cheaply enough to be on for every call: the
 * health module reports "N requests hung longer than 30s" from it, and graceful shutdown waits on
 * it to drain.
 *
 * <pre>{@code
 * InFlightTracker tracker = InFlightTracker.create("orders", Ticker.system());
 * long token = tracker.enter();
 * try { handle(request); } finally { tracker.exit(token); }
 * int hung = tracker.hungCount(Duration.ofSeconds(30));   // from a health check, every few seconds
 * }</pre>
 *
 * <p>Design: a table of slots, each a counter whose odd values mean "occupied". {@link #enter()}
 * claims a free slot near the thread's own (one CAS, no clock read), {@link #exit(long)} makes it
 * even again (one store). A call's age is not timed on the hot path: {@link #hungCount(Duration)}
 * stamps each occupied slot with the time it first sees the call there, and a call is hung once it
 * has been seen for longer than the threshold. So hung calls are found to within the interval
 * between checks (a health check's, seconds), for no cost per call. When every nearby slot is taken
 * a call is counted in an overflow counter: it is in flight, but cannot be found hung. This class
 * is thread-safe.
 */
public final class InFlightTracker extends Policy {
  private static final int PROBES = 8;

  private final String name;
  private final Ticker ticker;
  private final int mask;
  private final AtomicLongArray slots; // odd: occupied; each claim and exit adds one
  private final AtomicLongArray seenValue; // the slot value a check last stamped
  private final AtomicLongArray seenAt; // when a check first saw that value
  private final AtomicLong overflow = new AtomicLong();

  private InFlightTracker(String name, Ticker ticker, int slots) {
    this.name = name;
    this.ticker = ticker;
    this.mask = slots - 1;
    this.slots = new AtomicLongArray(slots);
    this.seenValue = new AtomicLongArray(slots);
    this.seenAt = new AtomicLongArray(slots);
  }

  /**
   * Creates a tracker with 1024 slots (calls beyond that are counted, not timed).
   *
   * @param name names it in logs and metrics
   * @param ticker the ticker hung checks read
   * @return the tracker
   */
  public static InFlightTracker create(String name, Ticker ticker) {
    return create(name, ticker, 1024);
  }

  /**
   * Creates a tracker.
   *
   * @param name names it in logs and metrics
   * @param ticker the ticker hung checks read
   * @param slots how many calls can be timed at once: a power of two, 16 to 65536
   * @return the tracker
   * @throws IllegalArgumentException naming the bad value
   */
  public static InFlightTracker create(String name, Ticker ticker, int slots) {
    Require.notBlank("inFlightTracker: name", name);
    if (slots < 16 || slots > 65536 || Integer.bitCount(slots) != 1) {
      throw new IllegalArgumentException(
          "inFlightTracker \""
              + name
              + "\": slots must be a power of two in [16,65536], was "
              + slots);
    }
    return new InFlightTracker(name, Objects.requireNonNull(ticker, "ticker"), slots);
  }

  /**
   * The tracker's name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Records that a call started.
   *
   * @return the token to pass to {@link #exit(long)}
   */
  public long enter() {
    int start = (int) Thread.currentThread().getId() * 8; // own cache line per thread, if it can
    for (int p = 0; p < PROBES; p++) {
      int i = (start + p) & mask;
      long v = slots.get(i);
      if ((v & 1) == 0 && slots.compareAndSet(i, v, v + 1)) {
        return i + 1L;
      }
    }
    overflow.incrementAndGet();
    return 0;
  }

  /**
   * Records that a call ended.
   *
   * @param token what {@link #enter()} returned
   */
  public void exit(long token) {
    if (token == 0) {
      overflow.decrementAndGet();
      return;
    }
    int i = (int) token - 1;
    // Only the owner writes an occupied slot, so a plain read sees its value; a release store
    // (no fence) is enough for checks, which may see the call end a moment late.
    slots.setRelease(i, slots.getPlain(i) + 1);
  }

  /** Tracks the task while it runs. */
  @Override
  Object execute(Object task, int kind) throws Exception {
    long token = enter();
    try {
      return Tasks.run(task, kind);
    } finally {
      exit(token);
    }
  }

  /**
   * Calls in flight now.
   *
   * @return the count
   */
  public int inFlight() {
    int n = 0;
    for (int i = 0; i <= mask; i++) {
      if ((slots.get(i) & 1) != 0) {
        n++;
      }
    }
    return n + (int) Math.max(0, overflow.get());
  }

  /**
   * Calls seen in flight for at least {@code threshold}. Each call notices the calls it has not
   * seen before and starts their clock, so call this regularly (a health check does); a call is
   * found hung within one interval between calls after it passes the threshold.
   *
   * @param threshold how long counts as hung
   * @return the count
   */
  public int hungCount(Duration threshold) {
    long limit = Objects.requireNonNull(threshold, "threshold").toNanos();
    long now = ticker.read();
    int hung = 0;
    for (int i = 0; i <= mask; i++) {
      long v = slots.get(i);
      if ((v & 1) == 0) {
        continue;
      }
      if (seenValue.get(i) != v) {
        seenAt.set(i, now);
        seenValue.set(i, v);
      } else if (now - seenAt.get(i) >= limit) {
        hung++;
      }
    }
    return hung;
  }

  /**
   * Waits until no call is in flight, or {@code timeout} passes.
   *
   * @param timeout the longest wait
   * @param sleeper how to wait between checks (every 10 ms)
   * @return whether every call ended in time
   * @throws InterruptedException if interrupted while waiting
   */
  public boolean awaitDrained(Duration timeout, Sleeper sleeper) throws InterruptedException {
    long deadline = ticker.read() + timeout.toNanos();
    while (inFlight() > 0) {
      if (ticker.read() - deadline >= 0) {
        return false;
      }
      sleeper.sleep(10_000_000L);
    }
    return true;
  }

  @Override
  public String toString() {
    return "InFlightTracker[" + name + ", " + inFlight() + " in flight]";
  }
}
