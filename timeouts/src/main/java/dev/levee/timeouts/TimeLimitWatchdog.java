package dev.levee.timeouts;

import dev.levee.common.internal.LeveeThreadFactory;
import dev.levee.common.internal.Require;
import dev.levee.timeouts.internal.SystemTicker;
import dev.levee.timeouts.internal.WatchSlots;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Enforces the limits of {@linkplain TimeLimiter.Builder#callerThread() caller-thread} time
 * limiters: the work runs on the caller's own thread, and this watchdog interrupts that thread (and
 * closes the call's {@code closeOnTimeout} resource) once the call's deadline has passed. Calls are
 * registered in a preallocated table that one timer thread scans every {@linkplain #resolution()
 * resolution}; no task is scheduled per call, and a call that finishes in time allocates nothing.
 *
 * <p>A timeout is noticed at the first scan at or after the deadline: never before it, and at most
 * one resolution (plus the scheduling delay of the timer thread) after it.
 *
 * <p>The timer thread, named {@code levee-timelimiter-<name>-watchdog}, is a daemon started by the
 * first call and parked while no call is watched; {@link #close()} stops it. Limiters built with
 * {@link TimeLimiter.Builder#callerThread()} share one watchdog on the {@linkplain Ticker#system()
 * system ticker} with a 1 ms resolution, whose thread ends when the last of them is closed. A
 * {@linkplain #manual(Ticker) manual} watchdog has no thread: a test calls {@link #scan()}.
 *
 * <p>Hazard: the resource is closed on the timer thread, so a {@code close()} that blocks delays
 * every other timeout this watchdog watches.
 *
 * <p>This class is thread-safe.
 */
public final class TimeLimitWatchdog implements AutoCloseable {
  private static final Duration SHARED_RESOLUTION = Duration.ofMillis(1);
  private static final Object SHARED_LOCK = new Object();
  private static TimeLimitWatchdog shared;
  private static int sharedUsers;

  private final String name;
  private final Ticker ticker;
  private final long resolutionNanos;
  private final boolean threaded;
  private final WatchSlots slots = new WatchSlots(64);
  private final Object lifecycle = new Object();
  private volatile boolean sleeping = true;
  private volatile boolean closed;
  private Thread thread; // guarded by lifecycle

  private TimeLimitWatchdog(String name, Ticker ticker, Duration resolution, boolean threaded) {
    this.name = name;
    this.ticker = ticker;
    this.resolutionNanos = resolution.toNanos();
    this.threaded = threaded;
  }

  /**
   * A watchdog with its own timer thread, started by the first call.
   *
   * @param name names the thread: letters, digits, {@code _}, {@code .} and {@code -}
   * @param ticker the ticker deadlines are measured on; limiters that use the watchdog must read
   *     the same time
   * @param resolution how often the thread scans while calls are watched, 100µs to 1s
   * @return a new watchdog, to close
   * @throws IllegalArgumentException if the resolution is out of range or the name is invalid
   * @throws NullPointerException if an argument is {@code null}
   */
  public static TimeLimitWatchdog create(String name, Ticker ticker, Duration resolution) {
    Objects.requireNonNull(name, "name");
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.\\-]*")) {
      throw new IllegalArgumentException(
          "timeLimitWatchdog: name must be letters, digits, '_', '.' or '-', was \"" + name + "\"");
    }
    Objects.requireNonNull(ticker, "ticker");
    Require.positive("timeLimitWatchdog: resolution", resolution);
    if (resolution.compareTo(Duration.ofNanos(100_000)) < 0
        || resolution.compareTo(Duration.ofSeconds(1)) > 0) {
      throw new IllegalArgumentException(
          "timeLimitWatchdog: resolution must be between 100µs and 1s, was " + resolution);
    }
    return new TimeLimitWatchdog(name, ticker, resolution, true);
  }

  /**
   * A watchdog without a thread, for tests: calls time out only when {@link #scan()} is called.
   *
   * @param ticker the ticker deadlines are measured on (a {@link
   *     dev.levee.timeouts.testing.ManualTicker})
   * @return a new watchdog
   * @throws NullPointerException if {@code ticker} is {@code null}
   */
  public static TimeLimitWatchdog manual(Ticker ticker) {
    return new TimeLimitWatchdog(
        "manual", Objects.requireNonNull(ticker, "ticker"), Duration.ZERO, false);
  }

  /** The shared watchdog, for one more limiter; its thread lives until the last one releases it. */
  static TimeLimitWatchdog acquireShared() {
    synchronized (SHARED_LOCK) {
      if (shared == null) {
        shared = new TimeLimitWatchdog("shared", SystemTicker.INSTANCE, SHARED_RESOLUTION, true);
      }
      sharedUsers++;
      return shared;
    }
  }

  /** A limiter no longer uses the shared watchdog: the last one closes it. */
  static void releaseShared(TimeLimitWatchdog watchdog) {
    TimeLimitWatchdog last = null;
    synchronized (SHARED_LOCK) {
      if (watchdog == shared && --sharedUsers == 0) {
        last = shared;
        shared = null;
      }
    }
    if (last != null) {
      last.close(); // outside the lock: close waits for the thread
    }
  }

  /**
   * The ticker deadlines are measured on.
   *
   * @return the ticker
   */
  public Ticker ticker() {
    return ticker;
  }

  /**
   * How often the timer thread scans while calls are watched; zero for a manual watchdog.
   *
   * @return the resolution
   */
  public Duration resolution() {
    return Duration.ofNanos(resolutionNanos);
  }

  /**
   * How many calls are being watched (or are ending) now.
   *
   * @return zero when no call is in flight
   */
  public int watchedCalls() {
    return slots.inUse();
  }

  /**
   * Expires every call whose deadline has passed, now, on this thread: what the timer thread does
   * every resolution. Tests with a manual watchdog call it after advancing their ticker.
   *
   * @return how many calls are still being watched
   */
  public int scan() {
    return slots.scan(ticker.read());
  }

  /** Watches a call on the current thread; starts or wakes the timer thread if needed. */
  long register(long deadline, AutoCloseable closeOnTimeout, Object owner) {
    if (closed) {
      throw new IllegalStateException("timeLimitWatchdog \"" + name + "\" is closed");
    }
    long handle = slots.register(Thread.currentThread(), deadline, closeOnTimeout, owner);
    if (closed) { // close() may have aborted the calls before this one was registered
      slots.release(handle);
      throw new IllegalStateException("timeLimitWatchdog \"" + name + "\" is closed");
    }
    if (sleeping && threaded) {
      wake();
    }
    return handle;
  }

  /** Ends a call; see {@link WatchSlots#release(long)}. */
  int release(long handle) {
    return slots.release(handle);
  }

  /** Aborts the calls of a closing limiter. */
  void abortOwnedBy(Object owner) {
    slots.abortOwnedBy(owner);
  }

  private void wake() {
    synchronized (lifecycle) {
      if (closed) {
        return; // close() aborts whatever registered meanwhile
      }
      if (thread == null) {
        sleeping = false;
        thread = LeveeThreadFactory.single("timelimiter", name + "-watchdog", this::run);
        thread.start();
      } else {
        LockSupport.unpark(thread);
      }
    }
  }

  /*
   * The timer loop. It scans every resolution while calls are watched, and parks once none has
   * been for about a second (waking a parked thread costs the next caller microseconds, so a busy
   * service must never see it parked). Before parking it sets `sleeping`, then scans once more, so
   * that a call registered meanwhile is either seen by that scan or sees `sleeping` and unparks the
   * thread (both are volatile: one of them wins).
   */
  private void run() {
    long idleScansBeforePark = Math.max(1, TimeUnit.SECONDS.toNanos(1) / resolutionNanos);
    long idleScans = 0;
    while (!closed) {
      if (slots.scan(ticker.read()) > 0) {
        idleScans = 0;
      }
      if (++idleScans < idleScansBeforePark) {
        LockSupport.parkNanos(this, resolutionNanos);
        continue;
      }
      idleScans = 0;
      sleeping = true;
      if (slots.scan(ticker.read()) == 0 && !closed) {
        LockSupport.park(this);
      }
      sleeping = false;
    }
  }

  /**
   * Stops the timer thread and aborts the calls still watched: their callers get an {@link
   * IllegalStateException} and their threads' interrupt flags are cleared. Later calls through a
   * limiter that uses this watchdog fail with {@link IllegalStateException}. Closing twice does
   * nothing.
   */
  @Override
  public void close() {
    Thread running;
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
      running = thread;
    }
    slots.abortOwnedBy(null);
    if (running != null) {
      LockSupport.unpark(running);
      try {
        running.join(TimeUnit.SECONDS.toMillis(1));
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Whether {@link #close()} was called.
   *
   * @return {@code true} once closed
   */
  public boolean isClosed() {
    return closed;
  }

  @Override
  public String toString() {
    return "TimeLimitWatchdog[" + name + ", " + watchedCalls() + " watched]";
  }
}
