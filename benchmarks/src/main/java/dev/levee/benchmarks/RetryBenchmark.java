package dev.levee.benchmarks;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.RetryPolicy;
import dev.failsafe.function.CheckedSupplier;
import dev.levee.core.Backoff;
import dev.levee.core.Retry;
import dev.levee.core.RetryConfig;
import io.github.resilience4j.core.IntervalFunction;
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

/**
 * A call through a retry policy that succeeds at once (the path every healthy call takes): 10
 * retries, exponential backoff from 50 ms, doubling, capped at 2 s, for Levee, Resilience4j 2.4 and
 * Failsafe 3.3. {@code baseline} is the bare call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RetryBenchmark {
  private static final Integer RESULT = 42;
  private final Supplier<Integer> call = () -> RESULT;
  private final CheckedSupplier<Integer> checkedCall = () -> RESULT;

  private Retry levee;
  private Supplier<Integer> resilience4j;
  private FailsafeExecutor<Integer> failsafe;

  /** Builds every contender with the same policy. */
  @Setup
  public void setUp() {
    levee =
        Retry.of(
            "bench",
            RetryConfig.builder("bench")
                .maxRetries(10)
                .backoff(Backoff.exponential(Duration.ofMillis(50), 2, Duration.ofSeconds(2)))
                .build());
    io.github.resilience4j.retry.Retry r4j =
        io.github.resilience4j.retry.Retry.of(
            "bench",
            io.github.resilience4j.retry.RetryConfig.custom()
                .maxAttempts(11)
                .intervalFunction(
                    IntervalFunction.ofExponentialBackoff(
                        Duration.ofMillis(50), 2, Duration.ofSeconds(2)))
                .build());
    resilience4j = io.github.resilience4j.retry.Retry.decorateSupplier(r4j, call);
    failsafe =
        Failsafe.with(
            RetryPolicy.<Integer>builder()
                .withMaxRetries(10)
                .withBackoff(Duration.ofMillis(50), Duration.ofSeconds(2), 2)
                .build());
  }

  /**
   * The bare call.
   *
   * @return the result
   */
  @Benchmark
  public Integer baseline() {
    return call.get();
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
}
