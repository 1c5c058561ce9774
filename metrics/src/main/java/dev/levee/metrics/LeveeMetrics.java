package dev.levee.metrics;

import dev.levee.core.AdaptiveLimiter;
import dev.levee.core.AdaptiveLimiterConfig;
import dev.levee.core.Bulkhead;
import dev.levee.core.BulkheadConfig;
import dev.levee.core.CircuitBreaker;
import dev.levee.core.CircuitBreakerConfig;
import dev.levee.core.Hedge;
import dev.levee.core.HedgeConfig;
import dev.levee.core.KeyedRateLimiter;
import dev.levee.core.KeyedRateLimiterConfig;
import dev.levee.core.RateLimiter;
import dev.levee.core.RateLimiterConfig;
import dev.levee.core.Registry;
import dev.levee.core.Retry;
import dev.levee.core.RetryConfig;
import dev.levee.health.HealthMonitor;
import dev.levee.metrics.internal.InstanceMeters;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Binds Levee's primitives to Micrometer: every circuit breaker, retry, rate limiter, bulkhead and
 * adaptive limiter of the registries given (now and later: meters follow the registries' added and
 * removed instances), a health monitor's checks and groups, a time limiter's violations and an
 * in-flight tracker's hung calls.
 *
 * <pre>{@code
 * LeveeMetrics.builder()
 *     .circuitBreakers(breakers).retries(retries).rateLimiters(limiters).bulkheads(bulkheads)
 *     .health(monitor)
 *     .build()
 *     .bindTo(prometheusRegistry);
 * }</pre>
 *
 * <p>Metrics are pulled: function counters and gauges read each primitive's own counters at scrape
 * time, so binding adds no work to a call. Every meter has a description; tags are bounded (the
 * instance's {@code name} and enum values). Names use Micrometer's dot style; their Prometheus
 * forms:
 *
 * <ul>
 *   <li>circuit breakers: {@code circuitbreaker_state{name}} (0 closed, 1 open, 2 half-open, 3
 *       forced-open, 4 disabled, 5 metrics-only), {@code
 *       circuitbreaker_requests_total{name,result}} (result: successful, failed, ignored, slow,
 *       not_permitted; slow calls are also counted as successful or failed), {@code
 *       circuitbreaker_state_changes_total{name,from,to}} (the four automatic transitions), {@code
 *       circuitbreaker_failure_ratio{name}} and {@code circuitbreaker_slow_call_ratio{name}} as 0-1
 *       ratios, NaN below {@code minimumCalls} and in consecutive-failure mode;
 *   <li>retries: {@code retry_calls_total{name,result}} (successful_without_retry,
 *       successful_with_retry, failed_without_retry, failed_with_retry) and {@code
 *       retry_budget_exhausted_total{name}};
 *   <li>rate limiters: {@code ratelimiter_requests_total{name,result}} (permitted, rejected) and
 *       {@code ratelimiter_available_permits{name}} (reading it reads the limiter's clock);
 *   <li>bulkheads: {@code bulkhead_in_flight{name}}, {@code bulkhead_max_allowed{name}} and {@code
 *       bulkhead_rejected_total{name}};
 *   <li>adaptive limiters: {@code adaptive_limit{name}}, {@code adaptive_limiter_in_flight{name}},
 *       {@code adaptive_limiter_rejected_total{name}} and {@code
 *       adaptive_limiter_dropped_total{name}};
 *   <li>keyed rate limiters: {@code keyed_ratelimiter_requests_total{name,result}} (permitted,
 *       rejected), {@code keyed_ratelimiter_keys{name}}, {@code
 *       keyed_ratelimiter_evicted_total{name}} and {@code
 *       keyed_ratelimiter_overflowed_total{name}};
 *   <li>hedges: {@code hedge_calls_total{name}}, {@code hedge_sent_total{name}}, {@code
 *       hedge_won_total{name}}, {@code hedge_budget_exhausted_total{name}} and {@code
 *       hedge_delay_seconds{name}};
 *   <li>health, time limiters, Raft and admission control: see {@link HealthMetrics}, {@link
 *       TimeLimiterMetrics}, {@link RaftMetrics} and {@link AdmissionMetrics}, which can also be
 *       bound on their own.
 * </ul>
 *
 * <p>{@link Builder#prefix(String)} puts a common prefix before every name; {@link
 * Builder#rename(String, String)} renames a family.
 *
 * <p>{@code levee-health} is optional: {@link Builder#health} and {@link Builder#raft} (and {@link
 * HealthMetrics}, {@link RaftMetrics}) need it on the class path, and are the only parts that do.
 *
 * <p>Counters hold their primitives weakly, as Micrometer's function counters do: keep the Levee
 * registries reachable (a service does, to use them), or their counters stop reporting.
 *
 * <p>Two Levee registries holding instances of the same name cannot be bound to one meter registry:
 * their meters would merge. Binding the second fails with an error naming the instance and leaves
 * none of that registry's meters behind (families bound before it by the same {@link
 * #bindTo(MeterRegistry)} keep theirs); an instance created later with a clashing name is logged at
 * ERROR and gets no meters.
 */
public final class LeveeMetrics implements MeterBinder {
  private static final Pattern WORD = Pattern.compile("[a-z][a-z0-9_]*");

  private final List<MeterBinder> binders;

  private LeveeMetrics(List<MeterBinder> binders) {
    this.binders = List.copyOf(binders);
  }

  /**
   * Starts a binder.
   *
   * @return a builder with nothing to bind
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    for (MeterBinder b : binders) {
      b.bindTo(registry);
    }
  }

  /** Builds {@link LeveeMetrics}. Not thread-safe. */
  public static final class Builder {
    private final List<Function<Function<String, String>, MeterBinder>> parts = new ArrayList<>();
    private final Map<String, String> renames = new HashMap<>();
    private String prefix;

    private Builder() {}

    /**
     * Puts {@code prefix} before every meter name ({@code levee} makes {@code
     * levee_circuitbreaker_state}).
     *
     * @param prefix lowercase letters, digits and {@code _}, starting with a letter
     * @return this builder
     */
    public Builder prefix(String prefix) {
      this.prefix = word("prefix", prefix);
      return this;
    }

    /**
     * Renames a family: its meters' first name part ({@code circuitbreaker}, {@code retry}, {@code
     * ratelimiter}, {@code keyed_ratelimiter}, {@code hedge}, {@code bulkhead}, {@code adaptive},
     * {@code health}).
     *
     * @param family the family's name
     * @param name the name to use instead
     * @return this builder
     */
    public Builder rename(String family, String name) {
      renames.put(word("family", family), word("name", name));
      return this;
    }

    /**
     * Binds every circuit breaker of {@code breakers}.
     *
     * @param breakers the registry
     * @return this builder
     */
    public Builder circuitBreakers(Registry<CircuitBreaker, CircuitBreakerConfig> breakers) {
      Objects.requireNonNull(breakers, "breakers");
      parts.add(
          n ->
              follow(
                  new InstanceMeters<>(
                      "circuit breaker", breakers, CircuitBreakerMetrics::register, n)));
      return this;
    }

    /**
     * Binds every retry of {@code retries}.
     *
     * @param retries the registry
     * @return this builder
     */
    public Builder retries(Registry<Retry, RetryConfig> retries) {
      Objects.requireNonNull(retries, "retries");
      parts.add(n -> follow(new InstanceMeters<>("retry", retries, RetryMetrics::register, n)));
      return this;
    }

    /**
     * Binds every rate limiter of {@code limiters}.
     *
     * @param limiters the registry
     * @return this builder
     */
    public Builder rateLimiters(Registry<RateLimiter, RateLimiterConfig> limiters) {
      Objects.requireNonNull(limiters, "limiters");
      parts.add(
          n ->
              follow(
                  new InstanceMeters<>("rate limiter", limiters, RateLimiterMetrics::register, n)));
      return this;
    }

    /**
     * Binds every bulkhead of {@code bulkheads}.
     *
     * @param bulkheads the registry
     * @return this builder
     */
    public Builder bulkheads(Registry<Bulkhead, BulkheadConfig> bulkheads) {
      Objects.requireNonNull(bulkheads, "bulkheads");
      parts.add(
          n -> follow(new InstanceMeters<>("bulkhead", bulkheads, BulkheadMetrics::register, n)));
      return this;
    }

    /**
     * Binds every adaptive limiter of {@code limiters}.
     *
     * @param limiters the registry
     * @return this builder
     */
    public Builder adaptiveLimiters(Registry<AdaptiveLimiter, AdaptiveLimiterConfig> limiters) {
      Objects.requireNonNull(limiters, "limiters");
      parts.add(
          n ->
              follow(
                  new InstanceMeters<>(
                      "adaptive limiter", limiters, AdaptiveLimiterMetrics::register, n)));
      return this;
    }

    /**
     * Binds every keyed rate limiter of {@code limiters} (family {@code keyed_ratelimiter}).
     *
     * @param <K> the limiters' key type
     * @param limiters the registry
     * @return this builder
     */
    public <K> Builder keyedRateLimiters(
        Registry<KeyedRateLimiter<K>, KeyedRateLimiterConfig> limiters) {
      Objects.requireNonNull(limiters, "limiters");
      parts.add(
          n ->
              follow(
                  new InstanceMeters<KeyedRateLimiter<K>>(
                      "keyed rate limiter", limiters, KeyedRateLimiterMetrics::register, n)));
      return this;
    }

    /**
     * Binds every hedge of {@code hedges} (family {@code hedge}).
     *
     * @param hedges the registry
     * @return this builder
     */
    public Builder hedges(Registry<Hedge, HedgeConfig> hedges) {
      Objects.requireNonNull(hedges, "hedges");
      parts.add(n -> follow(new InstanceMeters<>("hedge", hedges, HedgeMetrics::register, n)));
      return this;
    }

    /**
     * Binds a health monitor's checks and groups.
     *
     * @param monitor the monitor
     * @return this builder
     */
    @SuppressWarnings("exports") // dev.levee.health is optional: see HealthMetrics
    public Builder health(HealthMonitor monitor) {
      Objects.requireNonNull(monitor, "monitor");
      parts.add(n -> new HealthMetrics(monitor, n));
      return this;
    }

    /**
     * Binds a time limiter's violations by operation.
     *
     * @param limiter the limiter
     * @return this builder
     */
    public Builder timeLimiter(dev.levee.timeouts.TimeLimiter limiter) {
      Objects.requireNonNull(limiter, "limiter");
      parts.add(n -> new TimeLimiterMetrics(limiter, n));
      return this;
    }

    /**
     * Binds an in-flight tracker: {@code inflight_hung{name}}, calls in flight longer than {@code
     * threshold} (each scrape also ages the calls it sees, as a health check does).
     *
     * @param tracker the tracker
     * @param threshold how long in flight counts as hung
     * @return this builder
     */
    public Builder inFlight(dev.levee.core.InFlightTracker tracker, java.time.Duration threshold) {
      Objects.requireNonNull(tracker, "tracker");
      Objects.requireNonNull(threshold, "threshold");
      parts.add(
          n ->
              registry ->
                  io.micrometer.core.instrument.Gauge.builder(
                          n.apply("inflight.hung"), tracker, t -> t.hungCount(threshold))
                      .description("Calls in flight longer than " + threshold)
                      .tag("name", tracker.name())
                      .strongReference(true)
                      .register(registry));
      return this;
    }

    /**
     * Binds the {@code raft_*} series of a Raft node's check, with this builder's prefix and
     * renames (family {@code raft}).
     *
     * @param check the node's full check, as {@code RaftHealth.register} returns it
     * @param node the node's id, for the {@code node} tag
     * @return this builder
     */
    @SuppressWarnings("exports") // dev.levee.health is optional: see HealthMetrics
    public Builder raft(dev.levee.health.raft.RaftHealthCheck check, String node) {
      Objects.requireNonNull(check, "check");
      Objects.requireNonNull(node, "node");
      parts.add(n -> new RaftMetrics(check, node, n));
      return this;
    }

    /**
     * Binds an admission control's counters ({@code admission_admitted_total}, {@code
     * admission_shed_total}, {@code admission_finished_total}, {@code admission_in_flight}; see
     * {@link AdmissionMetrics}), with this builder's prefix and renames (family {@code admission}).
     *
     * @param admission the admission control
     * @return this builder
     */
    public Builder admission(dev.levee.http.admission.Admission admission) {
      Objects.requireNonNull(admission, "admission");
      parts.add(n -> new AdmissionMetrics(admission, n));
      return this;
    }

    /**
     * Binds a pipeline's opt-in latency timer ({@code pipeline_calls_seconds}), with this builder's
     * prefix and renames (family {@code pipeline}).
     *
     * @param timer the timer, given to its pipeline with {@code Pipeline.Builder.observer}
     * @return this builder
     */
    public Builder pipelineTimer(PipelineTimer timer) {
      Objects.requireNonNull(timer, "timer");
      parts.add(n -> registry -> timer.bind(registry, n));
      return this;
    }

    /**
     * Binds another binder as part of this one (a {@link RaftMetrics}, say).
     *
     * @param binder the binder
     * @return this builder
     */
    public Builder and(MeterBinder binder) {
      Objects.requireNonNull(binder, "binder");
      parts.add(n -> binder);
      return this;
    }

    /**
     * Builds the binder.
     *
     * @return the binder
     */
    public LeveeMetrics build() {
      Map<String, String> families = Map.copyOf(renames);
      String p = prefix;
      Function<String, String> naming =
          name -> {
            int dot = name.indexOf('.');
            String family = dot < 0 ? name : name.substring(0, dot);
            String renamed =
                families.getOrDefault(family, family) + (dot < 0 ? "" : name.substring(dot));
            return p == null ? renamed : p + "." + renamed;
          };
      List<MeterBinder> binders = new ArrayList<>();
      for (Function<Function<String, String>, MeterBinder> part : parts) {
        binders.add(part.apply(naming));
      }
      return new LeveeMetrics(binders);
    }

    private static MeterBinder follow(InstanceMeters<?> meters) {
      return meters::bindTo;
    }

    private static String word(String what, String value) {
      if (value == null || !WORD.matcher(value).matches()) {
        throw new IllegalArgumentException(
            "metrics: "
                + what
                + " must be lowercase letters, digits and '_', starting with a letter, was "
                + (value == null ? "null" : "\"" + value + "\""));
      }
      return value;
    }
  }
}
