package dev.levee.core;

import dev.levee.timeouts.Durations;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * How long to wait before each retry: fixed or exponential, capped, with optional jitter.
 *
 * <pre>{@code
 * Backoff reconnect = Backoff.exponential(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(60));
 * Duration third = reconnect.delay(3);          // 4s: 1s, 2s, 4s, ... capped at 60s
 * Backoff.Attempts peer = reconnect.attempts(); // one per peer: next(), reset() on success
 * }</pre>
 *
 * <p>Jitter spreads clients that failed together so they do not retry together (the AWS
 * Architecture Blog's "Exponential Backoff And Jitter"): {@link Jitter#FULL} waits a random time in
 * {@code [0, d]}, {@link Jitter#EQUAL} in {@code [d/2, d]}, {@link Jitter#DECORRELATED} in {@code
 * [initial, 3 × previous]} (capped). The random source is injectable for tests. Instances are
 * immutable and thread-safe.
 */
public final class Backoff {
  /** How delays are randomised. */
  public enum Jitter {
    /** Exactly the computed delay. */
    NONE,
    /** Uniform in {@code [0, delay]}. */
    FULL,
    /** Uniform in {@code [delay/2, delay]}. */
    EQUAL,
    /** Uniform in {@code [initial, 3 × previous delay]}, capped: spreads best under contention. */
    DECORRELATED
  }

  private static final Backoff DEFAULT =
      exponential(Duration.ofMillis(50), 2.0, Duration.ofSeconds(2));

  private final long initialNanos;
  private final double multiplier;
  private final long maxNanos;
  private final Jitter jitter;
  private final DoubleSupplier random;

  private Backoff(
      long initialNanos, double multiplier, long maxNanos, Jitter jitter, DoubleSupplier random) {
    this.initialNanos = initialNanos;
    this.multiplier = multiplier;
    this.maxNanos = maxNanos;
    this.jitter = jitter;
    this.random = random;
  }

  /**
   * The design's default: exponential from 50ms, doubling, capped at 2s, no jitter.
   *
   * @return the default backoff
   */
  public static Backoff defaults() {
    return DEFAULT;
  }

  /**
   * The same delay before every retry.
   *
   * @param delay positive
   * @return the backoff
   * @throws IllegalArgumentException if the delay is not positive
   */
  public static Backoff fixed(Duration delay) {
    long nanos = positive("delay", delay);
    return new Backoff(nanos, 1.0, nanos, Jitter.NONE, Backoff::threadLocalRandom);
  }

  /**
   * {@code initial × multiplier^(attempt-1)}, capped at {@code max}.
   *
   * @param initial the first delay, positive
   * @param multiplier growth per attempt, at least 1
   * @param max the cap, at least {@code initial}
   * @return the backoff
   * @throws IllegalArgumentException naming the bad value
   */
  public static Backoff exponential(Duration initial, double multiplier, Duration max) {
    long first = positive("initial", initial);
    long cap = positive("max", max);
    if (!(multiplier >= 1.0 && multiplier <= 100.0)) {
      throw new IllegalArgumentException(
          "backoff: multiplier must be in [1,100], was " + multiplier);
    }
    if (cap < first) {
      throw new IllegalArgumentException(
          "backoff: max must be at least initial ("
              + Durations.format(initial)
              + "), was "
              + Durations.format(max));
    }
    return new Backoff(first, multiplier, cap, Jitter.NONE, Backoff::threadLocalRandom);
  }

  /**
   * The same backoff with {@code jitter}.
   *
   * @param jitter the jitter
   * @return a new backoff
   */
  public Backoff withJitter(Jitter jitter) {
    return new Backoff(
        initialNanos, multiplier, maxNanos, Objects.requireNonNull(jitter, "jitter"), random);
  }

  /**
   * The same backoff drawing random numbers from {@code random} (uniform in {@code [0, 1)}).
   *
   * @param random the random source, thread-safe
   * @return a new backoff
   */
  public Backoff withRandom(DoubleSupplier random) {
    return new Backoff(
        initialNanos, multiplier, maxNanos, jitter, Objects.requireNonNull(random, "random"));
  }

  /**
   * The delay's upper bound before retry number {@code attempt}, without jitter: {@code initial ×
   * multiplier^(attempt-1)}, capped.
   *
   * @param attempt 1 for the first retry
   * @return the delay in nanoseconds
   */
  public long baseNanos(int attempt) {
    if (attempt < 1) {
      throw new IllegalArgumentException("backoff: attempt must be at least 1, was " + attempt);
    }
    double nanos = initialNanos * Math.pow(multiplier, attempt - 1);
    return nanos >= maxNanos ? maxNanos : (long) nanos;
  }

  /**
   * The delay before retry number {@code attempt}, jitter applied.
   *
   * @param attempt 1 for the first retry
   * @param previousNanos the delay before the previous retry (used by decorrelated jitter; 0 for
   *     the first)
   * @return the delay in nanoseconds, never negative, never above the cap
   */
  public long delayNanos(int attempt, long previousNanos) {
    long base = baseNanos(attempt);
    switch (jitter) {
      case FULL:
        return (long) (random.getAsDouble() * base);
      case EQUAL:
        return base / 2 + (long) (random.getAsDouble() * (base - base / 2));
      case DECORRELATED:
        long low = initialNanos;
        long high = Math.max(low, Math.min(maxNanos, 3 * Math.max(previousNanos, initialNanos)));
        return low + (long) (random.getAsDouble() * (high - low));
      default:
        return base;
    }
  }

  /**
   * The delay before retry number {@code attempt}, as a duration.
   *
   * @param attempt 1 for the first retry
   * @return the delay
   */
  public Duration delay(int attempt) {
    return Duration.ofNanos(delayNanos(attempt, 0));
  }

  /**
   * The first delay (the fixed delay of a fixed backoff).
   *
   * @return the initial delay
   */
  public Duration initial() {
    return Duration.ofNanos(initialNanos);
  }

  /**
   * How much each delay grows over the previous one (1 for a fixed backoff).
   *
   * @return the multiplier
   */
  public double multiplier() {
    return multiplier;
  }

  /**
   * The jitter in use.
   *
   * @return the jitter
   */
  public Jitter jitter() {
    return jitter;
  }

  /**
   * The cap.
   *
   * @return the longest delay
   */
  public Duration max() {
    return Duration.ofNanos(maxNanos);
  }

  /**
   * A counter of consecutive attempts against one target (a peer to reconnect to): {@link
   * Attempts#next()} gives the next delay, {@link Attempts#reset()} starts over after a success.
   *
   * @return a new counter
   */
  public Attempts attempts() {
    return new Attempts(this);
  }

  @Override
  public String toString() {
    return "Backoff["
        + Durations.format(Duration.ofNanos(initialNanos))
        + " x"
        + multiplier
        + " up to "
        + Durations.format(Duration.ofNanos(maxNanos))
        + ", jitter "
        + jitter
        + "]";
  }

  private static long positive(String field, Duration d) {
    Objects.requireNonNull(d, field);
    if (d.isNegative() || d.isZero() || d.compareTo(Duration.ofDays(365)) > 0) {
      throw new IllegalArgumentException(
          "backoff: " + field + " must be positive and at most 365d, was " + Durations.format(d));
    }
    return d.toNanos();
  }

  private static double threadLocalRandom() {
    return ThreadLocalRandom.current().nextDouble();
  }

  /**
   * Consecutive attempts against one target. Thread-safe: concurrent callers each get the next
   * attempt's delay.
   */
  public static final class Attempts {
    private final Backoff backoff;
    private final java.util.concurrent.atomic.AtomicLong state =
        new java.util.concurrent.atomic.AtomicLong(); // attempts << 40 | previous delay in us

    private Attempts(Backoff backoff) {
      this.backoff = backoff;
    }

    /**
     * Counts an attempt and returns the delay to wait before it.
     *
     * @return the delay
     */
    public Duration next() {
      while (true) {
        long s = state.get();
        int attempt = (int) (s >>> 40) + 1;
        long previous = (s & ((1L << 40) - 1)) * 1000;
        long delay = backoff.delayNanos(attempt, previous);
        long next =
            ((long) Math.min(attempt, (1 << 23) - 1) << 40)
                | Math.min(delay / 1000, (1L << 40) - 1);
        if (state.compareAndSet(s, next)) {
          return Duration.ofNanos(delay);
        }
      }
    }

    /**
     * How many attempts were counted since the last reset.
     *
     * @return the count
     */
    public int count() {
      return (int) (state.get() >>> 40);
    }

    /** Starts over: the next delay is the first one again. */
    public void reset() {
      state.set(0);
    }
  }
}
