package dev.levee.core;

/**
 * Why a {@link Retry} stopped trying: the stable set of reasons that {@link
 * RetryListener#onGiveUp}, {@link RetryStoppedException#stopReason()} and the give-up log line
 * report. New reasons may be added in a minor release; each constant's {@link #text()} never
 * changes.
 */
public enum RetryStopReason {
  /**
   * The failure's category is not retried ({@code FATAL}, {@code INVALID_INPUT}, or anything the
   * classifier says is not retryable). The caller gets the failure as if there were no retry; no
   * {@link RetryStoppedException} is attached and nothing is logged.
   */
  NOT_RETRYABLE("not retryable"),
  /** Every retry allowed by {@code maxRetries} was used. */
  RETRIES_EXHAUSTED("retries exhausted"),
  /** The next wait would pass the retry's {@code maxDuration}. */
  MAX_DURATION("max duration"),
  /** The next wait would pass the caller's {@link dev.levee.timeouts.Deadline}. */
  DEADLINE("deadline"),
  /** The shared {@link RetryBudget} refused another retry. */
  BUDGET_EXHAUSTED("retry budget exhausted"),
  /**
   * The failure matched the retry's {@code abortIf} predicate, or was a breaker's refusal ({@link
   * CallNotPermittedException}). Like {@link #NOT_RETRYABLE}, nothing is attached or logged.
   */
  ABORTED("aborted"),
  /** The thread was interrupted while waiting or the attempt failed with an interruption. */
  INTERRUPTED("interrupted"),
  /** In a {@link Pipeline}, the last failure opened the pipeline's circuit breaker. */
  CIRCUIT_BREAKER_OPEN("circuit breaker open");

  private final String text;

  RetryStopReason(String text) {
    this.text = text;
  }

  /**
   * The reason as logs and messages show it ({@code retries exhausted}).
   *
   * @return the text
   */
  public String text() {
    return text;
  }

  /**
   * Whether the retry meant to go on and could not: a give-up worth a warning and a {@link
   * RetryStoppedException}. {@code false} for {@link #NOT_RETRYABLE} and {@link #ABORTED}, which
   * end the call as it would end without a retry.
   *
   * @return {@code true} if the stop is reported as a surprise
   */
  public boolean isSurprise() {
    return this != NOT_RETRYABLE && this != ABORTED;
  }

  /**
   * The reason's text.
   *
   * @return {@link #text()}
   */
  @Override
  public String toString() {
    return text;
  }
}
