package dev.levee.benchmarks;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.function.CheckedSupplier;
import dev.levee.core.CircuitBreaker;
import dev.levee.core.CircuitBreakerConfig;
import dev.levee.timeouts.CoarseTicker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A call through a circuit breaker, for Levee, Resilience4j 2.4 and Failsafe 3.3, configured alike:
 * a count window of 100 calls, at least 20 before judging, 50 % failure rate, 30 s open, 3
 * half-open probes. Every breaker is shared by the benchmark's threads.
 *
 * <ul>
 *   <li>{@code levee}, {@code resilience4j}, {@code failsafe}: a decorated call that returns a
 *       constant; Levee without slow-call detection (no clock read), Resilience4j as it always runs
 *       (it times every call), Failsafe's executor. {@code baseline}: the bare call.
 *   <li>{@code Permit}: the manual permit API (acquire, then record success).
 *   <li>{@code SlowCalls}: slow-call detection on (1 s, 100 %); {@code SlowCallsCoarse}: both on a
 *       1 ms {@link CoarseTicker} (Resilience4j through {@code currentTimestampFunction}).
 *   <li>{@code TimeWindow}: a 60 s time window in 1 s buckets.
 *   <li>{@code OpenRejection}: the breaker is open; one permit request that is refused. {@code
 *       OpenRejectionCoarse}: both on the coarse ticker (Resilience4j through its {@code clock}).
 *   <li>{@code OpenCall}: the breaker is open; a decorated call, refused with each library's own
 *       exception, which the benchmark catches: what a caller of an open breaker pays. Levee throws
 *       one shared exception without a stack trace; Resilience4j's {@code
 *       CallNotPermittedException} fills its stack trace by default ({@code
 *       writableStackTraceEnabled}); Failsafe builds a {@code CircuitBreakerOpenException}.
 *   <li>{@code NoClock}: the base call, with Resilience4j's clock read turned off ({@code
 *       currentTimestampFunction} returning 0), which is what Levee's base row does by design.
 *   <li>{@code Work}: the call does about 1 µs of work ({@code Blackhole.consumeCPU}).
 *   <li>{@code TwoThreads}: the base call from two threads on one breaker.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CircuitBreakerBenchmark {
  private static final int WORK_TOKENS = 700;
  private static final Integer RESULT = 42;

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

  private CircuitBreaker levee;
  private CircuitBreaker leveeSlow;
  private CircuitBreaker leveeSlowCoarse;
  private CircuitBreaker leveeTime;
  private CircuitBreaker leveeOpen;
  private CircuitBreaker leveeOpenCoarse;

  private io.github.resilience4j.circuitbreaker.CircuitBreaker r4j;
  private io.github.resilience4j.circuitbreaker.CircuitBreaker r4jSlow;
  private io.github.resilience4j.circuitbreaker.CircuitBreaker r4jTime;
  private io.github.resilience4j.circuitbreaker.CircuitBreaker r4jOpen;
  private io.github.resilience4j.circuitbreaker.CircuitBreaker r4jOpenCoarse;
  private Supplier<Integer> r4jCall;
  private Supplier<Integer> r4jNoClockCall;
  private Supplier<Integer> r4jSlowCoarseCall;
  private Supplier<Integer> r4jSlowCall;
  private Supplier<Integer> r4jTimeCall;
  private Supplier<Integer> r4jWork;

  private dev.failsafe.CircuitBreaker<Integer> failsafeBreaker;
  private dev.failsafe.CircuitBreaker<Integer> failsafeOpen;
  private FailsafeExecutor<Integer> failsafe;
  private FailsafeExecutor<Integer> failsafeTime;
  private FailsafeExecutor<Integer> failsafeOpenExecutor;
  private Supplier<Integer> r4jOpenCall;

  /** Builds every contender. */
  @Setup
  public void setUp() {
    coarse = CoarseTicker.start(Duration.ofMillis(1));
    CircuitBreakerConfig count =
        CircuitBreakerConfig.builder("bench")
            .countWindow(100)
            .minimumCalls(20)
            .failureRateThreshold(50)
            .openDuration(Duration.ofSeconds(30))
            .halfOpenMaxCalls(3)
            .build();
    CircuitBreakerConfig slow =
        count.toBuilder("slow").slowCalls(Duration.ofSeconds(1), 100).build();
    levee = CircuitBreaker.of("levee", count);
    leveeSlow = CircuitBreaker.of("slow", slow);
    leveeSlowCoarse =
        CircuitBreaker.of("slow-coarse", slow.toBuilder("slow-coarse").ticker(coarse).build());
    leveeTime =
        CircuitBreaker.of(
            "time",
            count.toBuilder("time")
                .timeWindow(Duration.ofSeconds(60), Duration.ofSeconds(1))
                .build());
    leveeOpen = CircuitBreaker.of("open", count);
    leveeOpen.transitionTo(dev.levee.core.CircuitBreakerState.OPEN, "benchmark");
    leveeOpenCoarse =
        CircuitBreaker.of("open-coarse", count.toBuilder("oc").ticker(coarse).build());
    leveeOpenCoarse.transitionTo(dev.levee.core.CircuitBreakerState.OPEN, "benchmark");

    io.github.resilience4j.circuitbreaker.CircuitBreakerConfig r4jCount =
        io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.custom()
            .slidingWindowType(SlidingWindowType.COUNT_BASED)
            .slidingWindowSize(100)
            .minimumNumberOfCalls(20)
            .failureRateThreshold(50)
            .waitDurationInOpenState(Duration.ofSeconds(30))
            .permittedNumberOfCallsInHalfOpenState(3)
            .build();
    r4j = io.github.resilience4j.circuitbreaker.CircuitBreaker.of("r4j", r4jCount);
    r4jSlow =
        io.github.resilience4j.circuitbreaker.CircuitBreaker.of(
            "r4j-slow",
            io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.from(r4jCount)
                .slowCallDurationThreshold(Duration.ofSeconds(1))
                .slowCallRateThreshold(100)
                .build());
    r4jTime =
        io.github.resilience4j.circuitbreaker.CircuitBreaker.of(
            "r4j-time",
            io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.from(r4jCount)
                .slidingWindowType(SlidingWindowType.TIME_BASED)
                .slidingWindowSize(60)
                .build());
    r4jOpen = io.github.resilience4j.circuitbreaker.CircuitBreaker.of("r4j-open", r4jCount);
    r4jOpen.transitionToOpenState();
    // Resilience4j's fair twins: its clock read disabled where Levee reads none (NoClock), and
    // Levee's coarse ticker as its clock where Levee's row uses it (the Coarse rows).
    r4jNoClockCall =
        io.github.resilience4j.circuitbreaker.CircuitBreaker.decorateSupplier(
            io.github.resilience4j.circuitbreaker.CircuitBreaker.of(
                "r4j-no-clock",
                io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.from(r4jCount)
                    .currentTimestampFunction(c -> 0L, TimeUnit.NANOSECONDS)
                    .build()),
            call);
    r4jSlowCoarseCall =
        io.github.resilience4j.circuitbreaker.CircuitBreaker.decorateSupplier(
            io.github.resilience4j.circuitbreaker.CircuitBreaker.of(
                "r4j-slow-coarse",
                io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.from(r4jCount)
                    .slowCallDurationThreshold(Duration.ofSeconds(1))
                    .slowCallRateThreshold(100)
                    .currentTimestampFunction(c -> coarse.read(), TimeUnit.NANOSECONDS)
                    .build()),
            call);
    r4jOpenCoarse =
        io.github.resilience4j.circuitbreaker.CircuitBreaker.of(
            "r4j-open-coarse",
            io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.from(r4jCount)
                .clock(new CoarseClock(coarse))
                .build());
    r4jOpenCoarse.transitionToOpenState();
    r4jCall = io.github.resilience4j.circuitbreaker.CircuitBreaker.decorateSupplier(r4j, call);
    r4jSlowCall =
        io.github.resilience4j.circuitbreaker.CircuitBreaker.decorateSupplier(r4jSlow, call);
    r4jTimeCall =
        io.github.resilience4j.circuitbreaker.CircuitBreaker.decorateSupplier(r4jTime, call);
    r4jWork = io.github.resilience4j.circuitbreaker.CircuitBreaker.decorateSupplier(r4j, work);

    failsafeBreaker =
        dev.failsafe.CircuitBreaker.<Integer>builder()
            .withFailureThreshold(50, 100)
            .withDelay(Duration.ofSeconds(30))
            .withSuccessThreshold(3)
            .build();
    failsafe = Failsafe.with(failsafeBreaker);
    failsafeTime =
        Failsafe.with(
            dev.failsafe.CircuitBreaker.<Integer>builder()
                .withFailureRateThreshold(50, 20, Duration.ofSeconds(60))
                .withDelay(Duration.ofSeconds(30))
                .withSuccessThreshold(3)
                .build());
    failsafeOpen =
        dev.failsafe.CircuitBreaker.<Integer>builder()
            .withFailureThreshold(50, 100)
            .withDelay(Duration.ofSeconds(30))
            .build();
    failsafeOpen.open();
    r4jOpenCall =
        io.github.resilience4j.circuitbreaker.CircuitBreaker.decorateSupplier(r4jOpen, call);
    failsafeOpenExecutor = Failsafe.with(failsafeOpen);
  }

  /** Stops the coarse ticker's thread. */
  @TearDown
  public void tearDown() {
    coarse.close();
  }

  // ---- base: decorated trivial call ----

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
    return r4jCall.get();
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

  // ---- Permit: manual API ----

  /**
   * Levee.
   *
   * @return the permit
   */
  @Benchmark
  public long leveePermit() {
    long permit = levee.tryAcquire();
    levee.onSuccess(permit, 0);
    return permit;
  }

  /**
   * Resilience4j.
   *
   * @return whether permitted
   */
  @Benchmark
  public boolean resilience4jPermit() {
    boolean permitted = r4j.tryAcquirePermission();
    r4j.onSuccess(0, TimeUnit.NANOSECONDS);
    return permitted;
  }

  /**
   * Failsafe.
   *
   * @return whether permitted
   */
  @Benchmark
  public boolean failsafePermit() {
    boolean permitted = failsafeBreaker.tryAcquirePermit();
    failsafeBreaker.recordSuccess();
    return permitted;
  }

  // ---- SlowCalls ----

  /**
   * Levee with slow-call detection.
   *
   * @return the result
   */
  @Benchmark
  public Integer leveeSlowCalls() {
    return leveeSlow.get(call);
  }

  /**
   * Resilience4j with slow-call detection.
   *
   * @return the result
   */
  @Benchmark
  public Integer resilience4jSlowCalls() {
    return r4jSlowCall.get();
  }

  /**
   * Levee with slow-call detection on a coarse ticker.
   *
   * @return the result
   */
  @Benchmark
  public Integer leveeSlowCallsCoarse() {
    return leveeSlowCoarse.get(call);
  }

  /**
   * Resilience4j with slow-call detection, timed on the same coarse ticker.
   *
   * @return the result
   */
  @Benchmark
  public Integer resilience4jSlowCallsCoarse() {
    return r4jSlowCoarseCall.get();
  }

  // ---- TimeWindow ----

  /**
   * Levee, 60 s time window.
   *
   * @return the result
   */
  @Benchmark
  public Integer leveeTimeWindow() {
    return leveeTime.get(call);
  }

  /**
   * Resilience4j, 60 s time window.
   *
   * @return the result
   */
  @Benchmark
  public Integer resilience4jTimeWindow() {
    return r4jTimeCall.get();
  }

  /**
   * Failsafe, 60 s time-based thresholding.
   *
   * @return the result
   */
  @Benchmark
  public Integer failsafeTimeWindow() {
    return failsafeTime.get(checkedCall);
  }

  // ---- OpenRejection ----

  /**
   * Levee, open.
   *
   * @return the refused permit
   */
  @Benchmark
  public long leveeOpenRejection() {
    return leveeOpen.tryAcquire();
  }

  /**
   * Resilience4j, open.
   *
   * @return whether permitted
   */
  @Benchmark
  public boolean resilience4jOpenRejection() {
    return r4jOpen.tryAcquirePermission();
  }

  /**
   * Failsafe, open.
   *
   * @return whether permitted
   */
  @Benchmark
  public boolean failsafeOpenRejection() {
    return failsafeOpen.tryAcquirePermit();
  }

  /**
   * Levee, open, coarse ticker.
   *
   * @return the refused permit
   */
  @Benchmark
  public long leveeOpenRejectionCoarse() {
    return leveeOpenCoarse.tryAcquire();
  }

  /**
   * Resilience4j, open, its clock reading the same coarse ticker.
   *
   * @return whether permitted
   */
  @Benchmark
  public boolean resilience4jOpenRejectionCoarse() {
    return r4jOpenCoarse.tryAcquirePermission();
  }

  /**
   * Levee, open: a decorated call, refused.
   *
   * @return -1, the refusal having been caught
   */
  @Benchmark
  public Integer leveeOpenCall() {
    try {
      return leveeOpen.get(call);
    } catch (dev.levee.core.CallNotPermittedException refused) {
      return -1;
    }
  }

  /**
   * Resilience4j, open: a decorated call, refused.
   *
   * @return -1, the refusal having been caught
   */
  @Benchmark
  public Integer resilience4jOpenCall() {
    try {
      return r4jOpenCall.get();
    } catch (io.github.resilience4j.circuitbreaker.CallNotPermittedException refused) {
      return -1;
    }
  }

  /**
   * Failsafe, open: a decorated call, refused.
   *
   * @return -1, the refusal having been caught
   */
  @Benchmark
  public Integer failsafeOpenCall() {
    try {
      return failsafeOpenExecutor.get(checkedCall);
    } catch (dev.failsafe.CircuitBreakerOpenException refused) {
      return -1;
    }
  }

  // ---- NoClock: Resilience4j without its per-call clock reads ----

  /**
   * Levee, as in the base row (it reads no clock without slow-call detection).
   *
   * @return the result
   */
  @Benchmark
  public Integer leveeNoClock() {
    return levee.get(call);
  }

  /**
   * Resilience4j with {@code currentTimestampFunction} returning 0: no clock read, so nothing is
   * ever slow, which is what Levee's row promises.
   *
   * @return the result
   */
  @Benchmark
  public Integer resilience4jNoClock() {
    return r4jNoClockCall.get();
  }

  /** A wall clock that moves with a coarse ticker: Resilience4j's twin of Levee's coarse rows. */
  static final class CoarseClock extends java.time.Clock {
    private final CoarseTicker ticker;
    private final long baseMillis = System.currentTimeMillis();
    private final long baseNanos;

    CoarseClock(CoarseTicker ticker) {
      this.ticker = ticker;
      this.baseNanos = ticker.read();
    }

    @Override
    public java.time.ZoneId getZone() {
      return java.time.ZoneOffset.UTC;
    }

    @Override
    public java.time.Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public java.time.Instant instant() {
      return java.time.Instant.ofEpochMilli(baseMillis + (ticker.read() - baseNanos) / 1_000_000);
    }
  }

  // ---- Work: ~1 us call ----

  /**
   * The bare call with work.
   *
   * @return the result
   */
  @Benchmark
  public Integer baselineWork() {
    return work.get();
  }

  /**
   * Levee with work.
   *
   * @return the result
   */
  @Benchmark
  public Integer leveeWork() {
    return levee.get(work);
  }

  /**
   * Resilience4j with work.
   *
   * @return the result
   */
  @Benchmark
  public Integer resilience4jWork() {
    return r4jWork.get();
  }

  /**
   * Failsafe with work.
   *
   * @return the result
   */
  @Benchmark
  public Integer failsafeWork() {
    return failsafe.get(checkedWork);
  }

  // ---- TwoThreads ----

  /**
   * Levee, two threads.
   *
   * @return the result
   */
  @Benchmark
  @Threads(2)
  public Integer leveeTwoThreads() {
    return levee.get(call);
  }

  /**
   * Resilience4j, two threads.
   *
   * @return the result
   */
  @Benchmark
  @Threads(2)
  public Integer resilience4jTwoThreads() {
    return r4jCall.get();
  }

  /**
   * Failsafe, two threads.
   *
   * @return the result
   */
  @Benchmark
  @Threads(2)
  public Integer failsafeTwoThreads() {
    return failsafe.get(checkedCall);
  }
}
