package dev.levee.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.testkit.Await;
import dev.levee.testkit.LeveeThreads;
import dev.levee.timeouts.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many hedged calls on real threads, each attempt completed (or failed) by another thread at a
 * random moment, some calls cancelled by their caller: every call completes exactly once, every
 * losing attempt is cancelled, the hedges stay within the budget, and no timer is left behind.
 */
@Timeout(120)
class HedgeStressTest {
  private static final int CALLS = 20_000;

  @Test
  void everyCallEndsOnceLosersAreCancelledAndTheBudgetHolds() throws Exception {
    ScheduledThreadPoolExecutor timers =
        new ScheduledThreadPoolExecutor(1, r -> new Thread(r, "levee-test-hedge-timer"));
    timers.setRemoveOnCancelPolicy(true);
    ScheduledExecutorService finishers =
        Executors.newScheduledThreadPool(3, r -> new Thread(r, "levee-test-hedge-work"));
    ExecutorService callers = Executors.newFixedThreadPool(4);
    RetryBudget budget = RetryBudget.of("stress", 0.05, 10);
    Hedge hedge =
        Hedge.of(
            "stress",
            HedgeConfig.builder("stress")
                .percentile(0)
                .delay(Duration.ofNanos(200_000))
                .budget(budget)
                .scheduler(Scheduler.of(timers))
                .build());
    ConcurrentLinkedQueue<CompletableFuture<Integer>> allAttempts = new ConcurrentLinkedQueue<>();
    AtomicInteger completions = new AtomicInteger();
    List<CompletableFuture<Integer>> calls = new ArrayList<>();
    try {
      List<CompletableFuture<List<CompletableFuture<Integer>>>> batches = new ArrayList<>();
      for (int c = 0; c < 4; c++) {
        batches.add(
            CompletableFuture.supplyAsync(
                () -> {
                  List<CompletableFuture<Integer>> mine = new ArrayList<>();
                  for (int i = 0; i < CALLS / 4; i++) {
                    CompletableFuture<Integer> call =
                        hedge.callAsync(
                            () -> {
                              CompletableFuture<Integer> a = new CompletableFuture<>();
                              allAttempts.add(a);
                              ThreadLocalRandom r = ThreadLocalRandom.current();
                              long after = r.nextLong(500_000);
                              boolean fails = r.nextInt(10) == 0;
                              finishers.schedule(
                                  () -> {
                                    if (fails) {
                                      a.completeExceptionally(new IllegalStateException("x"));
                                    } else {
                                      a.complete(1);
                                    }
                                  },
                                  after,
                                  TimeUnit.NANOSECONDS);
                              return a;
                            });
                    call.whenComplete((v, e) -> completions.incrementAndGet());
                    if (ThreadLocalRandom.current().nextInt(50) == 0) {
                      call.cancel(true);
                    }
                    mine.add(call);
                  }
                  return mine;
                },
                callers));
      }
      for (CompletableFuture<List<CompletableFuture<Integer>>> b : batches) {
        calls.addAll(b.get(60, TimeUnit.SECONDS));
      }
      Await.until(
          Duration.ofSeconds(60),
          () -> completions.get() + " of " + CALLS + " calls completed",
          () -> completions.get() == CALLS);
      Await.until(
          Duration.ofSeconds(10),
          () ->
              "every attempt done, "
                  + allAttempts.stream().filter(a -> !a.isDone()).count()
                  + " left",
          () -> allAttempts.stream().allMatch(CompletableFuture::isDone));
      Await.until(
          Duration.ofSeconds(10), "no timer left behind", () -> timers.getQueue().isEmpty());
    } finally {
      callers.shutdownNow();
      finishers.shutdownNow();
      timers.shutdownNow();
      assertThat(finishers.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
      assertThat(timers.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(calls).hasSize(CALLS).allMatch(CompletableFuture::isDone);
    assertThat(hedge.callCount()).isEqualTo(CALLS);
    assertThat(allAttempts).hasSize((int) (CALLS + hedge.hedgeCount()));
    assertThat(hedge.hedgeCount())
        .as("hedges within the budget: capacity + ratio × calls")
        .isPositive()
        .isLessThanOrEqualTo(10 + (long) Math.ceil(0.05 * CALLS));
    assertThat(hedge.budgetExhaustedCount()).as("the budget was tested").isPositive();
    assertThat(hedge.hedgeWonCount()).isLessThanOrEqualTo(hedge.hedgeCount());
    long cancelledAttempts = allAttempts.stream().filter(CompletableFuture::isCancelled).count();
    assertThat(cancelledAttempts)
        .as("losers and cancelled calls' attempts were cancelled, not left running")
        .isPositive();
    LeveeThreads.assertNoneSurvive(Duration.ofSeconds(5));
  }
}
