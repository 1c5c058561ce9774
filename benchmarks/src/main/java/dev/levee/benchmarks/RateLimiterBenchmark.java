package dev.levee.benchmarks;

import dev.failsafe.RateLimiter;
import dev.levee.core.RateLimiterConfig;
import dev.levee.timeouts.CoarseTicker;
import io.github.resilience4j.ratelimiter.RateLimiterConfig.Builder;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
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

/**
 * One permit request that is granted: a limiter allowing 10^9 permits per second, so the rate is
 * never reached. Levee's {@code tryAcquire()}, Resilience4j 2.4's {@code acquirePermission()}
 * (AtomicRateLimiter, no wait), Failsafe 3.3's smooth limiter {@code tryAcquirePermit()}. Levee's
 * base scenario has the default prefetch (64 here: one ticker read per 65 permits). {@code Coarse}:
 * Levee with a 1 ms {@link CoarseTicker}; {@code Exact}: Levee with {@code prefetch(0)}, a ticker
 * read per decision (the others have no equivalent; their rows repeat).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RateLimiterBenchmark {
  private CoarseTicker coarse;
  private dev.levee.core.RateLimiter levee;
  private dev.levee.core.RateLimiter leveeCoarse;
  private dev.levee.core.RateLimiter leveeExact;
  private dev.levee.core.RateLimiter leveePrefetch1;
  private io.github.resilience4j.ratelimiter.RateLimiter resilience4j;
  private RateLimiter<Object> failsafe;

  /** Builds every contender at the same rate. */
  @Setup
  public void setUp() {
    coarse = CoarseTicker.start(Duration.ofMillis(1));
    levee = dev.levee.core.RateLimiter.of("bench", limit("bench").build());
    leveeCoarse = dev.levee.core.RateLimiter.of("coarse", limit("coarse").ticker(coarse).build());
    leveeExact = dev.levee.core.RateLimiter.of("exact", limit("exact").prefetch(0).build());
    leveePrefetch1 = dev.levee.core.RateLimiter.of("p1", limit("p1").prefetch(1).build());
    Builder r4j =
        io.github.resilience4j.ratelimiter.RateLimiterConfig.custom()
            .limitForPeriod(1_000_000_000)
            .limitRefreshPeriod(Duration.ofSeconds(1))
            .timeoutDuration(Duration.ZERO);
    resilience4j = io.github.resilience4j.ratelimiter.RateLimiter.of("bench", r4j.build());
    failsafe = RateLimiter.smoothBuilder(1_000_000_000, Duration.ofSeconds(1)).build();
  }

  /** 10^9 permits a second: never reached. */
  private static RateLimiterConfig.Builder limit(String label) {
    return RateLimiterConfig.builder(label).limit(1_000_000_000, Duration.ofSeconds(1));
  }

  /** Stops the coarse ticker. */
  @TearDown
  public void tearDown() {
    coarse.close();
  }

  /**
   * Levee.
   *
   * @return whether granted
   */
  @Benchmark
  public boolean levee() {
    return levee.tryAcquire();
  }

  /**
   * Resilience4j.
   *
   * @return whether granted
   */
  @Benchmark
  public boolean resilience4j() {
    return resilience4j.acquirePermission();
  }

  /**
   * Failsafe.
   *
   * @return whether granted
   */
  @Benchmark
  public boolean failsafe() {
    return failsafe.tryAcquirePermit();
  }

  /**
   * Levee on a coarse ticker.
   *
   * @return whether granted
   */
  @Benchmark
  public boolean leveeCoarse() {
    return leveeCoarse.tryAcquire();
  }

  /**
   * Resilience4j (no coarse clock).
   *
   * @return whether granted
   */
  @Benchmark
  public boolean resilience4jCoarse() {
    return resilience4j.acquirePermission();
  }

  /**
   * Levee with prefetch off: every decision reads the ticker (an exact burst).
   *
   * @return whether granted
   */
  @Benchmark
  public boolean leveeExact() {
    return leveeExact.tryAcquire();
  }

  /**
   * Resilience4j (it always reads the clock).
   *
   * @return whether granted
   */
  @Benchmark
  public boolean resilience4jExact() {
    return resilience4j.acquirePermission();
  }

  /**
   * Levee with a prefetch of 1, what a limiter of 100 a second with a burst of 100 gets by default:
   * one decision in two reads the ticker.
   *
   * @return whether granted
   */
  @Benchmark
  public boolean leveePrefetch1() {
    return leveePrefetch1.tryAcquire();
  }

  /**
   * Resilience4j (it always reads the clock).
   *
   * @return whether granted
   */
  @Benchmark
  public boolean resilience4jPrefetch1() {
    return resilience4j.acquirePermission();
  }
}
