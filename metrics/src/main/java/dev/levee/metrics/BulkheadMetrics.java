package dev.levee.metrics;

import dev.levee.core.Bulkhead;
import dev.levee.metrics.internal.InstanceMeters;

/**
 * Meters of every bulkhead in a registry (what {@link LeveeMetrics} binds, and documents for
 * users). Prometheus names: {@code bulkhead_in_flight{name}}, {@code bulkhead_max_allowed{name}}
 * and {@code bulkhead_rejected_total{name}}.
 */
final class BulkheadMetrics {
  private BulkheadMetrics() {}

  static void register(InstanceMeters<Bulkhead>.Scope m, String name, Bulkhead b) {
    m.gauge("bulkhead.in.flight", "Calls in flight now", null, b, x -> x.inFlight());
    m.gauge("bulkhead.max.allowed", "Calls allowed at once", null, b, x -> x.maxConcurrent());
    m.counter("bulkhead.rejected", "Calls rejected", b, x -> x.rejectedCount());
  }
}
