package dev.levee.core;

import dev.levee.common.internal.ListenerList;
import dev.levee.common.internal.LogLimiter;
import dev.levee.common.internal.Require;
import dev.levee.core.internal.Gcra;
import dev.levee.core.internal.KeyedBuckets;
import dev.levee.core.internal.KeyedBuckets.Bucket;
import dev.levee.core.internal.Rejections;
import dev.levee.core.internal.StripedCounter;
import dev.levee.timeouts.Durations;
import dev.levee.timeouts.Ticker;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A rate limit per key (per client, per tenant, per RPC peer) in bounded memory: each key gets
 * {@code permits} per {@code period} with bursts of up to {@code burst}, as a {@link RateLimiter}
 * would give it, and the limiter holds at most {@code maxKeys} keys.
 *
 * <pre>{@code
 * KeyedRateLimiter<String> perPeer = KeyedRateLimiter.of("raft-peers",
 *     KeyedRateLimiterConfig.builder("raft-peers")
 *         .limit(200, Duration.ofSeconds(1)).burst(50).maxKeys(1_000).build());
 * if (!perPeer.tryAcquire(peerId)) { ... refuse the RPC ... }
 * perPeer.acquirePermission(clientId);   // RequestNotPermittedException over the key's rate
 * }</pre>
 *
 * <p>Design. Each key has a bucket of the generic cell rate algorithm, as {@link RateLimiter} keeps
 * one (the same arithmetic, {@code dev.levee.core.internal.Gcra}, without its prefetch store): one
 * long, the theoretical arrival time of the key's next permit. A decision for a key the limiter
 * holds is a {@link java.util.concurrent.ConcurrentHashMap} lookup with the caller's key, one
 * ticker read and one CAS on that long: no lock, no allocation (so long as the caller's key exists
 * already: a boxed {@code int} key is made per call by the caller, not by the limiter). Arrival
 * times are kept relative to the limiter's creation, so that one value ({@code Long.MIN_VALUE}) can
 * mark a bucket as evicted.
 *
 * <p>Eviction. A key whose bucket has been full for {@code idleTimeout} is idle: evicting it
 * changes no decision, since the key would come back with a full bucket. The evictor marks the
 * bucket dead with a CAS from the arrival time it judged idle, so a decision racing with it either
 * lands first (and the key is not evicted) or sees the mark and looks the key up again; no permit
 * is ever granted twice. Eviction never runs on a known key's decision: each new key examines a few
 * buckets (8) where a shared cursor left off, and a new key that finds the limiter full examines up
 * to 64 before it overflows; {@link #evictIdle()} sweeps them all (call it on a schedule to return
 * memory when traffic stops). Only one thread moves the cursor at a time; the others skip the sweep
 * rather than wait for it.
 *
 * <p>Bounded memory. A key takes a slot (a count raised by CAS, never past {@code maxKeys}) before
 * its bucket is put in the map, and gives it back after its bucket is removed, so the map never
 * holds more than {@code maxKeys} keys, whatever threads do. A new key that finds no slot and no
 * idle key is an overflow: see {@link KeyedRateLimiterConfig.Overflow} (by default it shares one
 * extra bucket with the other overflowing keys). Overflows are counted and logged at WARN at most
 * once a second: they mean the cap is too small for the traffic, or someone is making up keys.
 *
 * <p>Rejections throw a stack-free TRANSIENT {@link RequestNotPermittedException} (one instance per
 * limiter; it does not name the key) and are logged at DEBUG at most once a second. Keys are
 * compared with {@code equals}, as a {@link java.util.concurrent.ConcurrentHashMap} compares them,
 * and must not be {@code null}. This class is thread-safe.
 *
 * @param <K> the key type
 */
public final class KeyedRateLimiter<K> {
  private static final Logger LOG = LoggerFactory.getLogger(KeyedRateLimiter.class);

  private final String name;
  private final KeyedRateLimiterConfig config;
  private final Ticker ticker;
  private final long origin; // the ticker's reading at creation: arrival times count from it
  private final long interval;
  private final long tolerance; // burst × interval
  private final int maxKeys;
  private final boolean shares;
  private final KeyedBuckets<K> buckets;
  private final Bucket overflow = new Bucket(0); // a full bucket at the limiter's creation
  private final StripedCounter permitted = new StripedCounter();
  private final StripedCounter rejected = new StripedCounter();
  private final LongAdder overflowed = new LongAdder();
  private final LogLimiter rejectionLog = new LogLimiter();
  private final LogLimiter overflowLog = new LogLimiter();
  private final ListenerList<RejectionListener> listeners =
      new ListenerList<>(new RejectionListener[0]);
  private volatile RequestNotPermittedException rejection;

  private KeyedRateLimiter(String name, KeyedRateLimiterConfig config) {
    this.name = name;
    this.config = config;
    this.ticker = config.ticker();
    this.origin = ticker.read();
    this.interval = config.intervalNanos();
    this.tolerance = config.burst() * interval;
    this.maxKeys = config.maxKeys();
    this.shares = config.overflow() == KeyedRateLimiterConfig.Overflow.SHARED_BUCKET;
    this.buckets = new KeyedBuckets<>(maxKeys, config.idleTimeout().toNanos());
  }

  /**
   * Creates a limiter holding no key.
   *
   * @param <K> the key type
   * @param name names it in logs, metrics and errors
   * @param config its configuration
   * @return the limiter
   */
  public static <K> KeyedRateLimiter<K> of(String name, KeyedRateLimiterConfig config) {
    Require.notBlank("keyedRateLimiter: name", name);
    return new KeyedRateLimiter<>(name, Objects.requireNonNull(config, "config"));
  }

  /**
   * A registry of keyed limiters, created on first use from {@code defaults} or named templates.
   *
   * @param <K> the key type of every limiter in it
   * @param defaults the default template
   * @return an empty registry
   */
  public static <K> Registry<KeyedRateLimiter<K>, KeyedRateLimiterConfig> registry(
      KeyedRateLimiterConfig defaults) {
    return Registry.of("keyedRateLimiter", defaults, KeyedRateLimiter::<K>of);
  }

  /**
   * The limiter's name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * The limiter's configuration.
   *
   * @return the configuration
   */
  public KeyedRateLimiterConfig config() {
    return config;
  }

  /**
   * Takes one of {@code key}'s permits if one is available now; never waits. For a key the limiter
   * holds, allocates nothing.
   *
   * @param key the key, not {@code null}
   * @return whether the call may proceed
   */
  public boolean tryAcquire(K key) {
    return tryAcquire(key, 1);
  }

  /**
   * Takes {@code n} of {@code key}'s permits if they are all available now.
   *
   * @param key the key, not {@code null}
   * @param n permits, 1 to {@code burst}
   * @return whether the call may proceed
   * @throws IllegalArgumentException if {@code n} is outside 1 to {@code burst}
   */
  public boolean tryAcquire(K key, int n) {
    Objects.requireNonNull(key, "key");
    checkPermits(n);
    long now = ticker.read() - origin;
    Bucket bucket = buckets.get(key);
    while (true) {
      if (bucket == null) {
        bucket = bucketFor(key, now);
        if (bucket == null) {
          rejected(now); // full, and new keys are refused
          return false;
        }
      }
      long arrival = bucket.arrival();
      if (arrival == KeyedBuckets.DEAD) { // evicted under our feet: help remove it, look again
        buckets.forget(key, bucket);
        bucket = buckets.get(key);
        continue;
      }
      if (Gcra.room(arrival, now, interval, tolerance) < n) {
        rejected(now);
        return false;
      }
      if (bucket.move(arrival, Gcra.later(arrival, now) + n * interval)) {
        permitted.increment();
        return true;
      }
    }
  }

  /**
   * Takes one of {@code key}'s permits or throws.
   *
   * @param key the key, not {@code null}
   * @throws RequestNotPermittedException if no permit is available now
   */
  public void acquirePermission(K key) {
    if (!tryAcquire(key, 1)) {
      throw rejection();
    }
  }

  /**
   * The bucket for a key the store did not hold: a new one, the one another thread put meanwhile,
   * the shared overflow bucket, or {@code null} if the limiter is full and refuses new keys.
   */
  private Bucket bucketFor(K key, long now) {
    Bucket b = buckets.add(key, now);
    if (b != null) {
      return b;
    }
    overflowed(now);
    return shares ? overflow : null;
  }

  /**
   * Evicts every key whose bucket has been full for the idle timeout. The limiter evicts on its own
   * as new keys arrive; call this on a schedule to give memory back when they stop arriving.
   *
   * @return how many keys were evicted
   */
  public int evictIdle() {
    return buckets.evictIdle(ticker.read() - origin);
  }

  /**
   * The exception every rejection of this limiter shares.
   *
   * @return the exception
   */
  public RequestNotPermittedException rejection() {
    RequestNotPermittedException e = rejection;
    if (e == null) {
      e =
          new RequestNotPermittedException(
              name,
              "rate limit of "
                  + config.permits()
                  + " per "
                  + Durations.format(config.period())
                  + " per key exceeded",
              config.clock().instant());
      rejection = e;
    }
    return e;
  }

  /**
   * Permits {@code key} could take now: its bucket's level, or {@code burst} for a key the limiter
   * does not hold (what a new key gets while the limiter has room). Creates nothing.
   *
   * @param key the key
   * @return whole permits
   */
  public long availablePermits(K key) {
    Bucket bucket = buckets.get(Objects.requireNonNull(key, "key"));
    long arrival = bucket == null ? KeyedBuckets.DEAD : bucket.arrival();
    if (arrival == KeyedBuckets.DEAD) {
      return config.burst();
    }
    return Math.max(0, Gcra.room(arrival, ticker.read() - origin, interval, tolerance));
  }

  /**
   * Keys held now.
   *
   * @return the count, at most {@code maxKeys}
   */
  public int keyCount() {
    return buckets.size();
  }

  /**
   * Requests granted since the limiter was made (a {@code tryAcquire(key, n)} counts once).
   *
   * @return the count
   */
  public long permittedCount() {
    return permitted.sum();
  }

  /**
   * Requests refused since the limiter was made, overflowing ones included.
   *
   * @return the count
   */
  public long rejectedCount() {
    return rejected.sum();
  }

  /**
   * Keys evicted as idle since the limiter was made.
   *
   * @return the count
   */
  public long evictedCount() {
    return buckets.evictedCount();
  }

  /**
   * Decisions for a new key that found the limiter full and no key idle: served by the shared
   * overflow bucket, or refused (see {@link KeyedRateLimiterConfig.Overflow}).
   *
   * @return the count
   */
  public long overflowedCount() {
    return overflowed.sum();
  }

  /**
   * Adds a listener, told of every rejection (not of the key: listeners must not keep keys).
   *
   * @param listener the listener
   */
  public void addListener(RejectionListener listener) {
    listeners.add(listener);
  }

  /**
   * Removes a listener.
   *
   * @param listener the listener
   * @return whether it was registered
   */
  public boolean removeListener(RejectionListener listener) {
    return listeners.remove(listener);
  }

  private void rejected(long now) {
    rejected.increment();
    Rejections.tell(listeners, LOG, "keyedratelimiter", name);
    if (LOG.isDebugEnabled()) {
      long suppressed = rejectionLog.admit(now);
      if (suppressed >= 0) {
        LOG.atDebug()
            .addKeyValue("component", "keyedratelimiter")
            .addKeyValue("name", name)
            .addKeyValue("suppressed", suppressed)
            .log(
                "keyed rate limiter \"{}\" rejected a request ({} similar lines suppressed in the"
                    + " last second)",
                name,
                suppressed);
      }
    }
  }

  private void overflowed(long now) {
    overflowed.increment();
    long suppressed = overflowLog.admit(now);
    if (suppressed >= 0) {
      LOG.atWarn()
          .addKeyValue("component", "keyedratelimiter")
          .addKeyValue("name", name)
          .addKeyValue("max_keys", maxKeys)
          .addKeyValue("suppressed", suppressed)
          .log(
              "keyed rate limiter \"{}\" holds its {} keys and none is idle: a new key {} ({}"
                  + " similar lines suppressed in the last second)",
              name,
              maxKeys,
              shares ? "shares the overflow bucket" : "is refused",
              suppressed);
    }
  }

  private void checkPermits(int n) {
    if (n < 1 || n > config.burst()) {
      throw new IllegalArgumentException(
          "keyedRateLimiter \""
              + name
              + "\": permits must be in [1,"
              + config.burst()
              + "], was "
              + n);
    }
  }

  @Override
  public String toString() {
    return "KeyedRateLimiter[" + name + ", " + keyCount() + " keys]";
  }
}
