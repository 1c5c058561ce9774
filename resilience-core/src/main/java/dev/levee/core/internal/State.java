package dev.levee.core.internal;

import dev.levee.core.CallNotPermittedException;
import dev.levee.core.CircuitBreakerState;
import java.time.Instant;

/**
 * One period of a breaker's life: immutable apart from its own counters, replaced as a whole by a
 * compare-and-set on every transition. A state object is never reused, so outcomes that arrive
 * after it was replaced (stale permits) can only touch a discarded object, never the new state.
 */
abstract class State {
  final int generation;
  final CircuitBreakerState kind;
  final Instant enteredAt;
  final long enteredNanos;

  /** Created lazily by the first rejection; all rejections of this period share it. */
  private volatile CallNotPermittedException rejection;

  State(int generation, CircuitBreakerState kind, Instant enteredAt, long enteredNanos) {
    this.generation = generation;
    this.kind = kind;
    this.enteredAt = enteredAt;
    this.enteredNanos = enteredNanos;
  }

  /** Decides a call: a permit, or {@link Permits#NOT_PERMITTED}. */
  abstract long acquire(BreakerMachine machine);

  /** Judges the outcome of a call this state permitted. */
  abstract void onOutcome(BreakerMachine machine, long permit, boolean failure, boolean slow);

  /** Frees a permit whose outcome is not judged (ignored or cancelled). */
  void release(long permit) {}

  /** The window this state records into, or {@code null}. */
  Window window() {
    return null;
  }

  /** Whether outcomes are counted in the breaker's totals in this state. */
  boolean counts() {
    return true;
  }

  /** The ticker reading when probes may pass, or {@link Long#MIN_VALUE} if none. */
  long openUntil() {
    return Long.MIN_VALUE;
  }

  /** How many consecutive re-opens led here (for the open-duration backoff). */
  int reopens() {
    return 0;
  }

  CallNotPermittedException rejection(BreakerMachine machine) {
    CallNotPermittedException e = rejection;
    if (e == null) {
      e =
          machine.rejections.create(
              machine.name, kind, openUntil(), machine.ticker, machine.clock.instant());
      rejection = e; // a racing duplicate is harmless
    }
    return e;
  }
}
