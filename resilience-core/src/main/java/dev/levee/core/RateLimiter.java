package dev.levee.core;

import dev.levee.common.internal.ListenerList;
import dev.levee.common.internal.LogLimiter;
import dev.levee.common.internal.Require;
import dev.levee.core.internal.Gcra;
import dev.levee.core.internal.Rejections;
import dev.levee.core.internal.StripedCounter;
import dev.levee.core.internal.Tasks;
import dev.levee.timeouts.Durations;
import dev.levee.timeouts.Ticker;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Limits calls to a rate: {@code permits} per {@code period}, with bursts of up to {@code burst}.
 *
 * <pre>{@code
 * RateLimiter api = RateLimiter.of("partner-api", RateLimiterConfig.builder("partner-api")
 *     .limit(100, Duration.ofSeconds(1)).burst(20).build());
 * if (!api.tryAcquire()) { ... shed the call ... }
 * Quote quote = api.get(() -> partner.quote(item));   // RequestNotPermittedException over the rate
 * }</pre>
 *
 * <p>Design: the generic cell rate algorithm (a token bucket kept as one number). The limiter holds
 * the "theoretical arrival time" of the next permit; a request at time {@code t} is granted if that
 * time is at most {@code burst - 1} intervals ahead of {@code t}, and moves it one interval on. One
 * ticker read and one CAS per decision, no lock, no allocation. {@link #acquire(Duration)} reserves
 * a future slot with the same CAS and sleeps until it, so waiters never hold a lock and never
 * disturb each other (Resilience4j #2336).
 *
 * <p>Prefetch: a ticker read costs more than the rest of a decision, so the limiter keeps a small
 * store of up to {@link RateLimiterConfig#prefetch()} permits, taken from the bucket together with
 * a permit that needed the ticker, and hands them out with one CAS and no ticker read. Permits that
 * wait in the store do not refill, so the bucket behind it holds at most {@code burst - prefetch}.
 * The promise holds: in any stretch of time {@code T} the limiter grants at most {@code burst + T /
 * interval} permits (a property test with random prefetch, an 8-thread stress test). One window is
 * known and untested: a thread stalled between taking permits for the store and putting them there
 * can put them there later, after the bucket refilled, so a later stretch could see up to {@code
 * prefetch} more for each such thread (at most {@code burst - prefetch} together: all a bucket can
 * give at once). The price of prefetch is precision after a quiet spell: a burst then gets at least
 * {@code burst - prefetch} permits at once, not always {@code burst}. The default prefetch is
 * {@code min(64, burst / 64)}, so a bucket smaller than 64 is exact and a larger one is at most
 * 1/64 short; {@code prefetch(0)} turns it off.
 *
 * <p>Rejections throw a stack-free TRANSIENT {@link RequestNotPermittedException} (one instance per
 * limiter) and are logged at most once a second with a count of those suppressed. This class is
 * thread-safe.
 */
public final class RateLimiter extends Policy {
  private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);

  private final String name;
  private final RateLimiterConfig config;
  private final Ticker ticker;
  private final long interval;
  private final long tolerance; // (burst - prefetch) × interval: how far ahead arrival may run
  private final int prefetch;
  private final AtomicLong arrival; // the theoretical arrival time of the next permit
  private final AtomicLong store; // permits taken from the bucket, handed out without a ticker read
  private final StripedCounter permitted = new StripedCounter();
  private final StripedCounter rejected = new StripedCounter();
  private final LogLimiter rejectionLog = new LogLimiter();
  private final ListenerList<RejectionListener> listeners =
      new ListenerList<>(new RejectionListener[0]);
  private volatile RequestNotPermittedException rejection;

  private RateLimiter(String name, RateLimiterConfig config) {
    this.name = name;
    this.config = config;
    this.ticker = config.ticker();
    this.interval = config.intervalNanos();
    this.prefetch = config.prefetch();
    this.tolerance = (long) (config.burst() - prefetch) * interval;
    this.arrival = new AtomicLong(ticker.read());
    this.store = new AtomicLong(prefetch);
  }

  /**
   * Creates a limiter, its bucket full.
   *
   * @param name names it in logs, metrics and errors
   * @param config its configuration
   * @return the limiter
   */
  public static RateLimiter of(String name, RateLimiterConfig config) {
    Require.notBlank("rateLimiter: name", name);
    return new RateLimiter(name, Objects.requireNonNull(config, "config"));
  }

  /**
   * A registry of limiters, created on first use from {@code defaults} or named templates.
   *
   * @param defaults the default template
   * @return an empty registry
   */
  public static Registry<RateLimiter, RateLimiterConfig> registry(RateLimiterConfig defaults) {
    return Registry.of("rateLimiter", defaults, RateLimiter::of);
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
  public RateLimiterConfig config() {
    return config;
  }

  /**
   * Takes one permit if one is available now; never waits, never allocates.
   *
   * @return whether the call may proceed
   */
  public boolean tryAcquire() {
    return tryAcquire(1);
  }

  /**
   * Takes {@code n} permits if they are all available now.
   *
   * @param n permits, 1 to {@code burst}
   * @return whether the call may proceed
   * @throws IllegalArgumentException if {@code n} is outside 1 to {@code burst}
   */
  public boolean tryAcquire(int n) {
    checkPermits(n);
    for (long k = store.get(); k >= n; k = store.get()) {
      if (store.compareAndSet(k, k - n)) {
        permitted.increment();
        return true;
      }
    }
    return acquireFromBucket(n);
  }

  /**
   * The decision with the ticker: takes {@code n} permits from the bucket (with, for more than one,
   * whatever the store holds) and refills an empty store from what the bucket has left.
   */
  private boolean acquireFromBucket(int n) {
    long now = ticker.read();
    long taken = n > 1 && prefetch > 0 ? store.getAndSet(0) : 0;
    if (taken >= n) {
      giveBack(taken - n);
      permitted.increment();
      return true;
    }
    long needed = n - taken;
    while (true) {
      long current = arrival.get();
      long room = Gcra.room(current, now, interval, tolerance); // permits the bucket grants now
      if (room < needed) {
        giveBack(taken);
        rejected(now);
        return false;
      }
      long refill = prefetch > 0 && store.get() == 0 ? Math.min(prefetch, room - needed) : 0;
      long next = Gcra.later(current, now) + (needed + refill) * interval;
      if (arrival.compareAndSet(current, next)) {
        giveBack(refill);
        permitted.increment();
        return true;
      }
    }
  }

  /**
   * Puts {@code permits} (at most {@code prefetch}) into the store if it is empty, else back into
   * the bucket. Either way they were taken and not granted, so no stretch of time can see them
   * twice.
   */
  private void giveBack(long permits) {
    if (permits > 0 && !store.compareAndSet(0, permits)) {
      arrival.addAndGet(-permits * interval);
    }
  }

  /**
   * Takes one permit, waiting for it if it becomes available within {@code timeout}. The wait is a
   * reserved slot plus a sleep: no lock is held, and no other waiter is woken or interrupted. A
   * reservation that would take longer than {@code timeout} is not made.
   *
   * @param timeout the longest wait
   * @return whether the call may proceed; {@code false} if the wait would be longer than {@code
   *     timeout}, or the thread was interrupted while waiting (the interrupt flag is then set)
   */
  public boolean acquire(Duration timeout) {
    long limit = Math.max(0, Durations.saturatedNanos(Objects.requireNonNull(timeout, "timeout")));
    for (long k = store.get(); k > 0; k = store.get()) {
      if (store.compareAndSet(k, k - 1)) {
        permitted.increment();
        return true;
      }
    }
    long now = ticker.read();
    while (true) {
      long current = arrival.get();
      long next = Gcra.later(current, now) + interval;
      long wait = next - now - tolerance;
      if (wait > limit) {
        rejected(now);
        return false;
      }
      if (arrival.compareAndSet(current, next)) {
        if (wait <= 0) {
          permitted.increment();
          return true;
        }
        try {
          config.sleeper().sleep(wait);
        } catch (InterruptedException interrupted) {
          // Give the slot back only if it is still the last one reserved: taking an interval off
          // the end would otherwise hand a later waiter's slot out twice. Else it goes unused.
          arrival.compareAndSet(next, next - interval);
          Thread.currentThread().interrupt();
          return false;
        }
        permitted.increment();
        return true;
      }
    }
  }

  /**
   * Takes one permit or throws.
   *
   * @throws RequestNotPermittedException if no permit is available now
   */
  public void acquirePermission() {
    if (!tryAcquire(1)) {
      throw rejection();
    }
  }

  /** Runs the task if a permit is available now ({@link RequestNotPermittedException} if not). */
  @Override
  Object execute(Object task, int kind) throws Exception {
    acquirePermission();
    return Tasks.run(task, kind);
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
                  + " exceeded",
              config.clock().instant());
      rejection = e;
    }
    return e;
  }

  /**
   * Permits available now: the bucket's level plus the prefetched store.
   *
   * @return whole permits that {@link #tryAcquire(int)} would grant now
   */
  public long availablePermits() {
    long now = ticker.read();
    return Math.max(0, Gcra.room(arrival.get(), now, interval, tolerance)) + store.get();
  }

  /**
   * Requests granted since the limiter was made (a {@code tryAcquire(n)} counts once, like the
   * rejections it is compared with).
   *
   * @return the count
   */
  public long permittedCount() {
    return permitted.sum();
  }

  /**
   * Requests refused since the limiter was made.
   *
   * @return the count
   */
  public long rejectedCount() {
    return rejected.sum();
  }

  /**
   * Adds a listener, told of every rejection.
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
    Rejections.tell(listeners, LOG, "ratelimiter", name);
    long suppressed = rejectionLog.admit(now);
    if (suppressed >= 0) {
      LOG.atWarn()
          .addKeyValue("component", "ratelimiter")
          .addKeyValue("name", name)
          .addKeyValue("suppressed", suppressed)
          .log(
              "rate limiter \"{}\" rejected a request ({} similar lines suppressed in the last"
                  + " second)",
              name,
              suppressed);
    }
  }

  private void checkPermits(int n) {
    if (n < 1 || n > config.burst()) {
      throw new IllegalArgumentException(
          "rateLimiter \"" + name + "\": permits must be in [1," + config.burst() + "], was " + n);
    }
  }

  @Override
  public String toString() {
    return "RateLimiter[" + name + ", " + availablePermits() + " available]";
  }
}
