package dev.levee.core;

import dev.levee.core.internal.LogLimiter;
import dev.levee.core.internal.StripedCounter;
import dev.levee.timeouts.Durations;
import dev.levee.timeouts.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps the calls in flight to a dependency, so that a slow dependency cannot take every thread with
 * it. A call either gets a place at once, or waits for one up to {@code maxWait} (default: not at
 * all), or is rejected with a stack-free TRANSIENT {@link BulkheadFullException}.
 *
 * <pre>{@code
 * Bulkhead db = Bulkhead.of("db", 20, Duration.ofMillis(50));
 * Row row = db.call(() -> repository.load(id));
 * }</pre>
 *
 * <p>Built on {@link Semaphore}: a place is one CAS; a wait parks the thread in the semaphore's
 * queue, never while holding an object monitor, so virtual threads wait without pinning their
 * carrier. Rejections are logged at most once a second, with a count of those suppressed. This
 * class is thread-safe.
 */
public final class Bulkhead {
  private static final Logger LOG = LoggerFactory.getLogger(Bulkhead.class);

  private final String name;
  private final int maxConcurrent;
  private final long maxWaitNanos;
  private final Semaphore places;
  private final StripedCounter rejected = new StripedCounter();
  private final LogLimiter rejectionLog;
  private final BulkheadFullException rejection;

  private Bulkhead(String name, int maxConcurrent, Duration maxWait, Ticker ticker, Clock clock) {
    this.name = name;
    this.maxConcurrent = maxConcurrent;
    this.maxWaitNanos = maxWait.toNanos();
    this.places = new Semaphore(maxConcurrent);
    this.rejectionLog = new LogLimiter(ticker);
    this.rejection = new BulkheadFullException(name, maxConcurrent, clock.instant());
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
    return of(name, maxConcurrent, maxWait, Ticker.system(), Clock.systemUTC());
  }

  /**
   * Creates a bulkhead with an injected ticker (for its rate-limited log) and clock.
   *
   * @param name names it in logs, metrics and errors
   * @param maxConcurrent calls allowed in flight at once, at least 1
   * @param maxWait how long a call may wait for a place; zero rejects at once
   * @param ticker the ticker
   * @param clock stamps the rejection
   * @return the bulkhead
   * @throws IllegalArgumentException naming the bad value
   */
  public static Bulkhead of(
      String name, int maxConcurrent, Duration maxWait, Ticker ticker, Clock clock) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("bulkhead: name must not be blank");
    }
    if (maxConcurrent < 1) {
      throw new IllegalArgumentException(
          "bulkhead \"" + name + "\": maxConcurrent must be at least 1, was " + maxConcurrent);
    }
    Objects.requireNonNull(maxWait, "maxWait");
    if (maxWait.isNegative() || maxWait.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException(
          "bulkhead \""
              + name
              + "\": maxWait must be in [0, 1h], was "
              + Durations.format(maxWait));
    }
    return new Bulkhead(
        name,
        maxConcurrent,
        maxWait,
        Objects.requireNonNull(ticker, "ticker"),
        Objects.requireNonNull(clock, "clock"));
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
   * Takes a place if one is free now; never waits.
   *
   * @return whether the call may proceed; if so, {@link #release()} must follow
   */
  public boolean tryAcquire() {
    if (places.tryAcquire()) {
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
    if (places.tryAcquire()) {
      return true;
    }
    if (maxWaitNanos > 0) {
      try {
        if (places.tryAcquire(maxWaitNanos, TimeUnit.NANOSECONDS)) {
          return true;
        }
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    rejected();
    return false;
  }

  /** Gives a place back. Call exactly once per successful acquire. */
  public void release() {
    places.release();
  }

  /**
   * Calls {@code callable} in a place, waiting up to {@code maxWait} for one.
   *
   * @param <T> the result type
   * @param callable the call
   * @return its result
   * @throws BulkheadFullException if no place came free in time
   * @throws Exception whatever the call threw
   */
  public <T> T call(Callable<T> callable) throws Exception {
    if (!acquire()) {
      throw rejection;
    }
    try {
      return callable.call();
    } finally {
      places.release();
    }
  }

  /**
   * Gets a value from {@code supplier} in a place, waiting up to {@code maxWait} for one.
   *
   * @param <T> the result type
   * @param supplier the call
   * @return its result
   * @throws BulkheadFullException if no place came free in time
   */
  public <T> T get(Supplier<T> supplier) {
    if (!acquire()) {
      throw rejection;
    }
    try {
      return supplier.get();
    } finally {
      places.release();
    }
  }

  /**
   * Runs {@code runnable} in a place, waiting up to {@code maxWait} for one.
   *
   * @param runnable the call
   * @throws BulkheadFullException if no place came free in time
   */
  public void run(Runnable runnable) {
    if (!acquire()) {
      throw rejection;
    }
    try {
      runnable.run();
    } finally {
      places.release();
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
    return maxConcurrent - places.availablePermits();
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

  private void rejected() {
    rejected.increment();
    long suppressed = rejectionLog.admit();
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
