package dev.levee.timeouts.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levee.timeouts.Ticker;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The spin before a park is bounded by its budget in ticker time, and by the caller's own limit,
 * whatever the future does. A ticker that moves 1 µs per reading makes the bound exact.
 */
class SpinWaitTest {
  private final AtomicLong now = new AtomicLong();
  private final AtomicInteger reads = new AtomicInteger();
  private final Ticker microsPerRead =
      () -> {
        reads.incrementAndGet();
        return now.addAndGet(1_000);
      };

  @Test
  void aFutureThatNeverCompletesEndsTheSpinAtTheBudget() {
    SpinWait spin = new SpinWait(10_000, microsPerRead);
    assertThat(spin.awaitDone(new CompletableFuture<>(), Long.MAX_VALUE)).isFalse();
    assertThat(reads).as("one reading to begin, then one per microsecond of spin").hasValue(11);
  }

  @Test
  void theCallersLimitShortensTheSpin() {
    SpinWait spin = new SpinWait(10_000, microsPerRead);
    assertThat(spin.awaitDone(new CompletableFuture<>(), 3_000)).isFalse();
    assertThat(reads).hasValue(4);
  }

  @Test
  void aFutureDoneDuringTheSpinEndsItAtOnce() {
    CompletableFuture<String> future = new CompletableFuture<>();
    Ticker completesOnThirdRead =
        () -> {
          if (reads.incrementAndGet() == 3) {
            future.complete("done");
          }
          return now.addAndGet(1_000);
        };
    SpinWait spin = new SpinWait(10_000, completesOnThirdRead);
    assertThat(spin.awaitDone(future, Long.MAX_VALUE)).isTrue();
    assertThat(reads).hasValue(3);
  }

  @Test
  void aZeroBudgetNeverSpinsNorReadsTheTicker() {
    SpinWait none = new SpinWait(0, microsPerRead);
    assertThat(none.awaitDone(new CompletableFuture<>(), Long.MAX_VALUE)).isFalse();
    assertThat(none.awaitDone(CompletableFuture.completedFuture(1), Long.MAX_VALUE)).isTrue();
    long begin = none.begin();
    assertThat(none.within(begin)).isFalse();
    assertThat(reads).hasValue(0);
  }

  @Test
  void aWorkersSpinIsWithinTheBudgetUntilItRunsOut() {
    SpinWait spin = new SpinWait(3_000, microsPerRead);
    long begin = spin.begin();
    assertThat(spin.within(begin)).isTrue(); // 1 µs
    assertThat(spin.within(begin)).isTrue(); // 2 µs
    assertThat(spin.within(begin)).isFalse(); // 3 µs: spent
  }

  @Test
  void theDefaultIsAFewMicrosecondsOnTheSystemTickerAndNoneOnOneProcessor() {
    long expected =
        Runtime.getRuntime().availableProcessors() > 1 ? SpinWait.DEFAULT_BUDGET_NANOS : 0;
    assertThat(SpinWait.forThisMachine().budgetNanos()).isEqualTo(expected);
    assertThat(SpinWait.DEFAULT_BUDGET_NANOS).isBetween(1_000L, 20_000L);
  }

  @Test
  void aNegativeBudgetIsRefusedByName() {
    assertThatThrownBy(() -> new SpinWait(-1, microsPerRead))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("spin budget must be >= 0 ns, was -1");
  }
}
