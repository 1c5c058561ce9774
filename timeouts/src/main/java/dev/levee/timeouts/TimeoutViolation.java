package dev.levee.timeouts;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One operation that ran out of time, as reported to {@link TimeoutListener}s. Immutable.
 *
 * <p>A class rather than a record, as every snapshot and event in Levee: an event gains details as
 * Levee learns to report more, and a record's canonical constructor and deconstruction pattern
 * would change with each. Tests of a listener make one with {@link #builder()}.
 */
public final class TimeoutViolation {
  private final String limiter;
  private final String operation;
  private final Duration timeout;
  private final Duration elapsed;
  private final boolean fromDeadline;
  private final Instant timestamp;

  private TimeoutViolation(
      String limiter,
      String operation,
      Duration timeout,
      Duration elapsed,
      boolean fromDeadline,
      Instant timestamp) {
    this.limiter = Objects.requireNonNull(limiter, "limiter");
    this.operation = Objects.requireNonNull(operation, "operation");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.elapsed = Objects.requireNonNull(elapsed, "elapsed");
    this.fromDeadline = fromDeadline;
    this.timestamp = Objects.requireNonNull(timestamp, "timestamp");
  }

  /**
   * The name of the {@link TimeLimiter} that enforced the limit.
   *
   * @return the name
   */
  public String limiter() {
    return limiter;
  }

  /**
   * The operation.
   *
   * @return the operation
   */
  public String operation() {
    return operation;
  }

  /**
   * The limit that was enforced.
   *
   * @return the limit
   */
  public Duration timeout() {
    return timeout;
  }

  /**
   * How long the operation had run when it was stopped.
   *
   * @return the time
   */
  public Duration elapsed() {
    return elapsed;
  }

  /**
   * Whether the limit was the caller's deadline.
   *
   * @return {@code true} if the deadline was the shorter limit
   */
  public boolean fromDeadline() {
    return fromDeadline;
  }

  /**
   * When it happened.
   *
   * @return the time
   */
  public Instant timestamp() {
    return timestamp;
  }

  /**
   * Whether {@code other} is a {@code TimeoutViolation} with equal components.
   *
   * @param other the object to compare with
   * @return {@code true} if equal
   */
  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof TimeoutViolation)) {
      return false;
    }
    TimeoutViolation o = (TimeoutViolation) other;
    return Objects.equals(limiter, o.limiter)
        && Objects.equals(operation, o.operation)
        && Objects.equals(timeout, o.timeout)
        && Objects.equals(elapsed, o.elapsed)
        && fromDeadline == o.fromDeadline
        && Objects.equals(timestamp, o.timestamp);
  }

  @Override
  public int hashCode() {
    return Objects.hash(limiter, operation, timeout, elapsed, fromDeadline, timestamp);
  }

  @Override
  public String toString() {
    return "TimeoutViolation["
        + "limiter="
        + limiter
        + ", operation="
        + operation
        + ", timeout="
        + timeout
        + ", elapsed="
        + elapsed
        + ", fromDeadline="
        + fromDeadline
        + ", timestamp="
        + timestamp
        + "]";
  }

  /**
   * Starts a violation, for tests of a {@link TimeoutListener} (a limiter makes its own).
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link TimeoutViolation}. Not thread-safe. */
  public static final class Builder {
    private String limiter;
    private String operation;
    private Duration timeout;
    private Duration elapsed;
    private boolean fromDeadline = false;
    private Instant timestamp;

    private Builder() {}

    /**
     * Sets the limiter's name (required).
     *
     * @param limiter the name
     * @return this builder
     */
    public Builder limiter(String limiter) {
      this.limiter = limiter;
      return this;
    }

    /**
     * Sets the operation (required).
     *
     * @param operation the operation
     * @return this builder
     */
    public Builder operation(String operation) {
      this.operation = operation;
      return this;
    }

    /**
     * Sets the limit that was enforced (required).
     *
     * @param timeout the limit
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /**
     * Sets how long the operation had run (required).
     *
     * @param elapsed the time
     * @return this builder
     */
    public Builder elapsed(Duration elapsed) {
      this.elapsed = elapsed;
      return this;
    }

    /**
     * Sets whether the limit was the caller's deadline (default false).
     *
     * @param fromDeadline whether it was
     * @return this builder
     */
    public Builder fromDeadline(boolean fromDeadline) {
      this.fromDeadline = fromDeadline;
      return this;
    }

    /**
     * Sets when it happened (required).
     *
     * @param timestamp the time
     * @return this builder
     */
    public Builder timestamp(Instant timestamp) {
      this.timestamp = timestamp;
      return this;
    }

    /**
     * Builds the violation.
     *
     * @return the violation
     * @throws NullPointerException naming a required component that is not set
     */
    public TimeoutViolation build() {
      return new TimeoutViolation(limiter, operation, timeout, elapsed, fromDeadline, timestamp);
    }
  }
}
