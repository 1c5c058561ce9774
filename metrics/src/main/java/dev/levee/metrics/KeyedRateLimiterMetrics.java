package dev.levee.metrics;

import dev.levee.core.KeyedRateLimiter;
import dev.levee.metrics.internal.InstanceMeters;

/**
 * Meters of every keyed rate limiter in a registry (what {@link LeveeMetrics} binds, and documents
 * for users). Prometheus names: {@code keyed_ratelimiter_requests_total{name,result}} (permitted,
 * rejected), {@code keyed_ratelimiter_keys{name}} (keys held now), {@code
 * keyed_ratelimiter_evicted_total{name}} (idle keys evicted) and {@code
 * keyed_ratelimiter_overflowed_total{name}} (new keys that found the limiter full). Keys never
 * become tags: their number is unbounded.
 */
final class KeyedRateLimiterMetrics {
  private KeyedRateLimiterMetrics() {}

  static <K> void register(
      InstanceMeters<KeyedRateLimiter<K>>.Scope m, String name, KeyedRateLimiter<K> l) {
    String d = "Requests by result";
    m.counter("keyed_ratelimiter.requests", d, l, x -> x.permittedCount(), "result", "permitted");
    m.counter("keyed_ratelimiter.requests", d, l, x -> x.rejectedCount(), "result", "rejected");
    m.gauge("keyed_ratelimiter.keys", "Keys held now", null, l, x -> x.keyCount());
    m.counter("keyed_ratelimiter.evicted", "Idle keys evicted", l, x -> x.evictedCount());
    m.counter(
        "keyed_ratelimiter.overflowed",
        "New keys that found the limiter full and no key idle",
        l,
        x -> x.overflowedCount());
  }
}
