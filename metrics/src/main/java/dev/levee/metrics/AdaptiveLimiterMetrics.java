package dev.levee.metrics;

import dev.levee.core.AdaptiveLimiter;
import dev.levee.metrics.internal.InstanceMeters;

/**
 * Meters of every adaptive limiter in a registry (what {@link LeveeMetrics} binds, and documents
 * for users). Prometheus names: {@code adaptive_limit{name}} (the limit now: watch it shrink when
 * the dependency slows down), {@code adaptive_limiter_in_flight{name}}, {@code
 * adaptive_limiter_rejected_total{name}} and {@code adaptive_limiter_dropped_total{name}} (calls
 * the dependency refused or that timed out).
 */
final class AdaptiveLimiterMetrics {
  private AdaptiveLimiterMetrics() {}

  static void register(InstanceMeters<AdaptiveLimiter>.Scope m, String name, AdaptiveLimiter l) {
    m.gauge("adaptive.limit", "Calls allowed in flight now, as measured", null, l, x -> x.limit());
    m.gauge("adaptive.limiter.in.flight", "Calls in flight now", null, l, x -> x.inFlight());
    m.counter(
        "adaptive.limiter.rejected", "Calls rejected at the limit", l, x -> x.rejectedCount());
    m.counter(
        "adaptive.limiter.dropped",
        "Calls the dependency refused or that timed out",
        l,
        x -> x.droppedCount());
  }
}
