package dev.levee.core;

import java.time.Instant;
import java.util.Objects;

/**
 * A snapshot of a {@link CircuitBreaker} ({@link CircuitBreaker#stats()}): its state, what its
 * current window holds, and its lifetime totals. Immutable; only a breaker makes one.
 *
 * <p>A class rather than a record, as every snapshot and event in Levee: a snapshot gains figures
 * as the breaker learns to report more, and a record's canonical constructor and deconstruction
 * pattern would change with each.
 */
public final class CircuitBreakerStats {
  private final CircuitBreakerState state;
  private final double failureRate;
  private final double slowCallRate;
  private final long bufferedCalls;
  private final long failedCalls;
  private final long slowCalls;
  private final long successfulCalls;
  private final long ignoredCalls;
  private final long rejectedCalls;
  private final Instant lastTransitionAt;

  CircuitBreakerStats(
      CircuitBreakerState state,
      double failureRate,
      double slowCallRate,
      long bufferedCalls,
      long failedCalls,
      long slowCalls,
      long successfulCalls,
      long ignoredCalls,
      long rejectedCalls,
      Instant lastTransitionAt) {
    this.state = state;
    this.failureRate = failureRate;
    this.slowCallRate = slowCallRate;
    this.bufferedCalls = bufferedCalls;
    this.failedCalls = failedCalls;
    this.slowCalls = slowCalls;
    this.successfulCalls = successfulCalls;
    this.ignoredCalls = ignoredCalls;
    this.rejectedCalls = rejectedCalls;
    this.lastTransitionAt = lastTransitionAt;
  }

  /**
   * The state.
   *
   * @return the state
   */
  public CircuitBreakerState state() {
    return state;
  }

  /**
   * The failure percentage of the window.
   *
   * @return the percentage, or {@code -1} below {@code minimumCalls} (and in consecutive-failure
   *     mode, where no rate is judged)
   */
  public double failureRate() {
    return failureRate;
  }

  /**
   * The slow-call percentage of the window.
   *
   * @return the percentage, or {@code -1} as for {@link #failureRate()}
   */
  public double slowCallRate() {
    return slowCallRate;
  }

  /**
   * Calls the window holds (consecutive mode: failures in a row).
   *
   * @return the count
   */
  public long bufferedCalls() {
    return bufferedCalls;
  }

  /**
   * Failures the window holds.
   *
   * @return the count
   */
  public long failedCalls() {
    return failedCalls;
  }

  /**
   * Slow calls the window holds.
   *
   * @return the count
   */
  public long slowCalls() {
    return slowCalls;
  }

  /**
   * Successes the window holds.
   *
   * @return the count
   */
  public long successfulCalls() {
    return successfulCalls;
  }

  /**
   * Ignored calls, since the breaker was built.
   *
   * @return the count
   */
  public long ignoredCalls() {
    return ignoredCalls;
  }

  /**
   * Rejected calls, since the breaker was built.
   *
   * @return the count
   */
  public long rejectedCalls() {
    return rejectedCalls;
  }

  /**
   * When the breaker entered its state.
   *
   * @return the time
   */
  public Instant lastTransitionAt() {
    return lastTransitionAt;
  }

  /**
   * Whether {@code other} is a {@code CircuitBreakerStats} with equal components.
   *
   * @param other the object to compare with
   * @return {@code true} if equal
   */
  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof CircuitBreakerStats)) {
      return false;
    }
    CircuitBreakerStats o = (CircuitBreakerStats) other;
    return Objects.equals(state, o.state)
        && Double.compare(failureRate, o.failureRate) == 0
        && Double.compare(slowCallRate, o.slowCallRate) == 0
        && bufferedCalls == o.bufferedCalls
        && failedCalls == o.failedCalls
        && slowCalls == o.slowCalls
        && successfulCalls == o.successfulCalls
        && ignoredCalls == o.ignoredCalls
        && rejectedCalls == o.rejectedCalls
        && Objects.equals(lastTransitionAt, o.lastTransitionAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        state,
        failureRate,
        slowCallRate,
        bufferedCalls,
        failedCalls,
        slowCalls,
        successfulCalls,
        ignoredCalls,
        rejectedCalls,
        lastTransitionAt);
  }

  @Override
  public String toString() {
    return "CircuitBreakerStats["
        + "state="
        + state
        + ", failureRate="
        + failureRate
        + ", slowCallRate="
        + slowCallRate
        + ", bufferedCalls="
        + bufferedCalls
        + ", failedCalls="
        + failedCalls
        + ", slowCalls="
        + slowCalls
        + ", successfulCalls="
        + successfulCalls
        + ", ignoredCalls="
        + ignoredCalls
        + ", rejectedCalls="
        + rejectedCalls
        + ", lastTransitionAt="
        + lastTransitionAt
        + "]";
  }
}
