package dev.levee.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.timeouts.testing.ManualScheduler;
import dev.levee.timeouts.testing.ManualTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class HedgeProperties {
  private static final int DELAY = 50;

  /**
   * One hedged call against a timeline: the first attempt ends at {@code t1}, the second (if sent)
   * {@code t2} after it was sent, each succeeding or failing; the budget may be empty; the caller
   * may cancel at {@code tc}. Time moves 1 ms a step; at a step the timer fires first, then the
   * attempts due end, then the caller cancels. Checked: the hedge is sent exactly when it is due
   * (the first attempt still running at the delay, a token in the budget, the call not cancelled);
   * the call ends once, with the earliest success if any, else a failure; every attempt still
   * running when the call ends is cancelled, and none that ended on its own is; no timer is left.
   */
  @Property(tries = 1000)
  void oneResultTheEarliestSuccessLosersCancelledNoTimerLeft(
      @ForAll @IntRange(min = 1, max = 120) int t1,
      @ForAll boolean ok1,
      @ForAll @IntRange(min = 1, max = 120) int t2,
      @ForAll boolean ok2,
      @ForAll boolean budgetHasToken,
      @ForAll @IntRange(min = 1, max = 250) int tc) {
    ManualTicker ticker = new ManualTicker();
    ManualScheduler scheduler = new ManualScheduler(ticker);
    RetryBudget budget = RetryBudget.of("p", 0.000001, 1);
    if (!budgetHasToken) {
      budget.tryRetry(); // empties it
    }
    Hedge hedge =
        Hedge.of(
            "p",
            HedgeConfig.builder("p")
                .percentile(0)
                .delay(Duration.ofMillis(DELAY))
                .budget(budget)
                .scheduler(scheduler)
                .ticker(ticker)
                .build());
    List<CompletableFuture<String>> attempts = new ArrayList<>();
    List<Integer> launchedAt = new ArrayList<>();
    int[] step = {0};
    int[] endedAt = {-1};
    CompletableFuture<String> call =
        hedge.callAsync(
            () -> {
              CompletableFuture<String> a = new CompletableFuture<>();
              attempts.add(a);
              launchedAt.add(step[0]);
              return a;
            });
    call.whenComplete((v, e) -> endedAt[0] = step[0]);
    int[] ownEnd = {Integer.MAX_VALUE, Integer.MAX_VALUE};
    for (step[0] = 1; step[0] <= 250; step[0]++) {
      scheduler.advance(Duration.ofMillis(1));
      int now = step[0];
      if (now == t1) {
        if (finish(attempts.get(0), ok1, "first")) {
          ownEnd[0] = now;
        }
      }
      if (attempts.size() == 2 && now == launchedAt.get(1) + t2) {
        if (finish(attempts.get(1), ok2, "second")) {
          ownEnd[1] = now;
        }
      }
      if (now == tc) {
        call.cancel(true);
      }
    }

    // The timer fires at step DELAY, before the attempts that end at that step, if the call has
    // not ended by then.
    boolean due = t1 >= DELAY && tc >= DELAY;
    boolean sent = due && budgetHasToken;
    assertThat(attempts).hasSize(sent ? 2 : 1);
    assertThat(hedge.hedgeCount()).isEqualTo(sent ? 1 : 0);
    assertThat(hedge.budgetExhaustedCount()).isEqualTo(due && !budgetHasToken ? 1 : 0);

    // The model: walk the events in the order the steps run them.
    int secondEnd = sent ? DELAY + t2 : Integer.MAX_VALUE;
    String expected = null; // "first", "second", "failed" or "cancelled"
    int expectedEnd = -1;
    int failures = 0;
    for (int s = 1; s <= 250 && expected == null; s++) {
      if (s == t1) {
        if (ok1) {
          expected = "first";
        } else if (!sent || ++failures == 2) {
          expected = "failed";
        }
      }
      if (expected == null && s == secondEnd) {
        if (ok2) {
          expected = "second";
        } else if (++failures == 2) {
          expected = "failed";
        }
      }
      if (expected == null && s == tc) {
        expected = "cancelled";
      }
      if (expected != null) {
        expectedEnd = s;
      }
    }
    assertThat(call).isDone();
    assertThat(endedAt[0]).as("the step the call ended").isEqualTo(expectedEnd);
    switch (expected) {
      case "cancelled" -> assertThat(call).isCancelled();
      case "failed" -> assertThat(call).isCompletedExceptionally().isNotCancelled();
      default -> {
        assertThat(call).isCompletedWithValue(expected);
        assertThat(hedge.hedgeWonCount()).isEqualTo(expected.equals("second") ? 1 : 0);
      }
    }
    for (int i = 0; i < attempts.size(); i++) {
      boolean stillRunning = ownEnd[i] > endedAt[0];
      assertThat(attempts.get(i).isCancelled())
          .as("attempt %d ended at %d, the call at %d", i, ownEnd[i], endedAt[0])
          .isEqualTo(stillRunning);
    }
    assertThat(scheduler.pending()).as("no timer left").isZero();
  }

  /** Ends an attempt on its own; {@code false} if it was cancelled before. */
  private static boolean finish(CompletableFuture<String> a, boolean ok, String name) {
    return ok ? a.complete(name) : a.completeExceptionally(new IllegalStateException(name));
  }
}
