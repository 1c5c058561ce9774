package dev.levee.timeouts;

import dev.levee.errors.ClassifiedException;
import dev.levee.errors.ErrorCategory;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * An operation ran out of time. {@link ErrorCategory#RETRIABLE}: a timeout is usually a passing
 * fault, and a retry policy will try again if the caller's deadline leaves room.
 *
 * <p>The message names the operation, the limit, the time actually taken, and whether the limit
 * came from the caller's {@link Deadline} rather than the operation's own timeout: {@code operation
 * "db.query" timed out after 2004ms (limit 2s)}.
 */
public class OperationTimeoutException extends ClassifiedException {
  private static final long serialVersionUID = 1L;

  /** The limit that was enforced. */
  private final Duration timeout;

  /** The time measured from start to expiry. */
  private final Duration elapsed;

  /** Whether the limit was the caller's deadline. */
  private final boolean fromDeadline;

  /**
   * Creates the exception.
   *
   * @param operation the operation that timed out
   * @param timeout the limit that was enforced
   * @param elapsed how long the operation had run
   * @param fromDeadline whether the limit was the remaining time of the caller's deadline, which
   *     was shorter than the operation's own timeout
   * @param timestamp when it timed out
   * @throws NullPointerException if an argument is {@code null}
   */
  public OperationTimeoutException(
      String operation,
      Duration timeout,
      Duration elapsed,
      boolean fromDeadline,
      Instant timestamp) {
    super(
        ErrorCategory.RETRIABLE,
        Objects.requireNonNull(operation, "operation"),
        "operation \""
            + operation
            + "\" timed out after "
            + Durations.human(elapsed)
            + " (limit "
            + Durations.human(timeout)
            + (fromDeadline ? ", the caller's deadline)" : ")"),
        Map.of(
            "timeout_ms", Long.toString(timeout.toMillis()),
            "elapsed_ms", Long.toString(elapsed.toMillis()),
            "deadline", Boolean.toString(fromDeadline)),
        null,
        timestamp,
        true);
    this.timeout = timeout;
    this.elapsed = elapsed;
    this.fromDeadline = fromDeadline;
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
   * @return the elapsed time
   */
  public Duration elapsed() {
    return elapsed;
  }

  /**
   * Whether the limit was the caller's deadline rather than the operation's own timeout.
   *
   * @return {@code true} if the deadline was the shorter limit
   */
  public boolean fromDeadline() {
    return fromDeadline;
  }
}
