package dev.levee.benchmarks;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.Timeout;
import dev.levee.timeouts.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
 * A blocking call under a 1 s timeout that finishes at once: the cost of enforcing a timeout whose
 * caller is released on time. Every contender runs the work on a pool thread while the caller
 * waits, and would interrupt it at the limit: Levee's {@code TimeLimiter.call}, Resilience4j's
 * {@code TimeLimiter.executeFutureSupplier} over an executor, Failsafe's {@code
 * Timeout.withInterrupt()} with {@code getAsync} on an executor. The baseline submits to the same
 * kind of pool and waits, with no timeout.
 *
 * <p>Levee's handoff spins: its caller spins up to 10 µs for the result before parking, and its
 * worker spins up to 10 µs for the next task, so once both are warm a call here wakes no thread.
 * That regime needs two free cores: on a loaded machine a spin often runs out, the threads park,
 * and a call costs the two wake-ups every contender pays (iterations then swing between both).
 *
 * <p>{@code leveeCallerThread} is Levee's caller-thread mode: no handoff, the work runs on the
 * benchmark thread, registered with the shared watchdog (whose timer thread scans every 1 ms) and
 * unregistered when it returns. Its twin is {@code baselineDirect}, the bare call on the same
 * thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TimeLimiterBenchmark {
  private static final Duration LIMIT = Duration.ofSeconds(1);
  private static final Callable<Integer> WORK = () -> 42;

  private TimeLimiter levee;
  private TimeLimiter leveeCallerThread;
  private io.github.resilience4j.timelimiter.TimeLimiter resilience4j;
  private ExecutorService resilience4jPool;
  private FailsafeExecutor<Integer> failsafe;
  private ExecutorService failsafePool;
  private ExecutorService baselinePool;

  /** Builds every contender with the same limit. */
  @Setup
  public void setUp() {
    levee = TimeLimiter.builder("bench").build();
    leveeCallerThread = TimeLimiter.builder("bench-caller").callerThread().build();
    resilience4j =
        io.github.resilience4j.timelimiter.TimeLimiter.of(
            TimeLimiterConfig.custom().timeoutDuration(LIMIT).cancelRunningFuture(true).build());
    resilience4jPool = Executors.newCachedThreadPool();
    failsafePool = Executors.newCachedThreadPool();
    failsafe =
        Failsafe.with(Timeout.<Integer>builder(LIMIT).withInterrupt().build()).with(failsafePool);
    baselinePool = Executors.newCachedThreadPool();
  }

  /** Stops every pool. */
  @TearDown
  public void tearDown() {
    levee.close();
    leveeCallerThread.close();
    resilience4jPool.shutdownNow();
    failsafePool.shutdownNow();
    baselinePool.shutdownNow();
  }

  /**
   * Levee.
   *
   * @return the work's result
   * @throws Exception never, in this scenario
   */
  @Benchmark
  public Integer levee() throws Exception {
    return levee.call("op", LIMIT, WORK, null);
  }

  /**
   * Levee's caller-thread mode: the work runs here, watched by the shared watchdog.
   *
   * @return the work's result
   * @throws Exception never, in this scenario
   */
  @Benchmark
  public Integer leveeCallerThread() throws Exception {
    return leveeCallerThread.call("op", LIMIT, WORK, null);
  }

  /**
   * Resilience4j.
   *
   * @return the work's result
   * @throws Exception never, in this scenario
   */
  @Benchmark
  public Integer resilience4j() throws Exception {
    return resilience4j.executeFutureSupplier(() -> resilience4jPool.submit(WORK));
  }

  /**
   * Failsafe.
   *
   * @return the work's result
   * @throws Exception never, in this scenario
   */
  @Benchmark
  public Integer failsafe() throws Exception {
    return failsafe.getAsync(() -> 42).get();
  }

  /**
   * No timeout: submit and wait.
   *
   * @return the work's result
   * @throws Exception never, in this scenario
   */
  @Benchmark
  public Integer baseline() throws Exception {
    return baselinePool.submit(WORK).get();
  }

  /**
   * No timeout and no handoff: the work, called here.
   *
   * @return the work's result
   * @throws Exception never, in this scenario
   */
  @Benchmark
  public Integer baselineDirect() throws Exception {
    return WORK.call();
  }
}
