package dev.levee.benchmarks;

import com.netflix.concurrency.limits.Limiter;
import com.netflix.concurrency.limits.limit.Gradient2Limit;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;
import dev.levee.core.AdaptiveLimiter;
import dev.levee.core.AdaptiveLimiterConfig;
import java.util.Optional;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Acquire and release around a trivial call: Levee's {@link AdaptiveLimiter} (gradient) against
 * Netflix {@code concurrency-limits} 0.5.4's {@code SimpleLimiter} with its gradient algorithm
 * ({@code Gradient2Limit}), the same initial, least and greatest limits (20, 1, 1000), on one
 * thread and on two threads sharing the limiter. The limit always has room: both record a success
 * sample per call, as they would in service. {@code baseline} is the call alone.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AdaptiveLimiterBenchmark {
  private int counter;
  private AdaptiveLimiter levee;
  private SimpleLimiter<Void> concurrencyLimits;

  /** Builds both limiters. */
  @Setup
  public void setUp() {
    levee =
        AdaptiveLimiter.of(
            "bench",
            AdaptiveLimiterConfig.builder("bench")
                .initialLimit(20)
                .minLimit(1)
                .maxLimit(1000)
                .build());
    concurrencyLimits =
        SimpleLimiter.newBuilder()
            .named("bench")
            .limit(
                Gradient2Limit.newBuilder()
                    .initialLimit(20)
                    .minLimit(1)
                    .maxConcurrency(1000)
                    .build())
            .build();
  }

  private int call() {
    return ++counter; // the trivial call: a racy increment, the same for every contender
  }

  private int levee() {
    long permit = levee.tryAcquire();
    if (permit == AdaptiveLimiter.REJECTED) {
      return -1;
    }
    int result = call();
    levee.onSuccess(permit);
    return result;
  }

  private int concurrencyLimits() {
    Optional<Limiter.Listener> listener = concurrencyLimits.acquire(null);
    if (listener.isEmpty()) {
      return -1;
    }
    int result = call();
    listener.get().onSuccess();
    return result;
  }

  /**
   * The call alone, one thread.
   *
   * @return the result
   */
  @Benchmark
  @Threads(1)
  public int baselineOneThread() {
    return call();
  }

  /**
   * Levee, one thread.
   *
   * @return the result
   */
  @Benchmark
  @Threads(1)
  public int leveeOneThread() {
    return levee();
  }

  /**
   * concurrency-limits, one thread.
   *
   * @return the result
   */
  @Benchmark
  @Threads(1)
  public int concurrencyLimitsOneThread() {
    return concurrencyLimits();
  }

  /**
   * The call alone, two threads.
   *
   * @return the result
   */
  @Benchmark
  @Threads(2)
  public int baselineTwoThreads() {
    return call();
  }

  /**
   * Levee, two threads on one limiter.
   *
   * @return the result
   */
  @Benchmark
  @Threads(2)
  public int leveeTwoThreads() {
    return levee();
  }

  /**
   * concurrency-limits, two threads on one limiter.
   *
   * @return the result
   */
  @Benchmark
  @Threads(2)
  public int concurrencyLimitsTwoThreads() {
    return concurrencyLimits();
  }
}
