package dev.levee.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levee.timeouts.testing.ManualScheduler;
import dev.levee.timeouts.testing.ManualTicker;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** A hedge on a manual scheduler: the test decides when the second attempt is due. */
class HedgeTest {
  private final ManualTicker ticker = new ManualTicker();
  private final ManualScheduler scheduler = new ManualScheduler(ticker);
  private final List<CompletableFuture<String>> attempts = new ArrayList<>();
  private final Supplier<CompletableFuture<String>> work =
      () -> {
        CompletableFuture<String> f = new CompletableFuture<>();
        attempts.add(f);
        return f;
      };

  private HedgeConfig.Builder fixed(long millis) {
    return HedgeConfig.builder("search")
        .percentile(0)
        .delay(Duration.ofMillis(millis))
        .scheduler(scheduler)
        .ticker(ticker);
  }

  private static final class Heard implements HedgeListener {
    final List<String> events = new ArrayList<>();

    @Override
    public void onHedgeSent(String name, long delayNanos) {
      events.add("sent " + name + " " + delayNanos / 1_000_000 + "ms");
    }

    @Override
    public void onHedgeWon(String name) {
      events.add("won " + name);
    }

    @Override
    public void onBudgetExhausted(String name) {
      events.add("refused " + name);
    }
  }

  @Test
  void aFastFirstAttemptSendsNoHedgeAndLeavesNoTimer() {
    Hedge hedge = Hedge.of("search", fixed(50).build());
    CompletableFuture<String> call = hedge.callAsync(work);
    assertThat(scheduler.pending()).isOne();
    attempts.get(0).complete("first");
    assertThat(call).isCompletedWithValue("first");
    assertThat(scheduler.pending()).as("the timer was cancelled").isZero();
    scheduler.advance(Duration.ofMillis(100));
    assertThat(attempts).hasSize(1);
    assertThat(hedge.callCount()).isOne();
    assertThat(hedge.hedgeCount()).isZero();
  }

  @Test
  void aSlowFirstAttemptGetsASecondAndTheWinnerCancelsTheLoser() {
    Hedge hedge = Hedge.of("search", fixed(50).build());
    Heard heard = new Heard();
    hedge.addListener(heard);
    CompletableFuture<String> call = hedge.callAsync(work);
    scheduler.advance(Duration.ofMillis(49));
    assertThat(attempts).as("not yet due").hasSize(1);
    scheduler.advance(Duration.ofMillis(1));
    assertThat(attempts).hasSize(2);
    attempts.get(1).complete("second");
    assertThat(call).isCompletedWithValue("second");
    assertThat(attempts.get(0)).as("the loser").isCancelled();
    attempts.get(0).complete("too late"); // ignored
    assertThat(call.join()).isEqualTo("second");
    assertThat(hedge.hedgeCount()).isOne();
    assertThat(hedge.hedgeWonCount()).isOne();
    assertThat(heard.events).containsExactly("sent search 50ms", "won search");
  }

  @Test
  void theFirstAttemptCanStillWinAfterTheHedgeIsSent() {
    Hedge hedge = Hedge.of("search", fixed(50).build());
    CompletableFuture<String> call = hedge.callAsync(work);
    scheduler.advance(Duration.ofMillis(50));
    attempts.get(0).complete("first");
    assertThat(call).isCompletedWithValue("first");
    assertThat(attempts.get(1)).isCancelled();
    assertThat(hedge.hedgeWonCount()).isZero();
  }

  @Test
  void aFailureBeforeTheHedgeEndsTheCallAtOnce() {
    Hedge hedge = Hedge.of("search", fixed(50).build());
    CompletableFuture<String> call = hedge.callAsync(work);
    IOException boom = new IOException("boom");
    attempts.get(0).completeExceptionally(boom);
    assertThatThrownBy(call::join).isInstanceOf(CompletionException.class).hasCause(boom);
    scheduler.advance(Duration.ofMillis(100));
    assertThat(attempts).as("a hedge is not a retry").hasSize(1);
    assertThat(scheduler.pending()).isZero();
  }

  @Test
  void aFailureAfterTheHedgeWaitsForTheOtherAttempt() {
    Hedge hedge = Hedge.of("search", fixed(50).build());
    CompletableFuture<String> call = hedge.callAsync(work);
    scheduler.advance(Duration.ofMillis(50));
    attempts.get(0).completeExceptionally(new IOException("first"));
    assertThat(call).as("the second attempt still runs").isNotDone();
    attempts.get(1).complete("second");
    assertThat(call).isCompletedWithValue("second");
  }

  @Test
  void whenBothFailTheCallFailsWithTheFirstFailureAndTheSecondSuppressed() {
    Hedge hedge = Hedge.of("search", fixed(50).build());
    CompletableFuture<String> call = hedge.callAsync(work);
    scheduler.advance(Duration.ofMillis(50));
    IOException second = new IOException("second");
    IOException first = new IOException("first");
    attempts.get(1).completeExceptionally(second);
    assertThat(call).isNotDone();
    attempts.get(0).completeExceptionally(first);
    assertThatThrownBy(call::join)
        .hasCause(second)
        .satisfies(e -> assertThat(e.getCause().getSuppressed()).containsExactly(first));
  }

  @Test
  void cancellingTheCallCancelsBothAttemptsAndTheTimer() {
    Hedge hedge = Hedge.of("search", fixed(50).build());
    CompletableFuture<String> call = hedge.callAsync(work);
    assertThat(call.cancel(true)).isTrue();
    assertThat(attempts.get(0)).isCancelled();
    assertThat(scheduler.pending()).isZero();

    CompletableFuture<String> hedged = hedge.callAsync(work);
    scheduler.advance(Duration.ofMillis(50));
    hedged.cancel(true);
    assertThat(attempts.get(1)).isCancelled();
    assertThat(attempts.get(2)).isCancelled();
  }

  @Test
  void theBudgetCapsTheHedgesAndRefusalsAreCounted() {
    RetryBudget budget = RetryBudget.of("search", 0.1, 2);
    Hedge hedge = Hedge.of("search", fixed(50).budget(budget).build());
    Heard heard = new Heard();
    hedge.addListener(heard);
    for (int i = 0; i < 5; i++) {
      hedge.callAsync(work);
    }
    scheduler.advance(Duration.ofMillis(50));
    assertThat(attempts).as("5 first attempts and 2 hedges (the budget's capacity)").hasSize(7);
    assertThat(hedge.hedgeCount()).isEqualTo(2);
    assertThat(hedge.budgetExhaustedCount()).isEqualTo(3);
    assertThat(heard.events).filteredOn(e -> e.startsWith("refused")).hasSize(3);
    assertThat(hedge.budget()).isSameAs(budget);
    // 10 more calls deposit one token: one more hedge
    for (int i = 0; i < 10; i++) {
      hedge.callAsync(work);
    }
    scheduler.advance(Duration.ofMillis(50));
    assertThat(hedge.hedgeCount()).isEqualTo(3);
  }

  @Test
  void aSupplierThatThrowsFailsTheCall() {
    Hedge hedge = Hedge.of("search", fixed(50).build());
    IllegalStateException bad = new IllegalStateException("bad");
    CompletableFuture<String> call =
        hedge.callAsync(
            () -> {
              throw bad;
            });
    assertThatThrownBy(call::join).hasCause(bad);
    assertThat(scheduler.pending()).isZero();
  }

  @Test
  void theDelayFollowsThePercentileOfRecentLatencies() {
    Hedge hedge =
        Hedge.of(
            "search",
            HedgeConfig.builder("search")
                .percentile(90)
                .delay(Duration.ofMillis(200))
                .window(Duration.ofSeconds(1))
                .scheduler(scheduler)
                .ticker(ticker)
                .build());
    assertThat(hedge.currentDelay())
        .as("until latencies are known")
        .isEqualTo(Duration.ofMillis(200));
    // 100 calls of 10ms, then 20 of 1ms: the 90th percentile is about 10ms
    for (int i = 0; i < 120; i++) {
      CompletableFuture<String> call = hedge.callAsync(work);
      ticker.advance(Duration.ofMillis(i < 100 ? 10 : 1));
      attempts.get(attempts.size() - 1).complete("ok");
      assertThat(call).isDone();
    }
    long delayMs = hedge.currentDelay().toMillis();
    assertThat(delayMs).isBetween(10L, 12L);
    // a second later, with fast calls only, the slow ones age out within two windows
    for (int i = 0; i < 400; i++) {
      hedge.callAsync(work);
      ticker.advance(Duration.ofMillis(5));
      attempts.get(attempts.size() - 1).complete("ok");
    }
    assertThat(hedge.currentDelay().toMillis()).isBetween(5L, 6L);
    assertThat(hedge.hedgeCount()).isZero();
  }

  @Test
  void thePercentileTimesTheWinningAttemptNotTheCallSoTheDelayDoesNotFeedOnItself() {
    Hedge hedge =
        Hedge.of(
            "search",
            HedgeConfig.builder("search")
                .percentile(90)
                .delay(Duration.ofMillis(200))
                .window(Duration.ofSeconds(60))
                .budget(RetryBudget.of("search", 1, 1_000))
                .scheduler(scheduler)
                .ticker(ticker)
                .build());
    // Every first attempt hangs; every second one answers 5ms after it was sent.
    for (int i = 0; i < 150; i++) {
      CompletableFuture<String> call = hedge.callAsync(work);
      scheduler.advance(hedge.currentDelay());
      scheduler.advance(Duration.ofMillis(5));
      attempts.get(attempts.size() - 1).complete("second");
      assertThat(call).isCompletedWithValue("second");
    }
    assertThat(hedge.hedgeWonCount()).isEqualTo(150);
    assertThat(hedge.currentDelay().toMillis())
        .as("5ms attempts, though the calls took 205ms and more")
        .isEqualTo(5);
  }

  @Test
  void blockingCallsNeedAnExecutor() {
    Hedge hedge = Hedge.of("search", fixed(50).build());
    assertThatThrownBy(() -> hedge.call(() -> "x"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("hedge \"search\": blocking calls need an executor");
  }

  @Test
  void configValidatesAndRoundTripsThroughToBuilder() {
    assertThatThrownBy(() -> HedgeConfig.builder("search").percentile(20))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("hedge \"search\": percentile must be 0 or in [50,99.9], was 20.0");
    assertThatThrownBy(() -> HedgeConfig.builder("search").delay(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("delay must be in [0, 1h]");
    assertThatThrownBy(() -> HedgeConfig.builder("search").window(Duration.ofMillis(10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("window must be in [1s, 1h]");
    assertThatThrownBy(() -> HedgeConfig.builder("search").build())
        .hasMessageContaining("scheduler");
    HedgeConfig c = fixed(50).build();
    assertThat(c.toBuilder("search").build()).isEqualTo(c).hasSameHashCodeAs(c);
    HedgeConfig d = HedgeConfig.builder("d").scheduler(scheduler).build();
    assertThat(d.percentile()).isEqualTo(95);
    assertThat(d.delay()).isEqualTo(Duration.ofMillis(100));
    assertThat(d.budget()).isNull();
    Hedge h = Hedge.of("d", d);
    assertThat(h.budget().available()).isEqualTo(HedgeConfig.DEFAULT_BUDGET_CAPACITY);
    assertThat(h.toString()).contains("d").contains("100ms").doesNotContain("null");
  }

  @Test
  void aThrowingListenerDoesNotBreakTheCall() {
    Hedge hedge = Hedge.of("search", fixed(50).build());
    AtomicInteger heard = new AtomicInteger();
    hedge.addListener(
        new HedgeListener() {
          @Override
          public void onHedgeSent(String name, long delayNanos) {
            throw new IllegalStateException("listener");
          }
        });
    hedge.addListener(
        new HedgeListener() {
          @Override
          public void onHedgeSent(String name, long delayNanos) {
            heard.incrementAndGet();
          }
        });
    CompletableFuture<String> call = hedge.callAsync(work);
    scheduler.advance(Duration.ofMillis(50));
    assertThat(attempts).hasSize(2);
    assertThat(heard.get()).isOne();
    attempts.get(1).complete("ok");
    assertThat(call).isCompletedWithValue("ok");
  }

  @Test
  void theLoserSeesACancellation() {
    Hedge hedge = Hedge.of("search", fixed(50).build());
    hedge.callAsync(work);
    scheduler.advance(Duration.ofMillis(50));
    attempts.get(0).complete("first");
    assertThatThrownBy(attempts.get(1)::join).isInstanceOf(CancellationException.class);
  }
}
