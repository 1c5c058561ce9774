package dev.levee.common.internal;

import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;

/**
 * The listeners of one primitive: a copy-on-write array swapped by CAS, so adding and removing take
 * no lock and reporting an event reads one array and allocates nothing (iterating an array needs no
 * iterator object, unlike {@link java.util.concurrent.CopyOnWriteArrayList}). Every primitive keeps
 * its listeners here, so they all behave alike: registration order, duplicates allowed, {@code
 * remove} takes out one registration.
 *
 * @param <L> the listener type
 */
public final class ListenerList<L> {
  private final AtomicReference<L[]> listeners;

  /**
   * Creates an empty list.
   *
   * @param none an empty array of the listener type
   */
  public ListenerList(L[] none) {
    if (none.length != 0) {
      throw new IllegalArgumentException("none must be empty");
    }
    this.listeners = new AtomicReference<>(none);
  }

  /**
   * The listeners now, in registration order. The array is shared: never write to it.
   *
   * @return the listeners
   */
  public L[] snapshot() {
    return listeners.get();
  }

  /**
   * Adds a listener.
   *
   * @param listener the listener
   */
  public void add(L listener) {
    Objects.requireNonNull(listener, "listener");
    while (true) {
      L[] now = listeners.get();
      L[] next = Arrays.copyOf(now, now.length + 1);
      next[now.length] = listener;
      if (listeners.compareAndSet(now, next)) {
        return;
      }
    }
  }

  /**
   * Removes the first registration of a listener.
   *
   * @param listener the listener
   * @return whether it was registered
   */
  public boolean remove(L listener) {
    while (true) {
      L[] now = listeners.get();
      int at = Arrays.asList(now).indexOf(listener);
      if (at < 0) {
        return false;
      }
      L[] next = Arrays.copyOf(now, now.length - 1);
      System.arraycopy(now, at + 1, next, at, now.length - at - 1);
      if (listeners.compareAndSet(now, next)) {
        return true;
      }
    }
  }

  /**
   * Logs a listener that threw: the event goes on to the other listeners, and the call that caused
   * it is not disturbed.
   *
   * @param log the primitive's logger
   * @param component the primitive's kind, as in log lines ({@code retry}, {@code bulkhead})
   * @param name the primitive's name
   * @param listener the listener that threw
   * @param e what it threw
   */
  public static void failed(
      Logger log, String component, String name, Object listener, RuntimeException e) {
    log.atError()
        .addKeyValue("component", component)
        .addKeyValue("name", name)
        .addKeyValue("error", e.toString())
        .setCause(e)
        .log("{} \"{}\": listener {} failed", component, name, listener);
  }
}
