package dev.levee.core;

import java.time.Duration;

/**
 * Observes a {@link Retry}. Both methods have empty defaults. Called on the thread that runs the
 * attempts; must be quick, thread-safe and must not throw (an exception is logged and ignored).
 */
public interface RetryListener {
  /**
   * An attempt failed and another will follow after {@code delay}.
   *
   * @param retry the retry's name
   * @param attempt the attempt that failed, 1 for the first
   * @param delay the wait before the next attempt
   * @param failure what failed (the exception, or {@code null} for a retried result)
   */
  default void onRetry(String retry, int attempt, Duration delay, Throwable failure) {}

  /**
   * The retry gave up: the caller gets the last failure.
   *
   * @param retry the retry's name
   * @param attempts attempts made
   * @param reason why it stopped, one of a stable set
   * @param failure the last failure ({@code null} for a retried result)
   */
  default void onGiveUp(String retry, int attempts, RetryStopReason reason, Throwable failure) {}
}
