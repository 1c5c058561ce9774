package dev.levee.benchmarks;

import dev.levee.core.Bulkhead;
import dev.levee.core.BulkheadConfig;
import dev.levee.core.CircuitBreaker;
import dev.levee.core.CircuitBreakerConfig;
import dev.levee.core.Pipeline;
import dev.levee.core.RateLimiter;
import dev.levee.core.RateLimiterConfig;
import dev.levee.core.Registry;
import dev.levee.core.Retry;
import dev.levee.core.RetryConfig;
import dev.levee.metrics.LeveeMetrics;
import dev.levee.metrics.PipelineTimer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What binding metrics costs a call: the same breaker-protected call (and pipeline) with {@link
 * LeveeMetrics} bound to a {@code PrometheusMeterRegistry} ({@code levee…}) and without ({@code
 * baseline…}). Metrics are pulled, so the call path is identical; this measures that claim. {@code
 * Work}: a call of about 0.5 µs of CPU. {@code Timed}: the pipeline with the opt-in {@link
 * PipelineTimer} bound (two clock reads and a timer record per call) against the same pipeline
 * without it: the one meter that costs per call.
 *
 * <p>{@code FullPipeline}: the four-policy pipeline of {@link PipelineBenchmark}'s base row (retry
 * of up to 10 retries, circuit breaker with a count window of 100, rate limiter of 10^9 per second,
 * bulkhead of 25 places without wait), every policy taken from a Levee registry; for the bound row
 * all four registries are bound. {@code FullPipelineWork}: the same around a call of about 1 µs of
 * CPU ({@value #WORK_1US} tokens of {@link Blackhole#consumeCPU}; the bare call measured in {@code
 * baselineCall1us}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MetricsBenchmark {
  private static final Integer RESULT = 42;

  /** Tokens of {@link Blackhole#consumeCPU} for a call of about 1 µs. */
  static final long WORK_1US = 450;

  private final Supplier<Integer> call = () -> RESULT;
  private final Supplier<Integer> work =
      () -> {
        Blackhole.consumeCPU(250);
        return RESULT;
      };
  private final Supplier<Integer> work1us =
      () -> {
        Blackhole.consumeCPU(WORK_1US);
        return RESULT;
      };

  private CircuitBreaker bound;
  private CircuitBreaker unbound;
  private Pipeline boundPipeline;
  private Pipeline unboundPipeline;
  private Pipeline timedPipeline;
  private Pipeline boundFull;
  private Pipeline unboundFull;
  private PrometheusMeterRegistry prometheus;

  /** Two registries of the same breaker and retry; only the first is bound. */
  @Setup
  public void setUp() {
    prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Registry<CircuitBreaker, CircuitBreakerConfig> boundBreakers =
        CircuitBreaker.registry(CircuitBreakerConfig.builder("b").countWindow(100).build());
    Registry<Retry, RetryConfig> boundRetries = Retry.registry(RetryConfig.defaults());
    LeveeMetrics.builder()
        .circuitBreakers(boundBreakers)
        .retries(boundRetries)
        .build()
        .bindTo(prometheus);
    bound = boundBreakers.getOrCreate("bench");
    boundPipeline =
        Pipeline.builder("bench")
            .retry(boundRetries.getOrCreate("bench"))
            .circuitBreaker(bound)
            .build();
    PipelineTimer timer = PipelineTimer.create("timed");
    LeveeMetrics.builder().pipelineTimer(timer).build().bindTo(prometheus);
    timedPipeline =
        Pipeline.builder("timed")
            .retry(boundRetries.getOrCreate("timed"))
            .circuitBreaker(boundBreakers.getOrCreate("timed"))
            .observer(timer)
            .build();
    unbound =
        CircuitBreaker.registry(CircuitBreakerConfig.builder("b").countWindow(100).build())
            .getOrCreate("bench");
    unboundPipeline =
        Pipeline.builder("bench")
            .retry(Retry.registry(RetryConfig.defaults()).getOrCreate("bench"))
            .circuitBreaker(unbound)
            .build();
    boundFull = fullPipeline(true);
    unboundFull = fullPipeline(false);
  }

  /**
   * The four-policy pipeline, each policy from its own registry; with {@code bind}, the four
   * registries are bound to {@link #prometheus} first.
   */
  private Pipeline fullPipeline(boolean bind) {
    Registry<Retry, RetryConfig> retries =
        Retry.registry(RetryConfig.builder("full").maxRetries(10).build());
    Registry<CircuitBreaker, CircuitBreakerConfig> breakers =
        CircuitBreaker.registry(CircuitBreakerConfig.builder("full").countWindow(100).build());
    Registry<RateLimiter, RateLimiterConfig> limiters =
        RateLimiter.registry(
            RateLimiterConfig.builder("full").limit(1_000_000_000, Duration.ofSeconds(1)).build());
    Registry<Bulkhead, BulkheadConfig> bulkheads =
        Bulkhead.registry(
            BulkheadConfig.builder("full").maxConcurrent(25).maxWait(Duration.ZERO).build());
    if (bind) {
      LeveeMetrics.builder()
          .retries(retries)
          .circuitBreakers(breakers)
          .rateLimiters(limiters)
          .bulkheads(bulkheads)
          .build()
          .bindTo(prometheus);
    }
    return Pipeline.builder("full")
        .retry(retries.getOrCreate("full"))
        .circuitBreaker(breakers.getOrCreate("full"))
        .rateLimiter(limiters.getOrCreate("full"))
        .bulkhead(bulkheads.getOrCreate("full"))
        .build();
  }

  /**
   * Breaker, metrics bound.
   *
   * @return the result
   */
  @Benchmark
  public Integer levee() {
    return bound.get(call);
  }

  /**
   * Breaker, no metrics.
   *
   * @return the result
   */
  @Benchmark
  public Integer baseline() {
    return unbound.get(call);
  }

  /**
   * A 0.5 µs call through a breaker, metrics bound.
   *
   * @return the result
   */
  @Benchmark
  public Integer leveeWork() {
    return bound.get(work);
  }

  /**
   * A 0.5 µs call through a breaker, no metrics.
   *
   * @return the result
   */
  @Benchmark
  public Integer baselineWork() {
    return unbound.get(work);
  }

  /**
   * Retry and breaker pipeline, metrics bound.
   *
   * @return the result
   */
  @Benchmark
  public Integer leveePipeline() {
    return boundPipeline.get(call);
  }

  /**
   * Retry and breaker pipeline, no metrics.
   *
   * @return the result
   */
  @Benchmark
  public Integer baselinePipeline() {
    return unboundPipeline.get(call);
  }

  /**
   * Retry and breaker pipeline with the per-call timer.
   *
   * @return the result
   */
  @Benchmark
  public Integer leveeTimed() {
    return timedPipeline.get(call);
  }

  /**
   * Retry and breaker pipeline, no metrics (the timed row's anchor).
   *
   * @return the result
   */
  @Benchmark
  public Integer baselineTimed() {
    return unboundPipeline.get(call);
  }

  /**
   * The four-policy pipeline, metrics bound.
   *
   * @return the result
   */
  @Benchmark
  public Integer leveeFullPipeline() {
    return boundFull.get(call);
  }

  /**
   * The four-policy pipeline, no metrics.
   *
   * @return the result
   */
  @Benchmark
  public Integer baselineFullPipeline() {
    return unboundFull.get(call);
  }

  /**
   * A ~1 µs call through the four-policy pipeline, metrics bound.
   *
   * @return the result
   */
  @Benchmark
  public Integer leveeFullPipelineWork() {
    return boundFull.get(work1us);
  }

  /**
   * A ~1 µs call through the four-policy pipeline, no metrics.
   *
   * @return the result
   */
  @Benchmark
  public Integer baselineFullPipelineWork() {
    return unboundFull.get(work1us);
  }

  /**
   * The ~1 µs call alone, no policy: its measured length.
   *
   * @return the result
   */
  @Benchmark
  public Integer baselineCall1us() {
    return work1us.get();
  }
}
