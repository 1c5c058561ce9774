package dev.levee.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levee.timeouts.OperationTimeoutException;
import dev.levee.timeouts.TimeLimiter;
import dev.levee.timeouts.testing.ManualScheduler;
import dev.levee.timeouts.testing.ManualTicker;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class PipelineTest {
  private final ManualTicker ticker = new ManualTicker();

  private Retry retry(int maxRetries) {
    return Retry.of(
        "db",
        RetryConfig.builder("db")
            .maxRetries(maxRetries)
            .ticker(ticker)
            .sleeper(ticker.sleeper())
            .scheduler(new ManualScheduler(ticker))
            .build());
  }

  /** One permit a second, on the manual ticker. */
  private RateLimiter limiter(int burst) {
    return RateLimiter.of(
        "db",
        RateLimiterConfig.builder("db")
            .limit(1, Duration.ofSeconds(1))
            .burst(burst)
            .ticker(ticker)
            .build());
  }

  private CircuitBreaker breaker(int failures) {
    return CircuitBreaker.of(
        "db",
        CircuitBreakerConfig.builder("db")
            .consecutiveFailures(failures)
            .openDuration(Duration.ofSeconds(30))
            .ticker(ticker)
            .build());
  }

  @Test
  void everyRetryAttemptGoesThroughTheBreakerAndAnOpenBreakerStopsThem() {
    CircuitBreaker breaker = breaker(3);
    Pipeline p = Pipeline.builder("db").retry(retry(10)).circuitBreaker(breaker).build();
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(
            () ->
                p.call(
                    () -> {
                      calls.incrementAndGet();
                      throw new ConnectException("down");
                    }))
        .isInstanceOf(ConnectException.class)
        .satisfies(
            e ->
                assertThat(((RetryStoppedException) e.getSuppressed()[0]).stopReason())
                    .isEqualTo(RetryStopReason.CIRCUIT_BREAKER_OPEN));
    assertThat(calls).as("the third failure opens the breaker: no fourth attempt").hasValue(3);
    assertThat(breaker.state()).isEqualTo(CircuitBreakerState.OPEN);
    assertThat(ticker.sleeps())
        .as("two waits between three attempts, none after the breaker opened")
        .containsExactly(Duration.ofMillis(50), Duration.ofMillis(100));
    calls.set(0);
    assertThatThrownBy(() -> p.call(() -> calls.incrementAndGet()))
        .as("a call while open is rejected at once")
        .isInstanceOf(CallNotPermittedException.class);
    assertThat(calls).hasValue(0);
  }

  @Test
  void theTimeoutBoundsTheRetriesWaits() {
    Pipeline p =
        Pipeline.builder("db")
            .timeout(Duration.ofMillis(200))
            .ticker(ticker)
            .retry(retry(10))
            .build();
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(
            () ->
                p.run(
                    () -> {
                      calls.incrementAndGet();
                      throw new IllegalStateException(new ConnectException());
                    }))
        .isInstanceOf(IllegalStateException.class);
    Supplier<String> flaky =
        () -> {
          calls.incrementAndGet();
          throw new java.io.UncheckedIOException(new ConnectException());
        };
    calls.set(0);
    assertThatThrownBy(() -> p.get(flaky)).isInstanceOf(java.io.UncheckedIOException.class);
    assertThat(calls).as("50 + 100 fit in 200ms, 200 more would not").hasValue(3);
  }

  @Test
  void theBulkheadHoldsAPlaceOnlyWhileAnAttemptRuns() throws Exception {
    Bulkhead bulkhead = Bulkhead.of("db", 1, Duration.ZERO);
    InFlightTracker tracker = InFlightTracker.create("db", ticker, 16);
    AtomicInteger inFlightDuringWait = new AtomicInteger(-1);
    Retry retry =
        Retry.of(
            "db",
            RetryConfig.builder("db")
                .maxRetries(1)
                .ticker(ticker)
                .sleeper(
                    nanos -> {
                      inFlightDuringWait.set(bulkhead.inFlight() + tracker.inFlight());
                      ticker.advanceNanos(nanos);
                    })
                .build());
    Pipeline p = Pipeline.builder("db").retry(retry).bulkhead(bulkhead).inFlight(tracker).build();
    AtomicInteger calls = new AtomicInteger();
    assertThat(
            p.call(
                () -> {
                  if (calls.incrementAndGet() == 1) {
                    throw new ConnectException();
                  }
                  return bulkhead.inFlight() * 10 + tracker.inFlight();
                }))
        .as("inside an attempt: one place, one tracked call")
        .isEqualTo(11);
    assertThat(inFlightDuringWait).as("nothing held while waiting").hasValue(0);
    assertThat(bulkhead.inFlight()).isZero();
    assertThat(tracker.inFlight()).isZero();
  }

  @Test
  void theRateLimiterPacesEveryAttempt() {
    RateLimiter limiter = limiter(2);
    Pipeline p = Pipeline.builder("db").retry(retry(5)).rateLimiter(limiter).build();
    assertThatThrownBy(
            () ->
                p.call(
                    () -> {
                      throw new ConnectException();
                    }))
        .as("two attempts use the burst; the third is refused, which is TRANSIENT and waits")
        .isInstanceOf(Exception.class);
    assertThat(limiter.permittedCount()).isGreaterThanOrEqualTo(2);
    assertThat(limiter.rejectedCount()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void decoratedFunctionsGoThroughThePipeline() throws Exception {
    CircuitBreaker breaker = breaker(1);
    Pipeline p = Pipeline.builder("db").circuitBreaker(breaker).build();
    Supplier<String> s = p.decorateSupplier(() -> "supplied");
    Callable<String> c = p.decorateCallable(() -> "called");
    Function<Integer, Integer> f = p.decorateFunction(x -> x * 2);
    assertThat(s.get()).isEqualTo("supplied");
    assertThat(c.call()).isEqualTo("called");
    assertThat(f.apply(21)).isEqualTo(42);
    assertThat(breaker.successCount()).isEqualTo(3);
  }

  @Test
  void asyncCallsGoThroughTheBreakerOnEachRetryAttempt() throws Exception {
    ManualScheduler scheduler = new ManualScheduler(ticker);
    Retry retry =
        Retry.of(
            "rpc",
            RetryConfig.builder("rpc")
                .ticker(ticker)
                .sleeper(ticker.sleeper())
                .scheduler(scheduler)
                .build());
    CircuitBreaker breaker = breaker(5);
    Pipeline p = Pipeline.builder("rpc").retry(retry).circuitBreaker(breaker).build();
    AtomicInteger calls = new AtomicInteger();
    CompletableFuture<String> result =
        p.callAsync(
            () ->
                calls.incrementAndGet() < 2
                    ? CompletableFuture.failedFuture(new ConnectException())
                    : CompletableFuture.completedFuture("pong"));
    scheduler.advance(Duration.ofMillis(50));
    assertThat(result.get(1, TimeUnit.SECONDS)).isEqualTo("pong");
    assertThat(breaker.failureCount()).isEqualTo(1);
    assertThat(breaker.successCount()).isEqualTo(1);
  }

  @Test
  void aTimeLimiterEnforcesThePipelineTimeoutOnABlockingAttempt() throws Exception {
    try (TimeLimiter limiter = TimeLimiter.builder("pipeline").build()) {
      Pipeline p =
          Pipeline.builder("slow").timeout(Duration.ofMillis(150)).timeLimiter(limiter).build();
      assertThatThrownBy(
              () ->
                  p.call(
                      () -> {
                        new CountDownLatch(1).await();
                        return "never";
                      }))
          .isInstanceOf(OperationTimeoutException.class)
          .hasMessageContaining("operation \"slow\" timed out");
    }
  }

  @Test
  void localRejectionsInsideTheBreakerAreNotDependencyFailures() {
    CircuitBreaker breaker = breaker(1); // one recorded failure would open it
    RateLimiter limiter = limiter(1);
    Pipeline p = Pipeline.builder("db").circuitBreaker(breaker).rateLimiter(limiter).build();
    assertThat(p.get(() -> "first")).isEqualTo("first");
    assertThatThrownBy(() -> p.get(() -> "second")).isSameAs(limiter.rejection());
    assertThat(breaker.state())
        .as("the limiter refused; the database was never called")
        .isEqualTo(CircuitBreakerState.CLOSED);
    assertThat(breaker.failureCount()).isZero();

    Bulkhead bulkhead = Bulkhead.of("db", 1, Duration.ZERO);
    Pipeline q = Pipeline.builder("db").circuitBreaker(breaker).bulkhead(bulkhead).build();
    assertThat(
            q.get(
                () -> {
                  assertThatThrownBy(() -> q.get(() -> "nested")).isSameAs(bulkhead.rejection());
                  return "outer";
                }))
        .isEqualTo("outer");
    assertThat(breaker.state()).isEqualTo(CircuitBreakerState.CLOSED);
    assertThat(breaker.failureCount()).isZero();
    assertThat(breaker.successCount()).isEqualTo(2);
    // The same holds for a hand-made composition: a bulkhead refusal inside breaker.get.
    assertThatThrownBy(
            () ->
                breaker.get(
                    () -> {
                      throw bulkhead.rejection();
                    }))
        .isSameAs(bulkhead.rejection());
    assertThat(breaker.state()).isEqualTo(CircuitBreakerState.CLOSED);
  }

  @Test
  void theBreakerTimesAttemptsForSlowCallDetection() {
    CircuitBreaker breaker =
        CircuitBreaker.of(
            "db",
            CircuitBreakerConfig.builder("db")
                .countWindow(10)
                .minimumCalls(2)
                .slowCalls(Duration.ofMillis(100), 50)
                .ticker(ticker)
                .build());
    Pipeline p = Pipeline.builder("db").retry(retry(0)).circuitBreaker(breaker).build();
    p.run(() -> ticker.advance(Duration.ofMillis(150)));
    p.run(() -> ticker.advance(Duration.ofMillis(10)));
    assertThat(breaker.slowCallCount()).isEqualTo(1);
    p.run(() -> ticker.advance(Duration.ofMillis(200)));
    assertThat(breaker.state())
        .as("2 of 3 calls slow, above 50 %%")
        .isEqualTo(CircuitBreakerState.OPEN);
  }

  @Test
  void asyncRejectionByAnOpenBreakerTakesNoPermitAndNoBulkheadPlace() throws Exception {
    CircuitBreaker breaker = breaker(1);
    breaker.transitionTo(CircuitBreakerState.FORCED_OPEN, "test");
    RateLimiter limiter = limiter(1);
    Bulkhead bulkhead = Bulkhead.of("db", 1, Duration.ZERO);
    Pipeline p =
        Pipeline.builder("db")
            .circuitBreaker(breaker)
            .rateLimiter(limiter)
            .bulkhead(bulkhead)
            .build();
    CompletableFuture<String> refused =
        p.callAsync(() -> CompletableFuture.completedFuture("never"));
    assertThat(refused).isCompletedExceptionally();
    assertThat(bulkhead.inFlight()).as("no place leaked").isZero();
    assertThat(limiter.availablePermits()).as("no permit spent").isEqualTo(1);

    breaker.transitionTo(CircuitBreakerState.CLOSED, "test");
    CompletableFuture<String> pending = new CompletableFuture<>();
    CompletableFuture<String> result = p.callAsync(() -> pending);
    assertThat(bulkhead.inFlight()).isEqualTo(1);
    assertThat(p.callAsync(() -> CompletableFuture.completedFuture("x")))
        .as("the bulkhead is full while the first runs")
        .isCompletedExceptionally();
    assertThat(breaker.failureCount()).as("a local refusal is not a failure").isZero();
    pending.complete("done");
    assertThat(result.get(1, TimeUnit.SECONDS)).isEqualTo("done");
    assertThat(bulkhead.inFlight()).isZero();
    assertThat(breaker.successCount()).isEqualTo(1);
  }

  @Test
  void asyncCallsTellTheThrottleWhatTheBackendAccepted() throws Exception {
    // K = 1 and a random source that never throttles: the probability is then exactly
    // (requests - accepts) / (requests + 1), so any request counted without an accept shows.
    AdaptiveThrottle throttle =
        AdaptiveThrottle.of(
            "db",
            AdaptiveThrottleConfig.builder("db").ticker(ticker).k(1).random(() -> 0.999).build());
    Bulkhead bulkhead = Bulkhead.of("db", 1, Duration.ZERO);
    Pipeline p = Pipeline.builder("db").throttle(throttle).bulkhead(bulkhead).build();
    for (int i = 0; i < 200; i++) {
      assertThat(p.callAsync(() -> CompletableFuture.completedFuture(1)).get(1, TimeUnit.SECONDS))
          .isEqualTo(1);
    }
    CompletableFuture<Integer> pending = new CompletableFuture<>();
    p.callAsync(() -> pending);
    for (int i = 0; i < 50; i++) {
      p.callAsync(() -> CompletableFuture.completedFuture(2)); // the bulkhead refuses these
    }
    pending.complete(3);
    assertThat(throttle.rejectionProbability())
        .as("every sent request was accepted; bulkhead refusals were never sent")
        .isZero();
    assertThat(throttle.throttledCount()).isZero();
  }

  /**
   * A task that is all three kinds, failing its first time: which method ran tells the kinds apart.
   */
  private static final class EveryKind implements Callable<String>, Supplier<String>, Runnable {
    final java.util.List<String> ran = new java.util.ArrayList<>();

    private String record(String method) {
      ran.add(method);
      if (ran.size() == 1) {
        throw new java.io.UncheckedIOException(new ConnectException("first attempt fails"));
      }
      return method;
    }

    @Override
    public String call() {
      return record("call");
    }

    @Override
    public String get() {
      return record("get");
    }

    @Override
    public void run() {
      record("run");
    }
  }

  @Test
  void aTaskThatIsSeveralKindsRunsAsTheKindItWasGivenAs() throws Exception {
    try (TimeLimiter limiter = TimeLimiter.builder("kinds").build()) {
      Pipeline[] pipelines = {
        Pipeline.builder("plain").retry(retry(3)).build(),
        Pipeline.builder("limited")
            .retry(retry(3))
            .circuitBreaker(breaker(10))
            .timeLimiter(limiter)
            .timeout(Duration.ofSeconds(30))
            .build()
      };
      for (Pipeline p : pipelines) {
        EveryKind asCallable = new EveryKind();
        assertThat(p.call((Callable<String>) asCallable)).isEqualTo("call");
        assertThat(asCallable.ran).as(p + " call").containsExactly("call", "call");
        EveryKind asSupplier = new EveryKind();
        assertThat(p.get((Supplier<String>) asSupplier)).isEqualTo("get");
        assertThat(asSupplier.ran).as(p + " get").containsExactly("get", "get");
        EveryKind asRunnable = new EveryKind();
        p.run(asRunnable);
        assertThat(asRunnable.ran).as(p + " run").containsExactly("run", "run");
      }
      EveryKind direct = new EveryKind();
      retry(3).run(direct);
      assertThat(direct.ran).as("Retry.run").containsExactly("run", "run");
    }
  }

  @Test
  void aPipelineTimedOnACoarseTickerNestsInTheCallersDeadline() {
    try (dev.levee.timeouts.CoarseTicker coarse =
        dev.levee.timeouts.CoarseTicker.start(Duration.ofMillis(1), ticker)) {
      Pipeline p =
          Pipeline.builder("db")
              .timeout(Duration.ofSeconds(5))
              .ticker(coarse)
              .retry(retry(3))
              .build();
      Supplier<Long> remaining =
          () -> dev.levee.timeouts.Deadline.current().orElseThrow().remainingNanos();
      try (dev.levee.timeouts.Deadline.Scope caller =
          dev.levee.timeouts.Deadline.after(Duration.ofMillis(200), ticker).bind()) {
        assertThat(p.get(remaining)).as("the caller's earlier deadline").isEqualTo(200_000_000L);
      }
      assertThat(p.get(remaining)).as("the pipeline's own").isEqualTo(5_000_000_000L);
    }
  }
}
