package dev.levee.timeouts;

/**
 * Observes operations that ran out of time: metrics count them, applications may alert. Called on
 * the thread that detected the violation (the caller's, or the limiter's timer), after the
 * violation was counted and logged. Must be quick and thread-safe; an exception it throws is logged
 * and does not affect the caller or other listeners.
 */
@FunctionalInterface
public interface TimeoutListener {
  /**
   * Called once per violation.
   *
   * @param violation what timed out
   */
  void onTimeout(TimeoutViolation violation);
}
