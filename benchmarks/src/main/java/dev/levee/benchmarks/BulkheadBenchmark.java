package dev.levee.benchmarks;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.function.CheckedSupplier;
import dev.levee.core.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
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
 * A trivial call through a bulkhead of 25 places that always has room, no waiting: Levee,
 * Resilience4j 2.4's semaphore bulkhead, Failsafe 3.3's bulkhead.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BulkheadBenchmark {
  private static final Integer RESULT = 42;
  private final Supplier<Integer> call = () -> RESULT;
  private final CheckedSupplier<Integer> checkedCall = () -> RESULT;

  private Bulkhead levee;
  private Supplier<Integer> resilience4j;
  private FailsafeExecutor<Integer> failsafe;

  /** Builds every contender. */
  @Setup
  public void setUp() {
    levee = Bulkhead.of("bench", 25, Duration.ZERO);
    io.github.resilience4j.bulkhead.Bulkhead r4j =
        io.github.resilience4j.bulkhead.Bulkhead.of(
            "bench",
            BulkheadConfig.custom()
                .maxConcurrentCalls(25)
                .maxWaitDuration(Duration.ZERO)
                .fairCallHandlingStrategyEnabled(false) // no waiters to be fair to, like Levee's
                .build());
    resilience4j = io.github.resilience4j.bulkhead.Bulkhead.decorateSupplier(r4j, call);
    failsafe = Failsafe.with(dev.failsafe.Bulkhead.<Integer>builder(25).build());
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
