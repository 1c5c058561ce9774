package dev.levee.core.internal;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A monotonic counter for the hottest paths (a retry's first-attempt successes, a limiter's grants,
 * an open breaker's rejections): exact, allocation-free, and for most threads free of any atomic
 * instruction.
 *
 * <p>Design. Eight stripes, each on its own pair of cache lines; a thread picks one by its id
 * (consecutive ids land on different stripes). Each stripe has an owner: the first thread to add to
 * it claims it with one CAS, and from then on adds with a plain load and a release store, which
 * only the owner ever writes, so no add is lost. The owner is the {@link Thread} itself, compared
 * by identity: on JDK 17 {@code getId()} can be overridden, and two threads reporting one id must
 * not both count as the owner (they only share a stripe). Any other thread on that stripe adds to
 * the stripe's shared cell with one {@code lock xadd}, which cannot fail. An uncontended {@code
 * lock xadd} costs about 8 ns on the project's build machine, the owner's add about 1 ns: most of a
 * retry's success path. An owner that dies leaves its count in place and no other thread ever
 * writes it; the stripe keeps its {@code Thread} object (not its thread-locals, which a finished
 * thread drops). {@link #sum()} reads the cells with acquire semantics: it includes every add that
 * happened before it. About 1 KiB per counter.
 *
 * <p>{@link #sum()} skips the stripes nobody has claimed: no thread ever added to them. An owner
 * adds only after its claim, and a sharer only after it read the stripe's owner (a non-null value
 * that is never cleared): if an add happened before the sum, so did that claim or that read, and
 * the sum's volatile read of the owner sees it (coherence of one variable). A metrics scrape sums
 * thousands of counters, most of them touched by few threads or none (a closed breaker's
 * rejections): for an untouched counter, the owners' line instead of eight lines of cells.
 */
public final class StripedCounter {
  private static final int STRIPES = 8;
  private static final int PAD = 16; // longs: 128 bytes between stripes
  private static final int OWNED = 1;
  private static final int SHARED = 2;

  private final AtomicLongArray cells = new AtomicLongArray((STRIPES + 1) * PAD);
  private final AtomicReferenceArray<Thread> owners = new AtomicReferenceArray<>(STRIPES);

  /** Creates a counter at zero. */
  public StripedCounter() {}

  /** Adds one. */
  public void increment() {
    Thread current = Thread.currentThread();
    int stripe = (int) current.getId() & (STRIPES - 1);
    int base = (stripe + 1) * PAD; // the header's line stays read-only
    Thread owner = owners.getOpaque(stripe);
    if (owner == current || (owner == null && owners.compareAndSet(stripe, null, current))) {
      cells.setRelease(base + OWNED, cells.getPlain(base + OWNED) + 1); // only the owner writes
    } else {
      cells.getAndIncrement(base + SHARED);
    }
  }

  /**
   * The count.
   *
   * @return the sum of every add that happened before this call
   */
  public long sum() {
    long sum = 0;
    for (int stripe = 0; stripe < STRIPES; stripe++) {
      if (owners.get(stripe) != null) { // unclaimed: never added to (see the class comment)
        int base = (stripe + 1) * PAD;
        sum += cells.getAcquire(base + OWNED) + cells.getAcquire(base + SHARED);
      }
    }
    return sum;
  }
}
