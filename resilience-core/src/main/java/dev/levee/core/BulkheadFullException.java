package dev.levee.core;

import dev.levee.errors.ClassifiedException;
import dev.levee.errors.ErrorCategory;
import java.time.Instant;
import java.util.Map;

/**
 * A {@link Bulkhead} had no room for a call. {@link ErrorCategory#TRANSIENT}: the dependency behind
 * it is saturated; back off. No stack trace, one instance per bulkhead.
 */
public final class BulkheadFullException extends ClassifiedException {
  private static final long serialVersionUID = 1L;

  /** The bulkhead's name. */
  private final String bulkhead;

  /**
   * Creates the exception.
   *
   * @param bulkhead the bulkhead's name
   * @param maxConcurrent its limit
   * @param timestamp when
   */
  public BulkheadFullException(String bulkhead, int maxConcurrent, Instant timestamp) {
    super(
        ErrorCategory.TRANSIENT,
        bulkhead,
        "bulkhead \"" + bulkhead + "\" is full (" + maxConcurrent + " calls in flight)",
        Map.of("max_concurrent", Integer.toString(maxConcurrent)),
        null,
        timestamp,
        false);
    this.bulkhead = bulkhead;
  }

  /**
   * The name of the full bulkhead.
   *
   * @return the name
   */
  public String bulkhead() {
    return bulkhead;
  }
}
