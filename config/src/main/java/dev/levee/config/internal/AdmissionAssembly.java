package dev.levee.config.internal;

import dev.levee.config.AdmissionSpec;
import dev.levee.core.AdaptiveLimiter;
import dev.levee.core.AdaptiveLimiterConfig;
import dev.levee.core.RateLimiter;
import dev.levee.core.RateLimiterConfig;
import dev.levee.core.Registry;
import dev.levee.http.admission.Admission;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the configuration's named admission controls from a runtime's registries: each limiter is
 * the registry's instance of that name (made from the defaults for {@code default}), so its limit,
 * state and metrics are the registry's.
 */
public final class AdmissionAssembly {
  private AdmissionAssembly() {}

  /**
   * Builds every admission control.
   *
   * @param specs the specifications, whose names were checked when they were read
   * @param adaptiveLimiters the adaptive limiters
   * @param rateLimiters the rate limiters
   * @return the admission controls by name, in the order configured (unmodifiable)
   */
  public static Map<String, Admission> build(
      Map<String, AdmissionSpec> specs,
      Registry<AdaptiveLimiter, AdaptiveLimiterConfig> adaptiveLimiters,
      Registry<RateLimiter, RateLimiterConfig> rateLimiters) {
    Map<String, Admission> out = new LinkedHashMap<>();
    for (AdmissionSpec spec : specs.values()) {
      AdaptiveLimiter limiter =
          spec.adaptiveLimiter() == null
              ? null
              : adaptiveLimiters.getOrCreate(spec.adaptiveLimiter());
      RateLimiter rate =
          spec.rateLimiter() == null ? null : rateLimiters.getOrCreate(spec.rateLimiter());
      out.put(spec.name(), spec.toBuilder(limiter, rate).build());
    }
    return Collections.unmodifiableMap(out);
  }
}
