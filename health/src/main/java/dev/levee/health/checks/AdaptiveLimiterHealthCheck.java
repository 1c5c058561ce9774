package dev.levee.health.checks;

import dev.levee.core.AdaptiveLimiter;
import dev.levee.core.AdaptiveLimiterConfig;
import dev.levee.core.Registry;
import dev.levee.health.HealthCheck;
import dev.levee.health.HealthResult;
import dev.levee.health.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Shows a registry's adaptive limiters in health, and judges them: each limiter's limit, calls in
 * flight, rejections and drops are in the data ({@code db.limit: 12}, {@code db.in_flight: 7},
 * {@code db.rejected: 40}, {@code db.dropped: 3}); the check is DEGRADED while a limiter is held at
 * its minimum limit and refused calls since the check before, UP otherwise.
 *
 * <p>Why DEGRADED and never DOWN: a limiter at its minimum means the dependency behind it answers
 * as slowly as it ever has, or refuses work, for every instance at once; taking this instance out
 * of the load balancer would not help it (as with an open circuit breaker). A limiter that is
 * merely below its starting limit is doing its job and is UP.
 *
 * <p>Thread-safe; reading a limiter takes no lock and costs its calls nothing.
 */
// Names dev.levee.core's types, which this module does not pass on (requires, not requires
// transitive): whoever has a limiter to check reads dev.levee.core already.
@SuppressWarnings("exports")
public final class AdaptiveLimiterHealthCheck implements HealthCheck {
  private final Registry<AdaptiveLimiter, AdaptiveLimiterConfig> limiters;
  private final Map<String, Long> rejectedBefore = new ConcurrentHashMap<>();

  private AdaptiveLimiterHealthCheck(Registry<AdaptiveLimiter, AdaptiveLimiterConfig> limiters) {
    this.limiters = limiters;
  }

  /**
   * A check of every limiter in {@code limiters}, now and later.
   *
   * @param limiters the registry
   * @return the check
   */
  public static AdaptiveLimiterHealthCheck of(
      Registry<AdaptiveLimiter, AdaptiveLimiterConfig> limiters) {
    return new AdaptiveLimiterHealthCheck(Objects.requireNonNull(limiters, "limiters"));
  }

  @Override
  public HealthResult check() {
    List<String> reasons = new ArrayList<>();
    Map<String, Object> data = new TreeMap<>();
    Map<String, AdaptiveLimiter> all = new TreeMap<>(limiters.all());
    rejectedBefore.keySet().retainAll(all.keySet());
    for (Map.Entry<String, AdaptiveLimiter> e : all.entrySet()) {
      String name = e.getKey();
      AdaptiveLimiter limiter = e.getValue();
      int limit = limiter.limit();
      long rejected = limiter.rejectedCount();
      data.put(name + ".limit", limit);
      data.put(name + ".in_flight", limiter.inFlight());
      data.put(name + ".rejected", rejected);
      data.put(name + ".dropped", limiter.droppedCount());
      Long before = rejectedBefore.put(name, rejected);
      long refusedSince = rejected - (before == null ? 0 : before);
      if (limit <= limiter.config().minLimit() && refusedSince > 0) {
        reasons.add(
            name
                + " is held at its minimum limit "
                + limit
                + " and refused "
                + refusedSince
                + (refusedSince == 1 ? " call" : " calls")
                + " since the last check");
      }
    }
    // Keys are limiter names with a suffix, values numbers: nothing to mask.
    return HealthResult.of(
            reasons.isEmpty() ? Status.UP : Status.DEGRADED,
            reasons.isEmpty() ? null : "adaptive limiter " + String.join("; ", reasons))
        .withNamedData(data);
  }
}
