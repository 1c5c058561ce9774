package dev.levee.core.internal;

import dev.levee.core.CircuitBreakerState;
import java.time.Instant;

/**
 * OPEN (rejects until {@code until}, then lets the first caller move the breaker to half-open) or
 * FORCED_OPEN (rejects until a manual transition, without reading the clock).
 */
final class OpenState extends State {
  private final long until;
  private final int reopens;

  OpenState(
      int generation,
      CircuitBreakerState kind,
      long until,
      int reopens,
      Instant enteredAt,
      long enteredNanos) {
    super(generation, kind, enteredAt, enteredNanos);
    this.until = until;
    this.reopens = reopens;
  }

  @Override
  long acquire(BreakerMachine machine) {
    if (kind == CircuitBreakerState.FORCED_OPEN || machine.ticker.read() - until < 0) {
      return machine.reject(this);
    }
    return machine.toHalfOpen(this).acquire(machine);
  }

  boolean expired(long now) {
    return kind == CircuitBreakerState.OPEN && now - until >= 0;
  }

  @Override
  void onOutcome(BreakerMachine machine, long permit, boolean failure, boolean slow) {
    // No permit carries an open state's generation: nothing to judge.
  }

  @Override
  long openUntil() {
    return kind == CircuitBreakerState.OPEN ? until : Long.MIN_VALUE;
  }

  @Override
  int reopens() {
    return reopens;
  }
}
