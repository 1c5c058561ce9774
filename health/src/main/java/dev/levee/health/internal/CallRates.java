package dev.levee.health.internal;

import dev.levee.core.CircuitBreaker;
import dev.levee.timeouts.Scheduler;
import dev.levee.timeouts.Ticker;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Calls, failures and rejections per sampling interval (a second) for each circuit breaker over the
 * last few minutes, for a status page's charts.
 *
 * <p>Design. Calls must not pay for a chart, so nothing here is on a breaker's path: one timer task
 * reads each breaker's monotonic totals ({@code successCount + failureCount + ignoredCount}, {@code
 * failureCount}, {@code rejectedCount}, the counters metrics already read) once an interval and
 * writes the differences into a ring per breaker. Sample {@code n} (counted from 0, the first
 * sample after the sampler started) goes in slot {@code n % slots}. The sampler alone writes; it
 * publishes sample {@code n} by a volatile write of {@code last} after writing every ring, and a
 * reader copies what it needs after a volatile read of it. The ring has one slot more than the
 * window served, so the slot the sampler may be writing while a reader copies (sample {@code last +
 * 1}) is never one the reader serves; a reader that finds, after its copy, that {@code last} moved
 * into a slot it served ({@link #overwritten}) copies again from a newer window (a seqlock without
 * a lock; at one sample a second and copies of milliseconds, it rarely retries). A breaker present
 * at the first sample starts from its totals then (its history before the sampler is unknown, not a
 * spike); one that appears later starts from zero, as it was created since. After a pause (a
 * stalled timer) one sample covers the whole pause.
 *
 * <p>Memory: {@code 3 * (window + 1)} ints per breaker (2.2 KB for a 3-minute window).
 */
public final class CallRates implements AutoCloseable {
  private final Supplier<Collection<CircuitBreaker>> breakers;
  private final int window;
  private final int slots;
  private final long intervalNanos;
  private final Scheduler scheduler;
  private final Ticker ticker;
  private final Clock clock;
  private final Map<CircuitBreaker, Ring> rings = new ConcurrentHashMap<>();

  /** The last sample published, or -1 before the first. */
  private volatile long last = -1;

  private volatile Instant lastAt;
  private volatile Future<?> next;
  private volatile boolean closed;
  private long due; // the sampler's own: when the next sample is due, on the ticker

  /** One breaker's ring; written by the sampler only. */
  private static final class Ring {
    final int[] calls;
    final int[] failures;
    final int[] rejections;
    long calledBefore;
    long failedBefore;
    long rejectedBefore;

    Ring(int slots) {
      calls = new int[slots];
      failures = new int[slots];
      rejections = new int[slots];
    }
  }

  /**
   * What a reader gets: samples {@code first} to {@code last} (inclusive) of each breaker asked
   * for.
   *
   * @param first the first sample's number, or -1 if there is none
   * @param last the last sample's number, or -1 if there is none
   * @param lastAt when the last sample was taken, or {@code null}
   * @param intervalMillis the sampling interval
   */
  public record Window(long first, long last, Instant lastAt, long intervalMillis) {
    /** No samples at all (a view without details). */
    public static final Window NONE = new Window(-1, -1, null, 0);

    /**
     * How many samples it holds.
     *
     * @return the count
     */
    public int size() {
      return first < 0 ? 0 : (int) (last - first + 1);
    }
  }

  /**
   * One breaker's samples in a {@link Window}, oldest first.
   *
   * @param calls calls completed (successes, failures and ignored calls)
   * @param failures calls that failed
   * @param rejections calls rejected
   */
  public record Series(int[] calls, int[] failures, int[] rejections) {}

  /**
   * Creates a sampler; {@link #start()} starts it.
   *
   * @param breakers the breakers to sample now (read at each sample)
   * @param window how many samples to keep
   * @param intervalNanos the sampling interval
   * @param scheduler runs the samples
   * @param ticker times them
   * @param clock stamps them
   */
  public CallRates(
      Supplier<Collection<CircuitBreaker>> breakers,
      int window,
      long intervalNanos,
      Scheduler scheduler,
      Ticker ticker,
      Clock clock) {
    this.breakers = breakers;
    this.window = window;
    this.slots = window + 1;
    this.intervalNanos = intervalNanos;
    this.scheduler = scheduler;
    this.ticker = ticker;
    this.clock = clock;
  }

  /** Takes the baseline at once and schedules the samples. */
  public void start() {
    for (CircuitBreaker b : breakers.get()) {
      rings.put(b, baseline(b));
    }
    due = ticker.read() + intervalNanos;
    schedule(intervalNanos);
  }

  private Ring baseline(CircuitBreaker b) {
    Ring r = new Ring(slots);
    r.calledBefore = called(b);
    r.failedBefore = b.failureCount();
    r.rejectedBefore = b.rejectedCount();
    return r;
  }

  private static long called(CircuitBreaker b) {
    return b.successCount() + b.failureCount() + b.ignoredCount();
  }

  private void schedule(long delayNanos) {
    if (closed) {
      return;
    }
    try {
      next = scheduler.schedule(this::tick, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException shutDown) {
      closed = true; // the monitor's scheduler stopped: so do we
    }
    if (closed) {
      Future<?> f = next;
      if (f != null) {
        f.cancel(false); // close() ran between the check and the schedule
      }
    }
  }

  private void tick() {
    if (closed) {
      return;
    }
    try {
      sample();
    } finally {
      long now = ticker.read();
      due += intervalNanos;
      if (due - now < 0) {
        due = now + intervalNanos; // behind (a stalled timer): the next sample covers the gap
      }
      schedule(due - now);
    }
  }

  /** Takes one sample of every breaker and publishes it. Runs on the timer only. */
  void sample() {
    long n = last + 1;
    int slot = (int) (n % slots);
    Map<CircuitBreaker, Boolean> seen = new IdentityHashMap<>();
    for (CircuitBreaker b : breakers.get()) {
      seen.put(b, Boolean.TRUE);
      Ring r = rings.computeIfAbsent(b, x -> new Ring(slots)); // new since: from zero
      long called = called(b);
      long failed = b.failureCount();
      long rejected = b.rejectedCount();
      r.calls[slot] = clamp(called - r.calledBefore);
      r.failures[slot] = clamp(failed - r.failedBefore);
      r.rejections[slot] = clamp(rejected - r.rejectedBefore);
      r.calledBefore = called;
      r.failedBefore = failed;
      r.rejectedBefore = rejected;
    }
    rings.keySet().removeIf(b -> !seen.containsKey(b)); // removed from its registry
    lastAt = clock.instant();
    last = n; // publishes the rings' writes
  }

  private static int clamp(long delta) {
    return (int) Math.max(0, Math.min(Integer.MAX_VALUE, delta));
  }

  /**
   * The samples after {@code since} that a reader may use now.
   *
   * @param since the last sample the reader has, or -1 for the whole window
   * @return the window
   */
  public Window window(long since) {
    long end = last;
    if (end < 0) {
      return new Window(-1, -1, null, intervalNanos / 1_000_000);
    }
    long first = Math.max(Math.max(0, end - window + 1), since + 1);
    if (first > end) {
      return new Window(-1, -1, lastAt, intervalNanos / 1_000_000);
    }
    return new Window(first, end, lastAt, intervalNanos / 1_000_000);
  }

  /**
   * Copies one breaker's samples of {@code w}; zeros for a breaker not sampled yet.
   *
   * @param breaker the breaker
   * @param w a window from {@link #window(long)}
   * @return the samples, oldest first
   */
  public Series series(CircuitBreaker breaker, Window w) {
    int n = w.size();
    int[] calls = new int[n];
    int[] failures = new int[n];
    int[] rejections = new int[n];
    Ring r = rings.get(breaker);
    if (r != null && n > 0) {
      // At most two runs of the ring: from the first sample's slot to the end, then from 0.
      int from = (int) (w.first() % slots);
      int head = Math.min(n, slots - from);
      copy(r, from, calls, failures, rejections, 0, head);
      copy(r, 0, calls, failures, rejections, head, n - head);
    }
    return new Series(calls, failures, rejections);
  }

  private static void copy(
      Ring r, int from, int[] calls, int[] failures, int[] rejections, int to, int length) {
    System.arraycopy(r.calls, from, calls, to, length);
    System.arraycopy(r.failures, from, failures, to, length);
    System.arraycopy(r.rejections, from, rejections, to, length);
  }

  /**
   * Whether samples of {@code w} copied before this call may have been overwritten since: the
   * sampler moved past the spare slot. A reader that gets {@code true} copies again from a new
   * window.
   *
   * @param w the window copied
   * @return whether the copy may be torn
   */
  public boolean overwritten(Window w) {
    return w.size() > 0 && last + 1 - slots >= w.first();
  }

  /** Stops sampling; a sample underway finishes. Idempotent. */
  @Override
  public void close() {
    closed = true;
    Future<?> f = next;
    if (f != null) {
      f.cancel(false);
    }
  }
}
