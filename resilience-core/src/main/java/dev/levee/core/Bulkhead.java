package dev.levee.core;

import dev.levee.common.internal.ListenerList;
import dev.levee.common.internal.LogLimiter;
import dev.levee.common.internal.Require;
import dev.levee.core.internal.Rejections;
import dev.levee.core.internal.StripedCounter;
import dev.levee.core.internal.Tasks;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps the calls in flight to a dependency, so that a slow dependency cannot take every thread with
 * it. A call either gets a place at once, or waits for one up to {@code maxWait} (default: not at
 * all), or is rejected with a stack-free TRANSIENT {@link BulkheadFullException}.
 *
 * <pre>{@code
 * Bulkhead db = Bulkhead.of("db", 20, Duration.ofMillis(50));
 * // or, from a registry shared by the service:
 * Registry<Bulkhead, BulkheadConfig> bulkheads =
 *     Bulkhead.registry(BulkheadConfig.builder("default").maxConcurrent(20).build());
 * Bulkhead orders = bulkheads.getOrCreate("orders");
 * Row row = db.call(() -> repository.load(id));
 * }</pre>
 *
 * <p>Without a wait, a place is one CAS on a counter and giving it back one atomic add. With a
 * wait, it is a {@link Semaphore}: a place is one CAS; a wait parks the thread in the semaphore's
 * queue, never while holding an object monitor, so virtual threads wait without pinning their
 * carrier. Rejections are logged at most once a second, with a count of those suppressed. This
 * class is thread-safe.
 */
public final class Bulkhead extends Policy {
  private static final Logger LOG = LoggerFactory.getLogger(Bulkhead.class);

  private final String name;
  private final BulkheadConfig config;
  private final int maxConcurrent;
  private final long maxWaitNanos;
  private final Semaphore places; // only when calls may wait: it queues the waiters
  private final AtomicInteger used; // only when they may not: one CAS in, one add out
  private final StripedCounter rejected = new StripedCounter();
  private final LogLimiter rejectionLog = new LogLimiter();
  private final ListenerList<RejectionListener> listeners =
      new ListenerList<>(new RejectionListener[0]);
  private final BulkheadFullException rejection;

  private Bulkhead(String name, BulkheadConfig config) {
    this.name = name;
    this.config = config;
    this.maxConcurrent = config.maxConcurrent();
    this.maxWaitNanos = config.maxWait().toNanos();
    this.places = maxWaitNanos > 0 ? new Semaphore(maxConcurrent) : null;
    this.used = maxWaitNanos > 0 ? null : new AtomicInteger();
    this.rejection = new BulkheadFullException(name, maxConcurrent, config.clock().instant());
  }

  /**
   * Creates a bulkhead.
   *
   * @param name names it in logs, metrics and errors
   * @param maxConcurrent calls allowed in flight at once, at least 1
   * @param maxWait how long a call may wait for a place; zero rejects at once
   * @return the bulkhead
   * @throws IllegalArgumentException naming the bad value
   */
  public static Bulkhead of(String name, int maxConcurrent, Duration maxWait) {
    return of(
        name,
        BulkheadConfig.builder(String.valueOf(name))
            .maxConcurrent(maxConcurrent)
            .maxWait(maxWait)
            .build());
  }

  /**
   * Creates a bulkhead.
   *
   * @param name names it in logs, metrics and errors
   * @param config its configuration
   * @return the bulkhead
   * @throws IllegalArgumentException if the name is blank
   */
  public static Bulkhead of(String name, BulkheadConfig config) {
    Require.notBlank("bulkhead: name", name);
    return new Bulkhead(name, Objects.requireNonNull(config, "config"));
  }

  /**
   * A registry of bulkheads, created on first use from {@code defaults} or named templates.
   *
   * @param defaults the default template
   * @return an empty registry
   */
  public static Registry<Bulkhead, BulkheadConfig> registry(BulkheadConfig defaults) {
    return Registry.of("bulkhead", defaults, Bulkhead::of);
  }

  /**
   * The bulkhead's name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * The bulkhead's configuration.
   *
   * @return the configuration
   */
  public BulkheadConfig config() {
    return config;
  }

  /**
   * Takes a place if one is free now; never waits.
   *
   * @return whether the call may proceed; if so, {@link #release()} must follow
   */
  public boolean tryAcquire() {
    if (used != null) {
      while (true) {
        int u = used.get();
        if (u >= maxConcurrent) {
          break;
        }
        if (used.compareAndSet(u, u + 1)) {
          return true;
        }
      }
    } else if (places.tryAcquire()) {
      return true;
    }
    rejected();
    return false;
  }

  /**
   * Takes a place, waiting up to {@code maxWait} for one.
   *
   * @return whether the call may proceed; if so, {@link #release()} must follow. {@code false} also
   *     when the thread is interrupted while waiting (the flag is then set).
   */
  public boolean acquire() {
    if (used != null) {
      return tryAcquire();
    }
    if (places.tryAcquire()) {
      return true;
    }
    try {
      if (places.tryAcquire(maxWaitNanos, TimeUnit.NANOSECONDS)) {
        return true;
      }
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
    rejected();
    return false;
  }

  /**
   * Gives a place back. Call exactly once per successful acquire.
   *
   * @throws IllegalStateException if no place is taken: a release without its acquire would
   *     otherwise raise the limit for good (always caught without a wait; with a wait, unless
   *     another release races with it)
   */
  public void release() {
    if (used != null) {
      if (used.decrementAndGet() < 0) {
        used.incrementAndGet();
        throw releasedTooOften();
      }
    } else {
      if (places.availablePermits() >= maxConcurrent) {
        throw releasedTooOften();
      }
      places.release();
    }
  }

  private IllegalStateException releasedTooOften() {
    return new IllegalStateException(
        "bulkhead \"" + name + "\": release() without a place taken (release once per acquire)");
  }

  /**
   * Runs the task in a place, waiting up to {@code maxWait} for one ({@link BulkheadFullException}
   * if none came free in time).
   */
  @Override
  Object execute(Object task, int kind) throws Exception {
    if (!acquire()) {
      throw rejection;
    }
    try {
      return Tasks.run(task, kind);
    } finally {
      release();
    }
  }

  /**
   * The exception every rejection of this bulkhead shares.
   *
   * @return the exception
   */
  public BulkheadFullException rejection() {
    return rejection;
  }

  /**
   * Calls in flight now.
   *
   * @return the count
   */
  public int inFlight() {
    return used != null ? used.get() : maxConcurrent - places.availablePermits();
  }

  /**
   * The limit.
   *
   * @return calls allowed at once
   */
  public int maxConcurrent() {
    return maxConcurrent;
  }

  /**
   * Calls rejected since the bulkhead was made.
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

  private void rejected() {
    rejected.increment();
    Rejections.tell(listeners, LOG, "bulkhead", name);
    long suppressed = rejectionLog.admit(config.ticker().read());
    if (suppressed >= 0) {
      LOG.atWarn()
          .addKeyValue("component", "bulkhead")
          .addKeyValue("name", name)
          .addKeyValue("max_concurrent", maxConcurrent)
          .addKeyValue("suppressed", suppressed)
          .log("bulkhead \"{}\" is full: rejected a call", name);
    }
  }

  @Override
  public String toString() {
    return "Bulkhead[" + name + ", " + inFlight() + "/" + maxConcurrent + "]";
  }
}
