package dev.levee.core;

import dev.levee.errors.ClassifiedException;
import dev.levee.errors.ErrorCategory;
import java.time.Instant;
import java.util.Map;

/**
 * A {@link RateLimiter} or {@link AdaptiveThrottle} refused a call. {@link
 * ErrorCategory#TRANSIENT}: slow down and try later. No stack trace: rejections are the hot path of
 * an overloaded service.
 */
public final class RequestNotPermittedException extends ClassifiedException {
  private static final long serialVersionUID = 1L;

  /** The limiter's name. */
  private final String limiter;

  /**
   * Creates the exception.
   *
   * @param limiter the limiter's name
   * @param reason why, such as {@code rate limit of 100 per 1s exceeded}
   * @param timestamp when
   */
  public RequestNotPermittedException(String limiter, String reason, Instant timestamp) {
    super(
        ErrorCategory.TRANSIENT,
        limiter,
        "\"" + limiter + "\": " + reason,
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
