package dev.levee.core.internal;

import dev.levee.core.CircuitBreakerState;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * HALF_OPEN: at most {@code halfOpenMaxCalls} probes at once, each holding a slot; {@code
 * successThreshold} successes close the breaker, a failure or slow call opens it again.
 *
 * <p>A probe whose caller never reports back (a lost permit, a hung call) would hold its slot
 * forever and the breaker would stick half-open (Resilience4j #935, #2093; Failsafe #391). So a
 * slot held for {@code halfOpenMaxWait} is reclaimed by the next caller that finds no free slot;
 * the late outcome of the reclaimed probe no longer matches its slot's ticket and is dropped.
 * Acquiring a probe allocates one small object: half-open admits a handful of calls, and the exact
 * acquisition time it records keeps reclaiming precise.
 */
final class HalfOpenState extends State {
  private final AtomicReferenceArray<Probe> slots;
  private final AtomicInteger tickets = new AtomicInteger();
  private final AtomicInteger successes = new AtomicInteger();
  private final int reopens;
  private final long maxWaitNanos;
  private final int successThreshold;

  HalfOpenState(
      int generation,
      int maxCalls,
      int successThreshold,
      long maxWaitNanos,
      int reopens,
      Instant enteredAt,
      long enteredNanos) {
    super(generation, CircuitBreakerState.HALF_OPEN, enteredAt, enteredNanos);
    this.slots = new AtomicReferenceArray<>(maxCalls);
    this.successThreshold = successThreshold;
    this.maxWaitNanos = maxWaitNanos;
    this.reopens = reopens;
  }

  @Override
  long acquire(BreakerMachine machine) {
    long now = machine.ticker.read();
    int n = slots.length();
    for (int i = 0; i < n; i++) {
      if (slots.get(i) == null) {
        Probe probe = new Probe(nextTicket(), now);
        if (slots.compareAndSet(i, null, probe)) {
          return Permits.probe(generation, i, probe.ticket);
        }
      }
    }
    for (int i = 0; i < n; i++) {
      Probe held = slots.get(i);
      if (held != null && now - held.acquiredAt >= maxWaitNanos) {
        Probe probe = new Probe(nextTicket(), now);
        if (slots.compareAndSet(i, held, probe)) {
          machine.reclaimed();
          return Permits.probe(generation, i, probe.ticket);
        }
      }
    }
    return machine.reject(this);
  }

  private int nextTicket() {
    return tickets.incrementAndGet() & 0x7fff_ffff;
  }

  /** Frees the permit's slot; {@code false} if the slot was reclaimed from it. */
  private boolean free(long permit) {
    int i = Permits.slot(permit);
    if (i < 0 || i >= slots.length()) {
      return false;
    }
    Probe held = slots.get(i);
    return held != null
        && held.ticket == Permits.ticket(permit)
        && slots.compareAndSet(i, held, null);
  }

  @Override
  void onOutcome(BreakerMachine machine, long permit, boolean failure, boolean slow) {
    if (!free(permit)) {
      return; // reclaimed while it ran: stale
    }
    if (failure || slow) {
      machine.reopen(this, failure ? "a probe call failed" : "a probe call was slow");
    } else if (successes.incrementAndGet() >= successThreshold) {
      machine.close(this, successThreshold + " probe calls succeeded");
    }
  }

  @Override
  void release(long permit) {
    free(permit);
  }

  @Override
  int reopens() {
    return reopens;
  }

  /** Probes in flight now. */
  int inFlight() {
    int n = 0;
    for (int i = 0; i < slots.length(); i++) {
      if (slots.get(i) != null) {
        n++;
      }
    }
    return n;
  }

  /** Probe successes so far. */
  int successes() {
    return successes.get();
  }

  private static final class Probe {
    final int ticket;
    final long acquiredAt;

    Probe(int ticket, long acquiredAt) {
      this.ticket = ticket;
      this.acquiredAt = acquiredAt;
    }
  }
}
