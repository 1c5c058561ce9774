package dev.levee.config.internal;

import dev.levee.config.LeveeConfig;
import dev.levee.core.AdaptiveLimiter;
import dev.levee.core.AdaptiveLimiterConfig;
import dev.levee.core.Bulkhead;
import dev.levee.core.BulkheadConfig;
import dev.levee.core.CircuitBreaker;
import dev.levee.core.CircuitBreakerConfig;
import dev.levee.core.Hedge;
import dev.levee.core.HedgeConfig;
import dev.levee.core.Pipeline;
import dev.levee.core.RateLimiter;
import dev.levee.core.RateLimiterConfig;
import dev.levee.core.Registry;
import dev.levee.core.Retry;
import dev.levee.core.RetryConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the configuration's named pipelines from a runtime's registries: each stage is the
 * registry's instance of that name (created from the defaults for {@code default}), so pipelines
 * that name the same instance share it, its state and its metrics.
 */
public final class PipelineAssembly {
  private PipelineAssembly() {}

  /**
   * Builds every pipeline.
   *
   * @param config the configuration, whose names were checked when it was read
   * @param breakers the circuit breakers
   * @param retries the retries
   * @param limiters the rate limiters
   * @param bulkheads the bulkheads
   * @param adaptiveLimiters the adaptive limiters
   * @param hedges the hedges
   * @return the pipelines by name, in the order configured (unmodifiable)
   */
  public static Map<String, Pipeline> build(
      LeveeConfig config,
      Registry<CircuitBreaker, CircuitBreakerConfig> breakers,
      Registry<Retry, RetryConfig> retries,
      Registry<RateLimiter, RateLimiterConfig> limiters,
      Registry<Bulkhead, BulkheadConfig> bulkheads,
      Registry<AdaptiveLimiter, AdaptiveLimiterConfig> adaptiveLimiters,
      Registry<Hedge, HedgeConfig> hedges) {
    Map<String, Pipeline> out = new LinkedHashMap<>();
    for (LeveeConfig.PipelineSpec spec : config.pipelines().values()) {
      Pipeline.Builder b = Pipeline.builder(spec.name());
      if (spec.timeout() != null) {
        b.timeout(spec.timeout());
      }
      if (spec.retry() != null) {
        b.retry(retries.getOrCreate(spec.retry()));
      }
      if (spec.circuitBreaker() != null) {
        b.circuitBreaker(breakers.getOrCreate(spec.circuitBreaker()));
      }
      if (spec.rateLimiter() != null) {
        b.rateLimiter(limiters.getOrCreate(spec.rateLimiter()));
      }
      if (spec.bulkhead() != null) {
        b.bulkhead(bulkheads.getOrCreate(spec.bulkhead()));
      }
      if (spec.adaptiveLimiter() != null) {
        b.adaptiveLimiter(adaptiveLimiters.getOrCreate(spec.adaptiveLimiter()));
      }
      if (spec.hedge() != null) {
        b.hedge(hedges.getOrCreate(spec.hedge()));
      }
      out.put(spec.name(), b.build());
    }
    return Collections.unmodifiableMap(out);
  }
}
