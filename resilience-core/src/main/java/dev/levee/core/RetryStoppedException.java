package dev.levee.core;

import dev.levee.errors.ClassifiedException;
import dev.levee.errors.ErrorCategory;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Why a {@link Retry} gave up, attached as a suppressed exception to the failure the caller gets:
 * the caller still catches the original exception type, and its stack trace shows the retry's story
 * ({@code retry "db" stopped after 4 attempts: retries exhausted}). It carries the last failure's
 * category. No stack trace of its own.
 */
public final class RetryStoppedException extends ClassifiedException {
  private static final long serialVersionUID = 1L;

  /** Attempts made. */
  private final int attempts;

  /** Why the retry stopped. */
  private final RetryStopReason reason;

  /**
   * Creates the marker.
   *
   * @param retry the retry's name
   * @param attempts attempts made
   * @param reason why it stopped
   * @param category the last failure's category
   * @param timestamp when
   */
  public RetryStoppedException(
      String retry,
      int attempts,
      RetryStopReason reason,
      ErrorCategory category,
      Instant timestamp) {
    super(
        category,
        retry,
        "retry \"" + retry + "\" stopped after " + attempts + " attempts: " + reason.text(),
        Map.of("attempts", Integer.toString(attempts), "reason", reason.text()),
        null,
        timestamp,
        false);
    this.attempts = attempts;
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /**
   * Attempts made.
   *
   * @return the count
   */
  public int attempts() {
    return attempts;
  }

  /**
   * Why the retry stopped.
   *
   * @return the reason
   */
  public RetryStopReason stopReason() {
    return reason;
  }
}
