package dev.levee.timeouts;

import dev.levee.timeouts.internal.Violations;
import dev.levee.timeouts.internal.WatchSlots;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link TimeLimiter}'s caller-thread mode: the work runs on the caller's thread, watched by a
 * {@link TimeLimitWatchdog}. Allocates nothing on a call that finishes in time.
 */
final class CallerThreadMode {
  private final String limiter;
  private final TimeLimitWatchdog watchdog;
  private final boolean shared;
  private final Ticker ticker;
  private final Violations violations;
  private final AtomicBoolean closed = new AtomicBoolean();

  CallerThreadMode(
      String limiter,
      TimeLimitWatchdog watchdog,
      boolean shared,
      Ticker ticker,
      Violations violations) {
    this.limiter = limiter;
    this.watchdog = watchdog;
    this.shared = shared;
    this.ticker = ticker;
    this.violations = violations;
  }

  /**
   * Runs the work on this thread under {@code limit} (already narrowed by the caller's deadline),
   * closing {@code closeOnTimeout} (if not null) on the watchdog's thread on a timeout. The
   * deadline is read on the watchdog's own ticker, so that it never fires early even if the
   * limiter's ticker is coarser.
   */
  <T> T call(
      String operation,
      long own,
      long limit,
      long start,
      Callable<T> work,
      AutoCloseable closeOnTimeout)
      throws Exception {
    Ticker watchTime = watchdog.ticker();
    long now = watchTime == ticker ? start : watchTime.read();
    long handle = watchdog.register(now + limit, closeOnTimeout, this);
    if (closed.get()) { // close() aborted this limiter's calls before this one was registered
      watchdog.release(handle);
      ensureOpen();
    }
    return finish(operation, own, limit, start, work, handle);
  }

  private <T> T finish(
      String operation, long own, long limit, long start, Callable<T> work, long handle)
      throws Exception {
    T result = null;
    Throwable failure = null;
    try {
      result = work.call();
    } catch (Throwable t) { // rethrown below unless the watchdog fired
      failure = t;
    }
    int end = watchdog.release(handle); // clears the watchdog's interrupt if it fired
    if (end == WatchSlots.TIMED_OUT) {
      OperationTimeoutException e =
          violations.create(operation, limit, ticker.read() - start, limit < own);
      if (failure != null) {
        e.addSuppressed(failure); // what the interrupted work threw: often InterruptedException
      }
      violations.report(e);
      throw e;
    }
    if (end == WatchSlots.ABORTED) {
      throw new IllegalStateException(
          "timeLimiter \""
              + limiter
              + "\" closed while operation \""
              + operation
              + "\" was running");
    }
    if (failure instanceof Error) {
      throw (Error) failure;
    }
    if (failure != null) {
      throw (Exception) failure; // a Callable throws only Exceptions and Errors
    }
    return result;
  }

  void ensureOpen() {
    if (closed.get()) {
      throw new IllegalStateException("timeLimiter \"" + limiter + "\" is closed");
    }
  }

  /** Aborts this limiter's calls in flight and gives up the shared watchdog. */
  void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    watchdog.abortOwnedBy(this);
    if (shared) {
      TimeLimitWatchdog.releaseShared(watchdog);
    }
  }
}
