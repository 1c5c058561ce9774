package dev.levee.timeouts;

import dev.levee.common.internal.Require;
import dev.levee.timeouts.internal.AsyncLimit;
import dev.levee.timeouts.internal.HandoffCall;
import dev.levee.timeouts.internal.Violations;
import dev.levee.timeouts.internal.WorkerPool;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Enforces timeouts: on blocking work (a {@link Callable}) and on asynchronous work (a {@link
 * CompletionStage}).
 *
 * <p>The limit of a call is the smaller of the operation's timeout (from {@link Timeouts}, or
 * given) and what remains of the caller's current {@link Deadline}. When it runs out:
 *
 * <ul>
 *   <li>the caller gets an {@link OperationTimeoutException} at once, even if the work ignores it;
 *   <li>blocking work is interrupted (its thread's interrupt flag is set), and the optional {@code
 *       closeOnTimeout} resource is closed: the way to stop I/O that interrupts do not reach, such
 *       as a read on a {@link java.net.Socket} from a platform thread;
 *   <li>asynchronous work is cancelled ({@code cancel(true)} on its future);
 *   <li>the violation is counted, logged once at WARN as a structured line ({@code
 *       component=timeouts name=... operation=... timeout_ms=... duration_ms=...}), and reported to
 *       the {@link TimeoutListener}s.
 * </ul>
 *
 * <p>Blocking work runs on a worker thread so that the caller can be released on time; the caller's
 * deadline and SLF4J MDC travel with it. By default the limiter owns a pool of daemon worker
 * threads (at most {@link Builder#maxThreads(int)}) and one timer thread, all named {@code
 * levee-timelimiter-<name>-...}; {@link #close()} stops them. An executor or scheduler passed to
 * the builder stays the caller's to shut down.
 *
 * <p>The handoff is built for short work: each owned worker has a hand-off slot of its own (no
 * queue node, no tracking node: a call allocates its task and its context wrapper), and both sides
 * spin briefly before they park. A caller spins up to 10 µs for its result, then parks for what
 * remains of its limit; a worker that finished spins up to 10 µs for its next task. A call that
 * takes microseconds therefore wakes no thread. The price is that CPU: up to 10 µs per call whose
 * work takes longer, and up to 10 µs per task on the worker that ran it. There is no spin on a
 * machine with one processor. A caller that finds no worker idle but one finishing its previous
 * task waits for that one (a spin, then at most 100 yields, never past the caller's limit) before
 * it starts a thread or is refused.
 *
 * <p>In the {@linkplain Builder#callerThread() caller-thread mode}, blocking work runs on the
 * caller's own thread instead, and a {@link TimeLimitWatchdog} shared by all calls interrupts it
 * when its deadline passes: no handoff, no task per call, nothing allocated on a call that finishes
 * in time, but the caller is released only when the work stops, so that mode is for work that
 * answers interrupts (or whose {@code closeOnTimeout} resource stops it). The handoff stays the
 * default because it bounds the caller's wait whatever the work does.
 *
 * <p>Hazard: work that ignores interrupts and has nothing to close keeps its worker thread busy
 * after the caller has moved on; if that keeps happening, workers run out and calls fail with a
 * {@link java.util.concurrent.RejectedExecutionException} (TRANSIENT) that says so. Work that timed
 * out may still complete its side effects.
 *
 * <p>This class is thread-safe.
 */
public final class TimeLimiter implements AutoCloseable {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-]*");

  private final String name;
  private final Timeouts timeouts;
  private final Ticker ticker;
  private final WorkerPool pool;
  private final Violations violations;
  private final CallerThreadMode callerThread; // null in the handoff mode
  private final HandoffCall handoff;

  private TimeLimiter(Builder b) {
    this.name = b.name;
    this.timeouts = b.timeouts;
    this.ticker = b.ticker;
    this.pool = new WorkerPool(name, b.executor, b.scheduler, b.maxThreads, b.closeTimeout);
    this.violations = new Violations(name, b.clock);
    this.handoff = new HandoffCall(pool, violations, ticker);
    this.callerThread =
        b.callerThread
            ? new CallerThreadMode(
                name,
                b.watchdog == null ? TimeLimitWatchdog.acquireShared() : b.watchdog,
                b.watchdog == null,
                ticker,
                violations)
            : null;
  }

  /**
   * Starts a limiter.
   *
   * @param name names the limiter in logs, metrics and thread names: letters, digits, {@code _},
   *     {@code .} and {@code -}
   * @return a builder
   * @throws IllegalArgumentException if the name is invalid
   */
  public static Builder builder(String name) {
    return new Builder(name);
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
   * The timeouts operations are looked up in.
   *
   * @return the timeouts
   */
  public Timeouts timeouts() {
    return timeouts;
  }

  /**
   * Runs blocking work with the operation's timeout from {@link #timeouts()}.
   *
   * @param <T> the result type
   * @param operation the operation, which must have a timeout (or the timeouts a default)
   * @param work the work
   * @return what the work returned
   * @throws OperationTimeoutException if time ran out
   * @throws InterruptedException if the caller was interrupted while waiting; the work is then
   *     interrupted too
   * @throws Exception whatever the work threw, as it threw it
   */
  public <T> T call(String operation, Callable<T> work) throws Exception {
    return call(operation, timeouts.timeoutFor(operation), work, null);
  }

  /**
   * Runs blocking work with the operation's timeout, closing {@code closeOnTimeout} if time runs
   * out (for I/O that interrupts do not stop).
   *
   * @param <T> the result type
   * @param operation the operation, which must have a timeout (or the timeouts a default)
   * @param work the work
   * @param closeOnTimeout closed, on the timer thread, if time runs out; may be {@code null}
   * @return what the work returned
   * @throws OperationTimeoutException if time ran out
   * @throws InterruptedException if the caller was interrupted while waiting
   * @throws Exception whatever the work threw, as it threw it
   */
  public <T> T call(String operation, Callable<T> work, AutoCloseable closeOnTimeout)
      throws Exception {
    return call(operation, timeouts.timeoutFor(operation), work, closeOnTimeout);
  }

  /**
   * Runs blocking work with an explicit timeout.
   *
   * @param <T> the result type
   * @param operation names the operation in errors, logs and metrics
   * @param timeout the operation's own limit, positive
   * @param work the work
   * @param closeOnTimeout closed, on the timer thread, if time runs out; may be {@code null}
   * @return what the work returned
   * @throws OperationTimeoutException if time ran out
   * @throws InterruptedException if the caller was interrupted while waiting
   * @throws IllegalStateException if the limiter is closed
   * @throws Exception whatever the work threw, as it threw it
   */
  public <T> T call(
      String operation, Duration timeout, Callable<T> work, AutoCloseable closeOnTimeout)
      throws Exception {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(work, "work");
    long own = checkedNanos(timeout);
    pool.ensureOpen(); // a closed limiter refuses, even a call whose deadline already passed
    long limit = Deadline.effectiveNanos(own);
    long start = ticker.read();
    if (limit == 0) {
      throw violations.record(operation, 0, 0, true);
    }
    if (callerThread != null) {
      return callerThread.call(operation, own, limit, start, work, closeOnTimeout);
    }
    return handoff.call(operation, own, limit, start, work, closeOnTimeout);
  }

  /**
   * Limits asynchronous work with the operation's timeout from {@link #timeouts()}.
   *
   * @param <T> the result type
   * @param operation the operation, which must have a timeout (or the timeouts a default)
   * @param work starts the work and returns its stage
   * @return a future that completes with the work's outcome, or with an {@link
   *     OperationTimeoutException} when time runs out (the work's future is then cancelled)
   */
  public <T> CompletableFuture<T> callAsync(
      String operation, Supplier<? extends CompletionStage<T>> work) {
    return callAsync(operation, timeouts.timeoutFor(operation), work);
  }

  /**
   * Limits asynchronous work with an explicit timeout. Cancelling the returned future cancels the
   * work's.
   *
   * @param <T> the result type
   * @param operation names the operation in errors, logs and metrics
   * @param timeout the operation's own limit, positive
   * @param work starts the work and returns its stage; called on the caller's thread
   * @return a future that completes with the work's outcome, or with an {@link
   *     OperationTimeoutException} when time runs out (the work's future is then cancelled)
   * @throws IllegalStateException if the limiter is closed
   */
  public <T> CompletableFuture<T> callAsync(
      String operation, Duration timeout, Supplier<? extends CompletionStage<T>> work) {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(work, "work");
    long own = checkedNanos(timeout);
    long limit = Deadline.effectiveNanos(own);
    long start = ticker.read();
    return AsyncLimit.start(pool, violations, ticker, operation, own, limit, start, work);
  }

  /**
   * How many operations ran out of time, in total.
   *
   * @return the count since the limiter was built
   */
  public long violationCount() {
    return violations.total();
  }

  /**
   * How many times each operation ran out of time.
   *
   * @return an immutable snapshot, by operation name
   */
  public Map<String, Long> violationsByOperation() {
    return violations.byOperation();
  }

  /**
   * Adds a listener for violations.
   *
   * @param listener the listener
   * @throws NullPointerException if {@code listener} is {@code null}
   */
  public void addListener(TimeoutListener listener) {
    violations.addListener(listener);
  }

  /**
   * Removes a listener.
   *
   * @param listener the listener
   * @return whether it was registered
   */
  public boolean removeListener(TimeoutListener listener) {
    return violations.removeListener(listener);
  }

  /**
   * Stops the threads the limiter owns: work still running is interrupted, and close waits up to
   * the {@linkplain Builder#closeTimeout(Duration) close timeout} for the threads to end. Later
   * calls fail with {@link IllegalStateException}. Closing twice does nothing.
   */
  @Override
  public void close() {
    if (callerThread != null) {
      callerThread.close();
    }
    pool.close();
  }

  @Override
  public String toString() {
    return "TimeLimiter[" + name + "]";
  }

  private static long checkedNanos(Duration timeout) {
    Require.positive("timeout", timeout);
    return timeout.compareTo(Deadline.MAX_TIMEOUT) >= 0
        ? Deadline.MAX_TIMEOUT.toNanos()
        : timeout.toNanos();
  }

  /** Builds a {@link TimeLimiter}. Each setter checks its value at once. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private Timeouts timeouts = Timeouts.defaults();
    private Ticker ticker = Ticker.system();
    private Clock clock = Clock.systemUTC();
    private ExecutorService executor;
    private Scheduler scheduler;
    private int maxThreads = 256;
    private Duration closeTimeout = Duration.ofSeconds(1);
    private boolean callerThread;
    private TimeLimitWatchdog watchdog;

    private Builder(String name) {
      if (name == null || !NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "timeLimiter: name must be letters, digits, '_', '.' or '-', starting with a letter"
                + " or digit, was "
                + (name == null ? "null" : "\"" + name + "\""));
      }
      this.name = name;
    }

    /**
     * Sets where operation timeouts are looked up (default {@link Timeouts#defaults()}).
     *
     * @param timeouts the timeouts
     * @return this builder
     */
    public Builder timeouts(Timeouts timeouts) {
      this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
      return this;
    }

    /**
     * Sets the ticker that measures elapsed time (a manual one in tests).
     *
     * @param ticker the ticker
     * @return this builder
     */
    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /**
     * Sets the clock that stamps violations.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Runs blocking work on {@code executor} instead of the limiter's own pool; the caller keeps
     * ownership of it. It must run each task on a thread of its own at once (a bounded queue would
     * make the caller's timeout include queueing).
     *
     * @param executor the executor
     * @return this builder
     */
    public Builder executor(ExecutorService executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Fires timeouts with {@code scheduler} instead of the limiter's own timer thread (a {@link
     * dev.levee.timeouts.testing.ManualScheduler} in tests); the caller keeps ownership.
     *
     * @param scheduler the scheduler
     * @return this builder
     */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /**
     * Caps the worker threads of the limiter's own pool (default 256). Ignored with {@link
     * #executor(ExecutorService)}.
     *
     * @param maxThreads at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code maxThreads} is less than 1
     */
    public Builder maxThreads(int maxThreads) {
      this.maxThreads = Require.atLeast("timeLimiter \"" + name + "\": maxThreads", maxThreads, 1);
      return this;
    }

    /**
     * Sets how long {@link TimeLimiter#close()} waits for its own threads to end (default 1s).
     *
     * @param closeTimeout zero or positive
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder closeTimeout(Duration closeTimeout) {
      this.closeTimeout =
          Require.nonNegative("timeLimiter \"" + name + "\": closeTimeout", closeTimeout);
      return this;
    }

    /**
     * Runs blocking work on the caller's own thread, watched by the watchdog shared by every
     * caller-thread limiter (1 ms resolution, on the system ticker), instead of handing it to a
     * worker thread. A call that finishes in time then costs tens of nanoseconds and allocates
     * nothing, where the handoff costs microseconds. On a timeout the watchdog interrupts the
     * caller's thread and closes {@code closeOnTimeout}; the caller gets the same {@link
     * OperationTimeoutException}, but only once the work returns: work that ignores interrupts (and
     * has nothing to close) holds its caller past the limit. Use the default handoff mode for such
     * work. The watchdog's interrupt never outlives the call: it is cleared from the thread before
     * the exception is thrown, and a call that finished in time is never interrupted. Nested limits
     * each watch their own deadline, so the earliest one fires first.
     *
     * @return this builder
     */
    public Builder callerThread() {
      this.callerThread = true;
      this.watchdog = null;
      return this;
    }

    /**
     * Runs blocking work on the caller's own thread, as {@link #callerThread()}, watched by {@code
     * watchdog} (a {@linkplain TimeLimitWatchdog#manual(Ticker) manual} one in tests), which stays
     * the caller's to close.
     *
     * @param watchdog the watchdog
     * @return this builder
     * @throws NullPointerException if {@code watchdog} is {@code null}
     */
    public Builder callerThread(TimeLimitWatchdog watchdog) {
      this.watchdog = Objects.requireNonNull(watchdog, "watchdog");
      this.callerThread = true;
      return this;
    }

    /**
     * Builds the limiter. Its own threads start when first needed.
     *
     * @return a new limiter
     */
    public TimeLimiter build() {
      return new TimeLimiter(this);
    }
  }
}
