package dev.levee.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levee.errors.ClassifiedException;
import dev.levee.errors.ErrorCategory;
import dev.levee.testkit.Await;
import dev.levee.testkit.LeveeThreads;
import dev.levee.timeouts.OperationTimeoutException;
import dev.levee.timeouts.TimeLimiter;
import dev.levee.timeouts.testing.ManualScheduler;
import dev.levee.timeouts.testing.ManualTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The adaptive limiter as a pipeline stage: inside the bulkhead, each attempt's outcome recorded,
 * and no place left behind by exceptions, time-outs, rejections of other stages or cancellation.
 */
class AdaptiveLimiterPipelineTest {
  private final ManualTicker ticker = new ManualTicker();

  private AdaptiveLimiter limiter(int limit) {
    return AdaptiveLimiter.of(
        "db",
        AdaptiveLimiterConfig.builder("db")
            .initialLimit(limit)
            .minLimit(1)
            .maxLimit(limit)
            .ticker(ticker)
            .build());
  }

  @Test
  void exceptionsGiveThePlaceBackAndTransientOnesAreDrops() {
    AdaptiveLimiter l = limiter(2);
    Pipeline p = Pipeline.builder("db").adaptiveLimiter(l).build();
    for (int i = 0; i < 10; i++) {
      int n = i;
      assertThatThrownBy(
              () ->
                  p.run(
                      () -> {
                        throw n % 2 == 0
                            ? new ClassifiedException(ErrorCategory.TRANSIENT, "db", "busy")
                            : new IllegalStateException("bug");
                      }))
          .isInstanceOf(RuntimeException.class);
    }
    assertThat(l.inFlight()).isZero();
    assertThat(l.droppedCount()).isEqualTo(5);
    assertThat(p.get(() -> "ok")).isEqualTo("ok");
  }

  @Test
  void theLimiterRejectsInsideTheBulkheadAndGivesEverythingBack() {
    AdaptiveLimiter l = limiter(1);
    Bulkhead bulkhead = Bulkhead.of("db", 5, Duration.ZERO);
    CircuitBreaker breaker =
        CircuitBreaker.of(
            "db", CircuitBreakerConfig.builder("db").consecutiveFailures(1).ticker(ticker).build());
    Pipeline p =
        Pipeline.builder("db")
            .circuitBreaker(breaker)
            .bulkhead(bulkhead)
            .adaptiveLimiter(l)
            .build();
    String outer =
        p.get(
            () -> {
              assertThat(bulkhead.inFlight()).isEqualTo(1);
              assertThat(l.inFlight()).isEqualTo(1);
              assertThatThrownBy(() -> p.get(() -> "nested")).isSameAs(l.rejection());
              assertThat(bulkhead.inFlight())
                  .as("the rejected attempt's bulkhead place")
                  .isEqualTo(1);
              return "outer";
            });
    assertThat(outer).isEqualTo("outer");
    assertThat(l.inFlight()).isZero();
    assertThat(bulkhead.inFlight()).isZero();
    assertThat(breaker.state())
        .as("a local rejection is not the dependency failing")
        .isEqualTo(CircuitBreakerState.CLOSED);
  }

  @Test
  void aTimeLimiterTimeOutIsADropAndFreesThePlace() throws Exception {
    AdaptiveLimiter l =
        AdaptiveLimiter.of("slow", AdaptiveLimiterConfig.builder("slow").initialLimit(3).build());
    try (TimeLimiter timeLimiter = TimeLimiter.builder("pipeline").build()) {
      Pipeline p =
          Pipeline.builder("slow")
              .timeout(Duration.ofMillis(100))
              .timeLimiter(timeLimiter)
              .adaptiveLimiter(l)
              .build();
      for (int i = 0; i < 3; i++) {
        assertThatThrownBy(
                () ->
                    p.call(
                        () -> {
                          new CountDownLatch(1).await();
                          return "never";
                        }))
            .isInstanceOf(OperationTimeoutException.class);
      }
      assertThat(l.inFlight()).isZero();
      assertThat(l.droppedCount()).isEqualTo(3);
      assertThat(p.get(() -> "fast")).isEqualTo("fast");
    }
    LeveeThreads.assertNoneSurvive(Duration.ofSeconds(5));
  }

  @Test
  void anAsyncAttemptHoldsItsPlaceUntilItsStageCompletes() throws Exception {
    AdaptiveLimiter l = limiter(2);
    Pipeline p = Pipeline.builder("db").adaptiveLimiter(l).build();
    CompletableFuture<String> work = new CompletableFuture<>();
    CompletableFuture<String> outcome = p.callAsync(() -> work);
    assertThat(l.inFlight()).isEqualTo(1);
    work.complete("row");
    assertThat(outcome.get(1, TimeUnit.SECONDS)).isEqualTo("row");
    assertThat(l.inFlight()).isZero();
  }

  @Test
  void cancelledAsyncWorkGivesItsPlaceBackWithoutASample() {
    AdaptiveLimiter l = limiter(3);
    Pipeline p = Pipeline.builder("db").adaptiveLimiter(l).build();
    List<CompletableFuture<String>> works = new ArrayList<>();
    List<CompletableFuture<String>> outcomes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      CompletableFuture<String> work = new CompletableFuture<>();
      works.add(work);
      outcomes.add(p.callAsync(() -> work));
    }
    assertThat(l.inFlight()).isEqualTo(3);
    assertThatThrownBy(() -> p.callAsync(CompletableFuture::new).join())
        .hasCauseInstanceOf(ConcurrencyLimitExceededException.class);
    works.forEach(w -> w.cancel(true));
    assertThat(l.inFlight()).isZero();
    assertThat(l.droppedCount()).isZero();
    assertThat(outcomes).allMatch(CompletableFuture::isCompletedExceptionally);
    assertThatThrownBy(() -> outcomes.get(0).get(1, TimeUnit.SECONDS))
        .isInstanceOfAny(CancellationException.class, ExecutionException.class);
  }

  @Test
  void asyncWorkThatThrowsOrRetriesNeverLeaksAPlace() throws Exception {
    AdaptiveLimiter l = limiter(4);
    ManualScheduler scheduler = new ManualScheduler(ticker);
    Retry retry =
        Retry.of(
            "db",
            RetryConfig.builder("db")
                .maxRetries(3)
                .ticker(ticker)
                .sleeper(ticker.sleeper())
                .scheduler(scheduler)
                .build());
    Pipeline p = Pipeline.builder("db").retry(retry).adaptiveLimiter(l).build();
    AtomicInteger attempts = new AtomicInteger();
    CompletableFuture<String> outcome =
        p.callAsync(
            () -> {
              if (attempts.incrementAndGet() < 3) {
                return CompletableFuture.failedFuture(
                    new ClassifiedException(ErrorCategory.RETRIABLE, "db", "flaky"));
              }
              if (attempts.get() == 3) {
                throw new ClassifiedException(ErrorCategory.RETRIABLE, "db", "thrown");
              }
              return CompletableFuture.completedFuture("row");
            });
    Await.until(
        Duration.ofSeconds(5),
        "the retry to finish on the manual scheduler",
        () -> {
          scheduler.advance(Duration.ofSeconds(1));
          return outcome.isDone();
        });
    assertThat(outcome.get()).isEqualTo("row");
    assertThat(attempts).hasValue(4);
    assertThat(l.inFlight()).isZero();
  }
}
