package dev.levee.core;

import java.time.Instant;
import java.util.Objects;

/**
 * One change of a {@link CircuitBreaker}'s state, as listeners receive it.
 *
 * @param breaker the breaker's name
 * @param from the state left
 * @param to the state entered
 * @param reason why: {@code failure rate 60.0% >= 50.0%}, {@code 5 consecutive failures}, {@code
 *     open duration passed}, or the reason given to a manual transition
 * @param failureRate the failure rate, in percent, of the window that was judged, or {@code -1}
 *     when no rate applies
 * @param at when it happened
 */
public record StateTransition(
    String breaker,
    CircuitBreakerState from,
    CircuitBreakerState to,
    String reason,
    double failureRate,
    Instant at) {
  /**
   * Checks that nothing is missing.
   *
   * @param breaker the breaker's name
   * @param from the state left
   * @param to the state entered
   * @param reason why
   * @param failureRate the judged failure rate, or -1
   * @param at when
   * @throws NullPointerException if a component is {@code null}
   */
  public StateTransition {
    Objects.requireNonNull(breaker, "breaker");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(at, "at");
  }
}
