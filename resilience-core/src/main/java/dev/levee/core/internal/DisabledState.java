package dev.levee.core.internal;

import dev.levee.core.CircuitBreakerState;
import java.time.Instant;

/** DISABLED: every call passes and nothing is recorded, not even in the totals. */
final class DisabledState extends State {
  private final long permit;

  DisabledState(int generation, Instant enteredAt, long enteredNanos) {
    super(generation, CircuitBreakerState.DISABLED, enteredAt, enteredNanos);
    this.permit = Permits.of(generation);
  }

  @Override
  long acquire(BreakerMachine machine) {
    return permit;
  }

  @Override
  void onOutcome(BreakerMachine machine, long permit, boolean failure, boolean slow) {}

  @Override
  boolean counts() {
    return false;
  }
}
