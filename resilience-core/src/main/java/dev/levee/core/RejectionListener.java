package dev.levee.core;

/**
 * Observes the requests a {@link RateLimiter}, {@link Bulkhead} or {@link AdaptiveThrottle} turns
 * away. Registered with the primitive's {@code addListener}, like every Levee listener. Called on
 * the rejected caller's thread, before the rejection is thrown: must be quick, thread-safe and must
 * not throw (an exception is logged and the other listeners still run). With no listener
 * registered, a rejection costs one array read.
 */
@FunctionalInterface
public interface RejectionListener {
  /**
   * A request was rejected.
   *
   * @param name the primitive's name
   */
  void onRejected(String name);
}
