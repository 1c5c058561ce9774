package dev.levee.core.internal;

import dev.levee.common.internal.ListenerList;
import dev.levee.core.CircuitBreaker;
import dev.levee.core.CircuitBreakerListener;
import dev.levee.core.CircuitBreakerState;
import dev.levee.core.StateTransition;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * What a breaker tells the world: transition counts, one structured log line per transition, its
 * listeners, and its last {@value #HISTORY} transitions. Listeners live in a {@link ListenerList};
 * with none registered, reporting a rejection reads one array and allocates nothing. A transition
 * (rare, and already logged) makes its event object whether or not anyone listens, to keep it in
 * the history that a status page reads: a copy-on-write array of at most {@value #HISTORY} entries
 * swapped by CAS, so reading it takes no lock and calls never touch it.
 */
final class BreakerEvents {
  private static final Logger LOG = LoggerFactory.getLogger("dev.levee.core.CircuitBreaker");
  private static final int KINDS = CircuitBreakerState.values().length;

  /** How many transitions the history keeps. */
  static final int HISTORY = CircuitBreaker.TRANSITION_HISTORY;

  private final String name;
  private final AtomicLongArray transitions = new AtomicLongArray(KINDS * KINDS);
  private final ListenerList<CircuitBreakerListener> listeners =
      new ListenerList<>(new CircuitBreakerListener[0]);
  private final AtomicReference<StateTransition[]> history =
      new AtomicReference<>(new StateTransition[0]);

  BreakerEvents(String name) {
    this.name = name;
  }

  void rejected(CircuitBreakerState state) {
    for (CircuitBreakerListener l : listeners.snapshot()) {
      try {
        l.onRejected(name, state);
      } catch (RuntimeException e) {
        listenerFailed(l, e);
      }
    }
  }

  /** Runs once per transition, on the thread whose CAS installed it. */
  void transitioned(State from, State to, String reason, double rate) {
    transitions.incrementAndGet(from.kind.ordinal() * KINDS + to.kind.ordinal());
    LOG.atLevel(to.kind == CircuitBreakerState.OPEN ? Level.WARN : Level.INFO)
        .addKeyValue("component", "circuitbreaker")
        .addKeyValue("name", name)
        .addKeyValue("from", from.kind)
        .addKeyValue("to", to.kind)
        .addKeyValue("failure_rate", rate < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f", rate))
        .addKeyValue("reason", reason)
        .log("circuit breaker \"{}\": {} -> {} ({})", name, from.kind, to.kind, reason);
    StateTransition event =
        StateTransition.builder()
            .breaker(name)
            .from(from.kind)
            .to(to.kind)
            .reason(reason)
            .failureRate(rate)
            .at(to.enteredAt)
            .build();
    remember(event);
    for (CircuitBreakerListener l : listeners.snapshot()) {
      try {
        l.onTransition(event);
      } catch (RuntimeException e) {
        listenerFailed(l, e);
      }
    }
  }

  /** Appends to the history, dropping the oldest beyond {@value #HISTORY}; a pure CAS loop. */
  private void remember(StateTransition event) {
    while (true) {
      StateTransition[] now = history.get();
      int keep = Math.min(now.length, HISTORY - 1);
      StateTransition[] next = Arrays.copyOfRange(now, now.length - keep, now.length + 1);
      next[keep] = event;
      if (history.compareAndSet(now, next)) {
        return;
      }
    }
  }

  /** The last transitions, oldest first, in the order their winners recorded them. */
  List<StateTransition> history() {
    return List.of(history.get());
  }

  void reclaimed(Object maxWait) {
    LOG.atWarn()
        .addKeyValue("component", "circuitbreaker")
        .addKeyValue("name", name)
        .log(
            "circuit breaker \"{}\": reclaimed a half-open probe slot not completed within {}",
            name,
            maxWait);
  }

  long transitions(CircuitBreakerState from, CircuitBreakerState to) {
    return transitions.get(from.ordinal() * KINDS + to.ordinal());
  }

  void add(CircuitBreakerListener listener) {
    listeners.add(listener);
  }

  boolean remove(CircuitBreakerListener listener) {
    return listeners.remove(listener);
  }

  private void listenerFailed(CircuitBreakerListener listener, RuntimeException e) {
    ListenerList.failed(LOG, "circuitbreaker", name, listener, e);
  }
}
