package dev.levee.core.internal;

import dev.levee.core.CircuitBreakerListener;
import dev.levee.core.CircuitBreakerState;
import dev.levee.core.StateTransition;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLongArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * What a breaker tells the world: transition counts, one structured log line per transition, and
 * its listeners. Listeners live in a copy-on-write array swapped by CAS (no lock); with none
 * registered, reporting a rejection reads one array and allocates nothing, and a transition creates
 * its event object only when someone listens.
 */
final class BreakerEvents {
  private static final Logger LOG = LoggerFactory.getLogger("dev.levee.core.CircuitBreaker");
  private static final VarHandle LISTENERS;
  private static final CircuitBreakerListener[] NONE = {};
  private static final int KINDS = CircuitBreakerState.values().length;

  static {
    try {
      LISTENERS =
          MethodHandles.lookup()
              .findVarHandle(BreakerEvents.class, "listeners", CircuitBreakerListener[].class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final String name;
  private final AtomicLongArray transitions = new AtomicLongArray(KINDS * KINDS);
  private volatile CircuitBreakerListener[] listeners = NONE;

  BreakerEvents(String name) {
    this.name = name;
  }

  void rejected(CircuitBreakerState state) {
    for (CircuitBreakerListener l : listeners) {
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
    CircuitBreakerListener[] ls = listeners;
    if (ls.length == 0) {
      return;
    }
    StateTransition event =
        new StateTransition(name, from.kind, to.kind, reason, rate, to.enteredAt);
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
    while (true) {
      CircuitBreakerListener[] now = listeners;
      CircuitBreakerListener[] next = Arrays.copyOf(now, now.length + 1);
      next[now.length] = listener;
      if (LISTENERS.compareAndSet(this, now, next)) {
        return;
      }
    }
  }

  boolean remove(CircuitBreakerListener listener) {
    while (true) {
      CircuitBreakerListener[] now = listeners;
      int at = Arrays.asList(now).indexOf(listener);
      if (at < 0) {
        return false;
      }
      CircuitBreakerListener[] next = new CircuitBreakerListener[now.length - 1];
      System.arraycopy(now, 0, next, 0, at);
      System.arraycopy(now, at + 1, next, at, now.length - at - 1);
      if (LISTENERS.compareAndSet(this, now, next)) {
        return true;
      }
    }
  }

  private void listenerFailed(CircuitBreakerListener listener, RuntimeException e) {
    LOG.atError()
        .addKeyValue("component", "circuitbreaker")
        .addKeyValue("name", name)
        .addKeyValue("error", e.toString())
        .setCause(e)
        .log("circuit breaker \"{}\": listener {} failed", name, listener);
  }
}
