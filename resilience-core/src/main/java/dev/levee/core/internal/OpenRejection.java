package dev.levee.core.internal;

import dev.levee.core.CallNotPermittedException;
import dev.levee.core.CircuitBreakerState;
import dev.levee.timeouts.Ticker;
import java.time.Instant;

/**
 * Makes the rejection a breaker shares across one period. {@link CallNotPermittedException}'s
 * countdown constructor takes a raw ticker reading, which is no public API, so {@code
 * CircuitBreaker} hands the machine this factory instead.
 */
@FunctionalInterface
public interface OpenRejection {
  /**
   * Creates the period's rejection.
   *
   * @param breaker the breaker's name
   * @param state the state that rejected
   * @param openUntil the ticker reading when probes may pass, or {@link Long#MIN_VALUE} if none
   * @param ticker the breaker's ticker
   * @param timestamp when the period began
   * @return the exception
   */
  CallNotPermittedException create(
      String breaker, CircuitBreakerState state, long openUntil, Ticker ticker, Instant timestamp);
}
