package dev.levee.core;

import dev.levee.errors.ClassifiedException;
import dev.levee.errors.ErrorCategory;
import dev.levee.errors.ErrorClassifiers;
import dev.levee.timeouts.Deadline;
import dev.levee.timeouts.Durations;
import java.time.Duration;

/**
 * Whether a {@link Retry} tries again after an attempt, and how long it waits first: the category
 * rules, the backoff, retry-after hints, the deadline, the max duration and the budget. It counts
 * nothing and holds no state of its own beyond the configuration; the retry counts what it decides.
 */
final class RetryDecision {
  static final int NOT_RETRYABLE = -1;
  static final int EXHAUSTED = -2;
  static final int MAX_DURATION = -3;
  static final int DEADLINE = -4;
  static final int BUDGET = -5;
  static final int ABORTED = -6;
  static final int INTERRUPTED = -7;
  static final int BREAKER_OPEN = -8;

  private final RetryConfig config;

  RetryDecision(RetryConfig config) {
    this.config = config;
  }

  /**
   * The delay in nanoseconds before retrying after {@code attempt}, or a negative reason to stop.
   *
   * @param mayRetry false when another attempt cannot pass now (the pipeline's breaker is open)
   */
  long decide(boolean mayRetry, int attempt, Throwable failure, long previousDelay, long start) {
    ErrorCategory category = ErrorCategory.RETRIABLE;
    if (failure != null) {
      if (failure instanceof CallNotPermittedException
          || (config.abortIf() != null && config.abortIf().test(failure))) {
        return ABORTED;
      }
      if (ErrorClassifiers.isInterruption(failure)) {
        return INTERRUPTED;
      }
      category = config.classifier().classify(failure);
      if (!category.isRetryable()) {
        return NOT_RETRYABLE;
      }
    }
    if (!mayRetry) {
      return BREAKER_OPEN; // the last attempt's failure opened the pipeline's breaker
    }
    if (attempt > config.maxRetries()) {
      return EXHAUSTED;
    }
    long delay = config.backoff().delayNanos(attempt, previousDelay);
    if (category == ErrorCategory.TRANSIENT) {
      Duration hint = retryAfter(failure);
      delay =
          hint != null && !hint.isNegative()
              ? saturatedNanos(hint) // the server's hint: bounded below, since it is not ours
              : (long) Math.min(Long.MAX_VALUE / 2.0, delay * config.transientMultiplier());
    }
    if (config.maxDuration() != null
        && delay > config.maxDuration().toNanos() - (config.ticker().read() - start)) {
      return MAX_DURATION; // compared by subtraction: a huge delay must not wrap the sum
    }
    if (Deadline.effectiveNanos(Long.MAX_VALUE) <= delay) {
      return DEADLINE; // the wait alone would use up the caller's deadline
    }
    if (config.budget() != null && !config.budget().tryRetry()) {
      return BUDGET;
    }
    return delay;
  }

  /** A duration in nanoseconds, at most {@code Long.MAX_VALUE / 2} (about 146 years). */
  private static long saturatedNanos(Duration d) {
    return Math.min(Durations.saturatedNanos(d), Long.MAX_VALUE / 2);
  }

  private Duration retryAfter(Throwable failure) {
    if (config.retryAfter() != null) {
      return config.retryAfter().apply(failure);
    }
    if (failure instanceof ClassifiedException) {
      String ms = ((ClassifiedException) failure).metadata().get("retry_after_ms");
      if (ms != null) {
        try {
          return Duration.ofMillis(Long.parseLong(ms.trim()));
        } catch (NumberFormatException ignored) {
          return null; // not a number: no hint
        }
      }
    }
    return null;
  }

  /** The reason for a stop code. */
  static RetryStopReason reason(int code) {
    switch (code) {
      case NOT_RETRYABLE:
        return RetryStopReason.NOT_RETRYABLE;
      case EXHAUSTED:
        return RetryStopReason.RETRIES_EXHAUSTED;
      case MAX_DURATION:
        return RetryStopReason.MAX_DURATION;
      case DEADLINE:
        return RetryStopReason.DEADLINE;
      case BUDGET:
        return RetryStopReason.BUDGET_EXHAUSTED;
      case ABORTED:
        return RetryStopReason.ABORTED;
      case BREAKER_OPEN:
        return RetryStopReason.CIRCUIT_BREAKER_OPEN;
      default:
        return RetryStopReason.INTERRUPTED;
    }
  }
}
