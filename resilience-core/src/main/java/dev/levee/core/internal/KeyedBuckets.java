package dev.levee.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The buckets of a keyed rate limiter, at most {@code maxKeys} of them: one long per key (a GCRA
 * arrival time, see {@link Gcra}), idle ones evicted.
 *
 * <p>Bounded memory. A key takes a slot (a count raised by CAS, never past {@code maxKeys}) before
 * its bucket is put in the map, and gives it back after its bucket is removed, so the map never
 * holds more than {@code maxKeys} keys, whatever threads do.
 *
 * <p>Eviction. A bucket that has been full for the idle time can go: evicting it changes no
 * decision, since its key would come back with a full bucket. The evictor marks it {@link #DEAD}
 * with a CAS from the arrival time it judged idle, so a decision racing with it either lands first
 * (and the bucket stays) or sees the mark and asks for the key's bucket again ({@link #forget}); no
 * permit is granted twice. Eviction never runs on a known key's decision: each new key examines a
 * few buckets (8) where a shared cursor left off, and a new key that finds the store full up to 64
 * before it gives up; {@link #evictIdle} examines them all. Only one thread moves the cursor at a
 * time; the others skip the sweep rather than wait for it. Thread-safe.
 *
 * @param <K> the key type
 */
public final class KeyedBuckets<K> {
  /** The arrival time of an evicted bucket: no live bucket's, which are never negative. */
  public static final long DEAD = Long.MIN_VALUE;

  /** Buckets a new key examines for idleness, below the cap. */
  private static final int SWEEP_STEP = 8;

  /** Buckets a new key examines when the store is full, before it gives up. */
  private static final int SWEEP_AT_CAP = 64;

  private final int maxKeys;
  private final long idleNanos;
  private final ConcurrentHashMap<K, Bucket> buckets = new ConcurrentHashMap<>();
  private final AtomicInteger slots = new AtomicInteger(); // keys in the map, or about to be
  private final AtomicBoolean sweeping = new AtomicBoolean();
  private Iterator<Bucket> cursor; // read and written only by the thread that set sweeping
  private final LongAdder evicted = new LongAdder();

  /** One key's bucket: its next permit's arrival time, moved by CAS. */
  public static final class Bucket {
    private static final VarHandle ARRIVAL;

    static {
      try {
        ARRIVAL = MethodHandles.lookup().findVarHandle(Bucket.class, "arrival", long.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    private final Object key; // null for a bucket outside the store
    private volatile long arrival;

    /**
     * A bucket outside the store (an overflow bucket).
     *
     * @param arrival its arrival time
     */
    public Bucket(long arrival) {
      this(null, arrival);
    }

    private Bucket(Object key, long arrival) {
      this.key = key;
      this.arrival = arrival;
    }

    /**
     * The arrival time of the bucket's next permit.
     *
     * @return the time, or {@link #DEAD} once evicted
     */
    public long arrival() {
      return arrival;
    }

    /**
     * Moves the arrival time if it is still {@code from}.
     *
     * @param from the time read
     * @param to the new time
     * @return whether it moved
     */
    public boolean move(long from, long to) {
      return ARRIVAL.compareAndSet(this, from, to);
    }
  }

  /**
   * An empty store.
   *
   * @param maxKeys the most keys held
   * @param idleNanos how long a bucket must have been full to be evicted
   */
  public KeyedBuckets(int maxKeys, long idleNanos) {
    this.maxKeys = maxKeys;
    this.idleNanos = idleNanos;
  }

  /**
   * The key's bucket, if the store holds it: a map lookup with the caller's key, no allocation.
   *
   * @param key the key
   * @return the bucket, or {@code null}
   */
  public Bucket get(K key) {
    return buckets.get(key);
  }

  /**
   * The bucket for a key the store did not hold: a new full one (the key took a slot), or the one
   * another thread put meanwhile; {@code null} if the store is full and no bucket is idle.
   *
   * @param key the key
   * @param now the limiter's time now, which a new bucket starts at (full)
   * @return the bucket, or {@code null}
   */
  public Bucket add(K key, long now) {
    while (true) {
      int taken = slots.get();
      if (taken >= maxKeys) {
        if (sweep(now, SWEEP_AT_CAP) > 0) {
          continue; // a slot came free
        }
        return buckets.get(key);
      }
      if (slots.compareAndSet(taken, taken + 1)) {
        Bucket fresh = new Bucket(key, now);
        Bucket prior = buckets.putIfAbsent(key, fresh);
        if (prior != null) {
          slots.decrementAndGet(); // another thread added the key first
        }
        sweep(now, SWEEP_STEP);
        return prior != null ? prior : fresh;
      }
    }
  }

  /**
   * Removes a bucket found {@link #DEAD} (evicted under a decision's feet), if still there.
   *
   * @param key its key
   * @param bucket the bucket
   */
  public void forget(K key, Bucket bucket) {
    if (buckets.remove(key, bucket)) {
      slots.decrementAndGet();
    }
  }

  /**
   * Evicts every bucket that has been full for the idle time.
   *
   * @param now the limiter's time now
   * @return how many were evicted
   */
  public int evictIdle(long now) {
    int count = 0;
    for (Bucket b : buckets.values()) {
      if (evict(b, now)) {
        count++;
      }
    }
    return count;
  }

  /**
   * Keys held now.
   *
   * @return the count, at most {@code maxKeys}
   */
  public int size() {
    return buckets.size();
  }

  /**
   * Buckets evicted so far.
   *
   * @return the count
   */
  public long evictedCount() {
    return evicted.sum();
  }

  /**
   * Examines up to {@code max} buckets from where the shared cursor stopped, evicting the idle
   * ones; skipped if another thread is sweeping.
   *
   * @return how many were evicted
   */
  private int sweep(long now, int max) {
    if (!sweeping.compareAndSet(false, true)) {
      return 0;
    }
    int count = 0;
    try {
      Iterator<Bucket> it = cursor;
      boolean restarted = false;
      for (int i = 0; i < max; i++) {
        if (it == null || !it.hasNext()) {
          if (restarted) {
            break; // fewer buckets than max: each seen once
          }
          it = buckets.values().iterator();
          restarted = true;
          if (!it.hasNext()) {
            break;
          }
        }
        if (evict(it.next(), now)) {
          count++;
        }
      }
      cursor = it;
    } finally {
      sweeping.set(false);
    }
    return count;
  }

  /** Evicts {@code bucket} if it has been full for the idle time. */
  private boolean evict(Bucket bucket, long now) {
    long arrival = bucket.arrival;
    if (arrival == DEAD || now - arrival < idleNanos || !bucket.move(arrival, DEAD)) {
      return false;
    }
    if (buckets.remove(bucket.key, bucket)) {
      slots.decrementAndGet();
    }
    evicted.increment();
    return true;
  }
}
