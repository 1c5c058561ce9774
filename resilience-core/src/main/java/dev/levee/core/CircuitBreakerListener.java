package dev.levee.core;

/**
 * Observes a {@link CircuitBreaker}. Both methods have empty defaults; implement what you need.
 * Called on the thread that caused the event, after the breaker's own state and counters are
 * updated; must be quick, thread-safe and must not throw (an exception is logged and ignored). A
 * breaker without listeners creates no event objects.
 */
public interface CircuitBreakerListener {
  /**
   * The breaker changed state; called once per transition, by the thread that made it.
   *
   * @param transition what changed
   */
  default void onTransition(StateTransition transition) {}

  /**
   * The breaker rejected a call. Called on the hot path of an open breaker: no allocation is made
   * for it.
   *
   * @param breaker the breaker's name
   * @param state the state that rejected
   */
  default void onRejected(String breaker, CircuitBreakerState state) {}
}
