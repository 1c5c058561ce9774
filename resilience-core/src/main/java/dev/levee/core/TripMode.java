package dev.levee.core;

/** How a closed {@link CircuitBreaker} decides to open. */
public enum TripMode {
  /** After {@code failureThreshold} failures in a row; a success resets the count. */
  CONSECUTIVE_FAILURES,
  /**
   * When the failure rate (or slow-call rate) over the last {@code windowSize} calls reaches its
   * threshold, once at least {@code minimumCalls} are recorded.
   */
  COUNT_WINDOW,
  /**
   * When the failure rate (or slow-call rate) over the calls of the last {@code windowDuration}
   * reaches its threshold, once at least {@code minimumCalls} are recorded. Time is kept in buckets
   * of {@code bucketDuration}.
   */
  TIME_WINDOW
}
