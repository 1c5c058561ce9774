package dev.levee.metrics;

import dev.levee.core.RateLimiter;
import dev.levee.metrics.internal.InstanceMeters;

/**
 * Meters of every rate limiter in a registry (what {@link LeveeMetrics} binds, and documents for
 * users). Prometheus names: {@code ratelimiter_requests_total{name,result}} (permitted, rejected)
 * and {@code ratelimiter_available_permits{name}} (reading it reads the limiter's clock).
 */
final class RateLimiterMetrics {
  private RateLimiterMetrics() {}

  static void register(InstanceMeters<RateLimiter>.Scope m, String name, RateLimiter l) {
    m.counter(
        "ratelimiter.requests",
        "Requests by result",
        l,
        x -> x.permittedCount(),
        "result",
        "permitted");
    m.counter(
        "ratelimiter.requests",
        "Requests by result",
        l,
        x -> x.rejectedCount(),
        "result",
        "rejected");
    m.gauge(
        "ratelimiter.available.permits",
        "Permits available now",
        null,
        l,
        x -> x.availablePermits());
  }
}
