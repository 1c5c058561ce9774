package dev.levee.benchmarks;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.RetryPolicy;
import dev.failsafe.function.CheckedSupplier;
import dev.levee.core.Bulkhead;
import dev.levee.core.CircuitBreaker;
import dev.levee.core.CircuitBreakerConfig;
import dev.levee.core.InFlightTracker;
import dev.levee.core.Pipeline;
import dev.levee.core.RateLimiter;
import dev.levee.core.RateLimiterConfig;
import dev.levee.core.Retry;
import dev.levee.core.RetryConfig;
import dev.levee.timeouts.CoarseTicker;
import dev.levee.timeouts.Ticker;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.github.resilience4j.decorators.Decorators;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A trivial call through retry, circuit breaker (count window 100), rate limiter (10^9 per second)
 * and bulkhead (25 places, no wait), composed: Levee's {@link Pipeline}, Resilience4j 2.4's {@code
 * Decorators} chain, Failsafe 3.3's executor with the same four policies. The base row is each
 * library as it comes (Resilience4j's bulkhead fair, its breaker timing every call). Scenarios:
 *
 * <ul>
 *   <li>{@code NoClock}: Levee as it comes against Resilience4j's chain without its breaker's
 *       per-call timing ({@code currentTimestampFunction} returning 0: slow-call detection at 60 s,
 *       which Levee's breaker does only when configured) and with its bulkhead not fair (with no
 *       wait there are no waiters to be fair to: a change of cost, not of behaviour); each limiter
 *       as it comes.
 *   <li>{@code Fair}: the same Resilience4j chain against Levee's limiter without prefetch, so each
 *       reads the clock once a call, in its limiter.
 *   <li>{@code Timeout}: Levee with a 1 s timeout as well (a deadline the retry respects);
 *       Resilience4j has no time limit for a blocking supplier, so its row repeats its base chain.
 *       {@code TimeoutCoarse}: the same with only the deadline on a 1 ms {@link CoarseTicker}.
 *   <li>{@code InFlight}: Levee with an {@link InFlightTracker} as well (Resilience4j has none).
 *   <li>{@code Coarse}: Levee's limiter on the coarse ticker.
 *   <li>{@code Work}: each library's base pipeline around a call of about 1 µs of CPU ({@code
 *       Blackhole.consumeCPU}); {@code baselineWork} is that call bare. The difference is what the
 *       four policies add to a call of that length, and a hundred times it the length above which
 *       they add less than 1 %.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PipelineBenchmark {
  private static final Integer RESULT = 42;
  private static final int WORK_TOKENS = 700; // about 1 µs here, as in CircuitBreakerBenchmark
  private final Supplier<Integer> call = () -> RESULT;
  private final CheckedSupplier<Integer> checkedCall = () -> RESULT;
  private final Supplier<Integer> work =
      () -> {
        Blackhole.consumeCPU(WORK_TOKENS);
        return RESULT;
      };
  private final CheckedSupplier<Integer> checkedWork =
      () -> {
        Blackhole.consumeCPU(WORK_TOKENS);
        return RESULT;
      };

  private CoarseTicker coarse;
  private Pipeline levee;
  private Pipeline leveeTimeout;
  private Pipeline leveeTimeoutCoarse;
  private Pipeline leveeInFlight;
  private Pipeline leveeCoarse;
  private Supplier<Integer> resilience4j;
  private Supplier<Integer> resilience4jWork;
  private Pipeline leveeFair;
  private Supplier<Integer> resilience4jClockFreeBreaker;
  private FailsafeExecutor<Integer> failsafe;

  /** Builds every contender with the same four policies. */
  @Setup
  public void setUp() {
    coarse = CoarseTicker.start(Duration.ofMillis(1));
    levee = leveeStages(Ticker.system(), null).build();
    leveeTimeout = leveeStages(Ticker.system(), null).timeout(Duration.ofSeconds(1)).build();
    // Only the deadline on the coarse ticker: the limiter (prefetching) stays on the system one.
    leveeTimeoutCoarse =
        leveeStages(Ticker.system(), null).timeout(Duration.ofSeconds(1)).ticker(coarse).build();
    leveeInFlight =
        leveeStages(Ticker.system(), null)
            .inFlight(InFlightTracker.create("bench", Ticker.system()))
            .build();
    leveeCoarse = leveeStages(coarse, null).build();
    resilience4j = resilience4jChain(call, true);
    resilience4jWork = resilience4jChain(work, true);
    // Fair: each reads the clock once per call, in its rate limiter. Levee's limiter without
    // prefetch; Resilience4j's breaker without its per-call clock reads and a non-fair bulkhead.
    leveeFair = leveeStages(Ticker.system(), 0).build();
    resilience4jClockFreeBreaker = resilience4jChain(call, false);
    failsafe =
        Failsafe.with(
            RetryPolicy.<Integer>builder()
                .withMaxRetries(10)
                .withDelay(Duration.ofMillis(50))
                .build(),
            dev.failsafe.CircuitBreaker.<Integer>builder().withFailureThreshold(50, 100).build(),
            dev.failsafe.RateLimiter.<Integer>smoothBuilder(1_000_000_000, Duration.ofSeconds(1))
                .build(),
            dev.failsafe.Bulkhead.<Integer>builder(25).build());
  }

  /** Stops the coarse ticker. */
  @TearDown
  public void tearDown() {
    coarse.close();
  }

  /**
   * Levee's four stages, for each row to build or add to: the limiter on {@code limiterTicker},
   * with {@code prefetch} (null for its default).
   */
  private static Pipeline.Builder leveeStages(Ticker limiterTicker, Integer prefetch) {
    RateLimiterConfig.Builder limit =
        RateLimiterConfig.builder("bench")
            .limit(1_000_000_000, Duration.ofSeconds(1))
            .ticker(limiterTicker);
    if (prefetch != null) {
      limit.prefetch(prefetch);
    }
    return Pipeline.builder("bench")
        .retry(Retry.of("bench", RetryConfig.builder("bench").maxRetries(10).build()))
        .circuitBreaker(
            CircuitBreaker.of(
                "bench", CircuitBreakerConfig.builder("bench").countWindow(100).build()))
        .rateLimiter(RateLimiter.of("bench", limit.build()))
        .bulkhead(Bulkhead.of("bench", 25, Duration.ZERO));
  }

  /**
   * Resilience4j's chain of the same four policies: as it runs by default ({@code defaults}), or
   * like for like with Levee's base (its breaker reading no clock, its bulkhead not fair).
   */
  private static Supplier<Integer> resilience4jChain(Supplier<Integer> call, boolean defaults) {
    io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.Builder breaker =
        io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.custom()
            .slidingWindowType(SlidingWindowType.COUNT_BASED)
            .slidingWindowSize(100)
            .minimumNumberOfCalls(20);
    BulkheadConfig.Builder bulkhead =
        BulkheadConfig.custom().maxConcurrentCalls(25).maxWaitDuration(Duration.ZERO);
    if (!defaults) {
      breaker.currentTimestampFunction(c -> 0L, TimeUnit.NANOSECONDS);
      bulkhead.fairCallHandlingStrategyEnabled(false);
    }
    return Decorators.ofSupplier(call)
        .withBulkhead(io.github.resilience4j.bulkhead.Bulkhead.of("bench", bulkhead.build()))
        .withRateLimiter(
            io.github.resilience4j.ratelimiter.RateLimiter.of(
                "bench",
                io.github.resilience4j.ratelimiter.RateLimiterConfig.custom()
                    .limitForPeriod(1_000_000_000)
                    .limitRefreshPeriod(Duration.ofSeconds(1))
                    .timeoutDuration(Duration.ZERO)
                    .build()))
        .withCircuitBreaker(
            io.github.resilience4j.circuitbreaker.CircuitBreaker.of("bench", breaker.build()))
        .withRetry(
            io.github.resilience4j.retry.Retry.of(
                "bench", io.github.resilience4j.retry.RetryConfig.custom().maxAttempts(11).build()))
        .decorate();
  }

  /**
   * Levee.
   *
   * @return the result
   */
  @Benchmark
  public Integer levee() {
    return levee.get(call);
  }

  /**
   * Resilience4j.
   *
   * @return the result
   */
  @Benchmark
  public Integer resilience4j() {
    return resilience4j.get();
  }

  /**
   * Failsafe.
   *
   * @return the result
   */
  @Benchmark
  public Integer failsafe() {
    return failsafe.get(checkedCall);
  }

  /**
   * Levee with a timeout.
   *
   * @return the result
   */
  @Benchmark
  public Integer leveeTimeout() {
    return leveeTimeout.get(call);
  }

  /**
   * Levee with a timeout, its deadline and the limiter on a 1 ms coarse ticker.
   *
   * @return the result
   */
  @Benchmark
  public Integer leveeTimeoutCoarse() {
    return leveeTimeoutCoarse.get(call);
  }

  /**
   * Resilience4j (no blocking time limit, no coarse clock for its limiter).
   *
   * @return the result
   */
  @Benchmark
  public Integer resilience4jTimeoutCoarse() {
    return resilience4j.get();
  }

  /**
   * Levee with an in-flight tracker as well (finds hung calls, lets shutdown drain).
   *
   * @return the result
   */
  @Benchmark
  public Integer leveeInFlight() {
    return leveeInFlight.get(call);
  }

  /**
   * Resilience4j (nothing tracks calls in flight).
   *
   * @return the result
   */
  @Benchmark
  public Integer resilience4jInFlight() {
    return resilience4j.get();
  }

  /**
   * Levee with its rate limiter on a 1 ms coarse ticker.
   *
   * @return the result
   */
  @Benchmark
  public Integer leveeCoarse() {
    return leveeCoarse.get(call);
  }

  /**
   * Resilience4j (it has no coarse clock).
   *
   * @return the result
   */
  @Benchmark
  public Integer resilience4jCoarse() {
    return resilience4j.get();
  }

  /**
   * The 1 µs call, bare.
   *
   * @return the result
   */
  @Benchmark
  public Integer baselineWork() {
    return work.get();
  }

  /**
   * Levee around the 1 µs call.
   *
   * @return the result
   */
  @Benchmark
  public Integer leveeWork() {
    return levee.get(work);
  }

  /**
   * Resilience4j around the 1 µs call.
   *
   * @return the result
   */
  @Benchmark
  public Integer resilience4jWork() {
    return resilience4jWork.get();
  }

  /**
   * Failsafe around the 1 µs call.
   *
   * @return the result
   */
  @Benchmark
  public Integer failsafeWork() {
    return failsafe.get(checkedWork);
  }

  /**
   * Resilience4j (no blocking time limit).
   *
   * @return the result
   */
  @Benchmark
  public Integer resilience4jTimeout() {
    return resilience4j.get();
  }

  /**
   * Levee as it comes (the base pipeline).
   *
   * @return the result
   */
  @Benchmark
  public Integer leveeNoClock() {
    return levee.get(call);
  }

  /**
   * Resilience4j, its breaker without per-call clock reads (so no slow-call detection, like Levee's
   * default) and its bulkhead not fair; its limiter as it comes.
   *
   * @return the result
   */
  @Benchmark
  public Integer resilience4jNoClock() {
    return resilience4jClockFreeBreaker.get();
  }

  /**
   * Levee, its limiter without prefetch: one clock read per call, like the Resilience4j twin.
   *
   * @return the result
   */
  @Benchmark
  public Integer leveeFair() {
    return leveeFair.get(call);
  }

  /**
   * Resilience4j, its breaker without per-call clock reads and its bulkhead not fair: one clock
   * read per call, in its limiter.
   *
   * @return the result
   */
  @Benchmark
  public Integer resilience4jFair() {
    return resilience4jClockFreeBreaker.get();
  }
}
