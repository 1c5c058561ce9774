package dev.levee.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levee.testkit.Await;
import dev.levee.testkit.LeveeThreads;
import dev.levee.timeouts.testing.ManualScheduler;
import dev.levee.timeouts.testing.ManualTicker;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** A hedge inside a pipeline (each attempt through the inner stages), and blocking hedged calls. */
class HedgePipelineTest {
  private final ManualTicker ticker = new ManualTicker();
  private final ManualScheduler scheduler = new ManualScheduler(ticker);
  private final List<CompletableFuture<String>> attempts = new ArrayList<>();
  private final Supplier<CompletableFuture<String>> work =
      () -> {
        CompletableFuture<String> f = new CompletableFuture<>();
        attempts.add(f);
        return f;
      };

  private Hedge hedge() {
    return Hedge.of(
        "db",
        HedgeConfig.builder("db")
            .percentile(0)
            .delay(Duration.ofMillis(50))
            .scheduler(scheduler)
            .ticker(ticker)
            .build());
  }

  private CircuitBreaker breaker() {
    return CircuitBreaker.of(
        "db",
        CircuitBreakerConfig.builder("db")
            .consecutiveFailures(5)
            .openDuration(Duration.ofSeconds(30))
            .ticker(ticker)
            .build());
  }

  @Test
  void eachHedgedAttemptTakesABulkheadPlaceAndTheLoserGivesItsBackAndRecordsNothing() {
    CircuitBreaker breaker = breaker();
    Bulkhead bulkhead = Bulkhead.of("db", 2, Duration.ZERO);
    Pipeline p =
        Pipeline.builder("db").hedge(hedge()).circuitBreaker(breaker).bulkhead(bulkhead).build();
    CompletableFuture<String> call = p.callAsync(work);
    assertThat(bulkhead.inFlight()).isOne();
    scheduler.advance(Duration.ofMillis(50));
    assertThat(bulkhead.inFlight()).as("the hedge holds a place of its own").isEqualTo(2);
    attempts.get(1).complete("second");
    assertThat(call).isCompletedWithValue("second");
    assertThat(attempts.get(0)).isCancelled();
    assertThat(bulkhead.inFlight()).as("both places given back").isZero();
    assertThat(breaker.successCount()).isOne();
    assertThat(breaker.failureCount()).as("the cancelled loser is no failure").isZero();
    assertThat(breaker.ignoredCount())
        .as("a cancellation records nothing, like a local rejection")
        .isZero();
  }

  @Test
  void aHedgeTheBulkheadRefusesLeavesTheFirstAttemptToFinish() {
    Bulkhead bulkhead = Bulkhead.of("db", 1, Duration.ZERO);
    Hedge hedge = hedge();
    Pipeline p = Pipeline.builder("db").hedge(hedge).bulkhead(bulkhead).build();
    CompletableFuture<String> call = p.callAsync(work);
    scheduler.advance(Duration.ofMillis(50));
    assertThat(attempts).as("the bulkhead refused the hedge").hasSize(1);
    assertThat(hedge.hedgeCount()).isOne();
    assertThat(call).as("a refused hedge waits for the first attempt").isNotDone();
    attempts.get(0).complete("first");
    assertThat(call).isCompletedWithValue("first");
    assertThat(bulkhead.inFlight()).isZero();
  }

  @Test
  void aRetryAroundTheHedgeRetriesWhenBothAttemptsFail() {
    Retry retry =
        Retry.of(
            "db",
            RetryConfig.builder("db")
                .maxRetries(1)
                .ticker(ticker)
                .sleeper(ticker.sleeper())
                .scheduler(scheduler)
                .build());
    Pipeline p = Pipeline.builder("db").retry(retry).hedge(hedge()).build();
    CompletableFuture<String> call = p.callAsync(work);
    scheduler.advance(Duration.ofMillis(50));
    attempts.get(0).completeExceptionally(new ConnectException("one"));
    attempts.get(1).completeExceptionally(new ConnectException("two"));
    Await.until(
        Duration.ofSeconds(5),
        "the retry's attempt",
        () -> {
          scheduler.advance(Duration.ofMillis(10));
          return attempts.size() == 3;
        });
    attempts.get(2).complete("third");
    assertThat(call).isCompletedWithValue("third");
  }

  @Test
  void blockingCallsHedgeOnTheExecutorAndInterruptTheLoser() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2, r -> new Thread(r, "levee-test-hedge"));
    try {
      Hedge hedge =
          Hedge.of(
              "db",
              HedgeConfig.builder("db")
                  .percentile(0)
                  .delay(Duration.ofMillis(50))
                  .scheduler(scheduler)
                  .executor(pool)
                  .ticker(ticker)
                  .build());
      CountDownLatch firstStarted = new CountDownLatch(1);
      CountDownLatch firstInterrupted = new CountDownLatch(1);
      CompletableFuture<String> caller =
          CompletableFuture.supplyAsync(
              () ->
                  hedge.get(
                      () -> {
                        if (firstStarted.getCount() == 1) {
                          firstStarted.countDown();
                          try {
                            new CountDownLatch(1).await(); // blocks until interrupted
                          } catch (InterruptedException e) {
                            firstInterrupted.countDown();
                          }
                          return "first";
                        }
                        return "second";
                      }));
      assertThat(firstStarted.await(5, TimeUnit.SECONDS)).as("first attempt started").isTrue();
      Await.until(
          Duration.ofSeconds(5), "the hedge timer is scheduled", () -> scheduler.pending() == 1);
      scheduler.advance(Duration.ofMillis(50));
      assertThat(caller.get(5, TimeUnit.SECONDS)).isEqualTo("second");
      assertThat(firstInterrupted.await(5, TimeUnit.SECONDS))
          .as("the loser was interrupted")
          .isTrue();
      assertThat(hedge.hedgeWonCount()).isOne();
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }
    LeveeThreads.assertNoneSurvive(Duration.ofSeconds(5));
  }

  @Test
  void aBlockingCallsFailureIsThrownAsItIs() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Hedge hedge =
          Hedge.of(
              "db",
              HedgeConfig.builder("db")
                  .percentile(0)
                  .scheduler(scheduler)
                  .executor(pool)
                  .ticker(ticker)
                  .build());
      IOException boom = new IOException("boom");
      assertThatThrownBy(
              () ->
                  hedge.call(
                      () -> {
                        throw boom;
                      }))
          .isSameAs(boom);
      assertThat(hedge.call(() -> "ok")).isEqualTo("ok");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aBlockingPipelineDoesNotHedge() throws Exception {
    Hedge hedge = hedge();
    Pipeline p = Pipeline.builder("db").hedge(hedge).build();
    assertThat(p.call(() -> "ok")).isEqualTo("ok");
    assertThat(hedge.callCount()).isZero();
    assertThat(scheduler.pending()).isZero();
  }
}
