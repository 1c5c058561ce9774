package dev.levee.core;

import dev.levee.errors.ClassifiedException;
import dev.levee.errors.ErrorCategory;
import java.time.Instant;
import java.util.Map;

/**
 * An {@link AdaptiveLimiter} had as many calls in flight as its limit allows. {@link
 * ErrorCategory#TRANSIENT}: the dependency behind it is at its measured capacity; back off. No
 * stack trace, one instance per limiter (so the message does not carry the limit of the moment:
 * read {@link AdaptiveLimiter#limit()}).
 */
public final class ConcurrencyLimitExceededException extends ClassifiedException {
  private static final long serialVersionUID = 1L;

  /** The limiter's name. */
  private final String limiter;

  /**
   * Creates the exception.
   *
   * @param limiter the limiter's name
   * @param timestamp when
   */
  public ConcurrencyLimitExceededException(String limiter, Instant timestamp) {
    super(
        ErrorCategory.TRANSIENT,
        limiter,
        "adaptive limiter \"" + limiter + "\" is at its concurrency limit",
        Map.of(),
        null,
        timestamp,
        false);
    this.limiter = limiter;
  }

  /**
   * The name of the limiter that refused the call.
   *
   * @return the name
   */
  public String limiter() {
    return limiter;
  }
}
