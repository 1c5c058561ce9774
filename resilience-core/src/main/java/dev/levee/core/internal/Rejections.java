package dev.levee.core.internal;

import dev.levee.common.internal.ListenerList;
import dev.levee.core.RejectionListener;
import org.slf4j.Logger;

/**
 * Tells a primitive's {@link RejectionListener}s of a rejection, the same way for every primitive
 * that refuses calls (rate limiter, keyed rate limiter, throttle, bulkhead, adaptive limiter): on
 * the caller's thread, each in turn, a listener that throws logged and skipped. Allocation-free
 * (the listeners are an array snapshot).
 */
public final class Rejections {
  private Rejections() {}

  /**
   * Tells every listener that {@code name} refused a call.
   *
   * @param listeners the primitive's listeners
   * @param log the primitive's logger, for a listener that throws
   * @param component the primitive's kind, as in its log lines
   * @param name the primitive's name
   */
  public static void tell(
      ListenerList<RejectionListener> listeners, Logger log, String component, String name) {
    for (RejectionListener l : listeners.snapshot()) {
      try {
        l.onRejected(name);
      } catch (RuntimeException e) {
        ListenerList.failed(log, component, name, l, e);
      }
    }
  }
}
