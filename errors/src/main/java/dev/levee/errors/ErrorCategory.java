package dev.levee.errors;

/**
 * What kind of failure an error is, which decides how every Levee policy treats it.
 *
 * <p>An error is classified once, by an {@link ErrorClassifier}; retries, circuit breakers, health
 * checks and metrics all act on the category instead of inspecting exception types themselves.
 *
 * <table class="striped">
 *   <caption>How policies treat each category</caption>
 *   <thead>
 *     <tr><th>category</th><th>retry</th><th>counts against a dependency's health</th></tr>
 *   </thead>
 *   <tbody>
 *     <tr><td>{@link #RETRIABLE}</td><td>soon, with the normal backoff</td><td>yes</td></tr>
 *     <tr><td>{@link #TRANSIENT}</td><td>later, with a longer backoff</td><td>yes</td></tr>
 *     <tr><td>{@link #FATAL}</td><td>never</td><td>yes</td></tr>
 *     <tr><td>{@link #INVALID_INPUT}</td><td>never</td><td>no</td></tr>
 *   </tbody>
 * </table>
 */
public enum ErrorCategory {
  /**
   * A brief fault that the same call is likely to get past if it is tried again soon: a network
   * timeout, a refused or reset connection, a leadership change, a serialization conflict.
   */
  RETRIABLE,

  /**
   * The dependency is short of something and needs time: resources exhausted, overloaded, rate
   * limited, shutting down. Retry later, with a longer backoff, and honour any retry-after hint.
   */
  TRANSIENT,

  /**
   * Trying again cannot help: corruption, an invalid state, a bug, an interrupted thread. Never
   * retried. Also the category of anything no rule recognises.
   */
  FATAL,

  /**
   * The caller's own fault: a bad argument, a constraint violation, a malformed query, an HTTP 4xx.
   * Never retried, and never counted against the health of the dependency that rejected it.
   */
  INVALID_INPUT;

  /**
   * Whether a retry policy may try the call again.
   *
   * @return {@code true} for {@link #RETRIABLE} and {@link #TRANSIENT}
   */
  public boolean isRetryable() {
    return this == RETRIABLE || this == TRANSIENT;
  }

  /**
   * Whether the error says something about the health of the dependency that raised it, so that
   * circuit breakers and health checks should count it as a failure.
   *
   * @return {@code false} only for {@link #INVALID_INPUT}
   */
  public boolean countsAsFailure() {
    return this != INVALID_INPUT;
  }
}
