package dev.levee.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A deliberately simple, sequential reference model of the breaker's documented behaviour: lists
 * instead of rings, loops instead of packed counters. {@link CircuitBreakerModelProperties} checks
 * the real breaker against it step by step.
 */
final class BreakerModel {
  /** A permit as the model sees it. */
  record Permit(int generation, int slot, int ticket) {}

  private record Outcome(long at, boolean failure, boolean slow) {}

  private record Probe(int ticket, long acquiredAt) {}

  private final CircuitBreakerConfig config;
  private final long slowNanos;
  private long now;

  CircuitBreakerState state = CircuitBreakerState.CLOSED;
  int generation;
  // closed / metrics only
  private final Deque<Outcome> window = new ArrayDeque<>();
  private int inARow;
  private long windowOrigin;
  // open
  private long until;
  private int reopens;
  // half-open
  private Probe[] probes;
  private int tickets;
  private int probeSuccesses;
  // totals
  long successes;
  long failures;
  long slowCalls;
  long ignored;
  long rejected;

  BreakerModel(CircuitBreakerConfig config, long now) {
    this.config = config;
    this.slowNanos = config.detectsSlowCalls() ? config.slowCallDuration().toNanos() : 0;
    this.now = now;
    this.windowOrigin = now;
  }

  void advance(long nanos) {
    now += nanos;
  }

  CircuitBreakerState state() {
    if (state == CircuitBreakerState.OPEN && now - until >= 0) {
      enter(CircuitBreakerState.HALF_OPEN);
    }
    return state;
  }

  /** A permit, or null when rejected. */
  Permit acquire() {
    switch (state()) {
      case CLOSED:
      case METRICS_ONLY:
      case DISABLED:
        return new Permit(generation, -1, 0);
      case HALF_OPEN:
        for (int i = 0; i < probes.length; i++) {
          if (probes[i] == null) {
            probes[i] = new Probe(++tickets, now);
            return new Permit(generation, i, tickets);
          }
        }
        for (int i = 0; i < probes.length; i++) {
          if (now - probes[i].acquiredAt() >= config.halfOpenMaxWait().toNanos()) {
            probes[i] = new Probe(++tickets, now);
            return new Permit(generation, i, tickets);
          }
        }
        rejected++;
        return null;
      default:
        rejected++;
        return null;
    }
  }

  void outcome(Permit p, long nanos, boolean failure) {
    boolean slow = slowNanos != 0 && nanos >= slowNanos;
    if (state != CircuitBreakerState.DISABLED) {
      if (failure) {
        failures++;
      } else {
        successes++;
      }
      if (slow) {
        slowCalls++;
      }
    }
    if (p.generation() != generation) {
      return; // stale
    }
    switch (state) {
      case CLOSED:
      case METRICS_ONLY:
        boolean trip = record(failure, slow);
        if (trip && state == CircuitBreakerState.CLOSED) {
          enter(CircuitBreakerState.OPEN);
        }
        break;
      case HALF_OPEN:
        if (!free(p)) {
          return;
        }
        if (failure || slow) {
          reopens++;
          enterOpen(reopens);
        } else if (++probeSuccesses >= config.successThreshold()) {
          enter(CircuitBreakerState.CLOSED);
        }
        break;
      default:
        break;
    }
  }

  void ignore(Permit p, boolean count) {
    if (count && state != CircuitBreakerState.DISABLED) {
      ignored++;
    }
    if (p.generation() == generation && state == CircuitBreakerState.HALF_OPEN) {
      free(p);
    }
  }

  private boolean free(Permit p) {
    Probe held = probes[p.slot()];
    if (held != null && held.ticket() == p.ticket()) {
      probes[p.slot()] = null;
      return true;
    }
    return false;
  }

  /** Records into the window; returns whether the rule says open. */
  private boolean record(boolean failure, boolean slow) {
    switch (config.tripMode()) {
      case CONSECUTIVE_FAILURES:
        inARow = failure ? inARow + 1 : 0;
        return failure && inARow >= config.failureThreshold();
      case COUNT_WINDOW:
        window.addLast(new Outcome(now, failure, slow));
        if (window.size() > config.windowSize()) {
          window.removeFirst();
        }
        break;
      default:
        window.addLast(new Outcome(now, failure, slow));
        break;
    }
    if (!failure && !slow) {
      return false;
    }
    long[] c = windowCounts();
    long calls = c[0];
    return calls >= config.minimumCalls()
        && (c[1] * 100.0 >= config.failureRateThreshold() * calls
            || (slowNanos != 0 && c[2] * 100.0 >= config.slowCallRateThreshold() * calls));
  }

  /** {calls, failures, slow} of the current window. */
  long[] windowCounts() {
    if (state != CircuitBreakerState.CLOSED && state != CircuitBreakerState.METRICS_ONLY) {
      return new long[3];
    }
    if (config.tripMode() == TripMode.CONSECUTIVE_FAILURES) {
      return new long[] {inARow, inARow, 0};
    }
    List<Outcome> in = new ArrayList<>(window);
    if (config.tripMode() == TripMode.TIME_WINDOW) {
      long bucket = config.bucketDuration().toNanos();
      long buckets = config.windowDuration().toNanos() / bucket;
      long current = Math.floorDiv(now - windowOrigin, bucket);
      in.removeIf(o -> Math.floorDiv(o.at() - windowOrigin, bucket) <= current - buckets);
    }
    long calls = in.size();
    long failed = in.stream().filter(Outcome::failure).count();
    long slow = in.stream().filter(Outcome::slow).count();
    return new long[] {calls, failed, slow};
  }

  /** A manual transition from the time-aware state; whether the state changed. */
  boolean manual(CircuitBreakerState to) {
    if (state() == to) {
      return false;
    }
    if (to == CircuitBreakerState.HALF_OPEN) {
      reopens = 0; // a manual half-open starts the backoff afresh
    }
    if (to == CircuitBreakerState.OPEN) {
      enterOpen(0);
    } else {
      enter(to);
    }
    return true;
  }

  private void enter(CircuitBreakerState to) {
    if (to == CircuitBreakerState.OPEN) {
      enterOpen(0);
      return;
    }
    generation++;
    state = to;
    window.clear();
    inARow = 0;
    windowOrigin = now;
    if (to == CircuitBreakerState.HALF_OPEN) {
      probes = new Probe[config.halfOpenMaxCalls()];
      probeSuccesses = 0;
      // reopens carry over from OPEN (only a manual transition starts them at zero)
    } else {
      reopens = 0;
    }
  }

  private void enterOpen(int reopenCount) {
    generation++;
    state = CircuitBreakerState.OPEN;
    reopens = reopenCount;
    until = now + config.openNanos(reopenCount);
  }

  int probesInFlight() {
    if (state != CircuitBreakerState.HALF_OPEN) {
      return 0;
    }
    int n = 0;
    for (Probe p : probes) {
      if (p != null) {
        n++;
      }
    }
    return n;
  }
}
