package dev.levee.core.internal;

import dev.levee.common.internal.ListenerList;
import dev.levee.core.CircuitBreakerListener;
import dev.levee.core.CircuitBreakerState;
import dev.levee.core.StateTransition;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLongArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * What a breaker tells the world: transition counts, one structured log line per transition, and
 * its listeners. Listeners live in a {@link ListenerList}; with none registered, reporting a
 * rejection reads one array and allocates nothing, and a transition creates its event object only
 * when someone listens.
 */
final class BreakerEvents {
  private static final Logger LOG = LoggerFactory.getLogger("dev.levee.core.CircuitBreaker");
  private static final int KINDS = CircuitBreakerState.values().length;

  private final String name;
  private final AtomicLongArray transitions = new AtomicLongArray(KINDS * KINDS);
  private final ListenerList<CircuitBreakerListener> listeners =
      new ListenerList<>(new CircuitBreakerListener[0]);

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
    CircuitBreakerListener[] ls = listeners.snapshot();
    if (ls.length == 0) {
      return;
    }
    StateTransition event =
        StateTransition.builder()
            .breaker(name)
            .from(from.kind)
            .to(to.kind)
            .reason(reason)
            .failureRate(rate)
            .at(to.enteredAt)
            .build();
    for (CircuitBreakerListener l : ls) {
      try {
        l.onTransition(event);
      } catch (RuntimeException e) {
        listenerFailed(l, e);
      }
    }
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
