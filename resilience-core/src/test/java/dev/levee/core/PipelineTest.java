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
                    .isEqualTo("circuit breaker open"));
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
    RateLimiter limiter =
        RateLimiter.of(
            "db",
            RateLimiterConfig.builder("db")
                .limit(1, Duration.ofSeconds(1))
                .burst(2)
                .ticker(ticker)
                .build());
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
}
