package dev.levee.timeouts;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One operation that ran out of time, as reported to {@link TimeoutListener}s.
 *
 * @param limiter the name of the {@link TimeLimiter} that enforced the limit
 * @param operation the operation
 * @param timeout the limit that was enforced
 * @param elapsed how long the operation had run when it was stopped
 * @param fromDeadline whether the limit was the caller's deadline
 * @param timestamp when it happened
 */
public record TimeoutViolation(
    String limiter,
    String operation,
    Duration timeout,
    Duration elapsed,
    boolean fromDeadline,
    Instant timestamp) {
  /**
   * Checks that nothing is missing.
   *
   * @param limiter the name of the limiter
   * @param operation the operation
   * @param timeout the limit that was enforced
   * @param elapsed how long the operation had run
   * @param fromDeadline whether the limit was the caller's deadline
   * @param timestamp when it happened
   * @throws NullPointerException if a component is {@code null}
   */
  public TimeoutViolation {
    Objects.requireNonNull(limiter, "limiter");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(elapsed, "elapsed");
    Objects.requireNonNull(timestamp, "timestamp");
  }
}
