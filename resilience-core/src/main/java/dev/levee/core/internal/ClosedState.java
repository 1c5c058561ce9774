package dev.levee.core.internal;

import dev.levee.core.CircuitBreakerState;
import java.time.Instant;

/** CLOSED (records and trips) or METRICS_ONLY (records, never trips). */
final class ClosedState extends State {
  private final Window window;
  private final long permit;

  ClosedState(
      int generation,
      CircuitBreakerState kind,
      Window window,
      Instant enteredAt,
      long enteredNanos) {
    super(generation, kind, enteredAt, enteredNanos);
    this.window = window;
    this.permit = Permits.of(generation);
  }

  @Override
  long acquire(BreakerMachine machine) {
    return permit;
  }

  @Override
  void onOutcome(BreakerMachine machine, long permit, boolean failure, boolean slow) {
    if (window.record(failure, slow) && kind == CircuitBreakerState.CLOSED) {
      machine.trip(this);
    }
  }

  @Override
  Window window() {
    return window;
  }
}
