package dev.levee.health.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.core.CircuitBreaker;
import dev.levee.core.CircuitBreakerConfig;
import dev.levee.timeouts.testing.ManualScheduler;
import dev.levee.timeouts.testing.ManualTicker;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sampler's ring: what a reader may copy, and when a copy may have been overwritten. */
class CallRatesTest {
  private final ManualTicker ticker = new ManualTicker();
  private final ManualScheduler scheduler = new ManualScheduler(ticker);
  private final CircuitBreaker breaker =
      CircuitBreaker.of("b", CircuitBreakerConfig.builder("b").ticker(ticker).build());
  private final CallRates rates =
      new CallRates(
          () -> List.of(breaker),
          3,
          Duration.ofSeconds(1).toNanos(),
          scheduler,
          ticker,
          Clock.systemUTC());

  private void second(int calls) {
    for (int i = 0; i < calls; i++) {
      breaker.onSuccess(breaker.tryAcquire(), 0);
    }
    scheduler.advance(Duration.ofSeconds(1));
  }

  @Test
  void theWindowHoldsTheLastSamplesAndACopyKnowsWhenItWasLapped() {
    assertThat(rates.window(-1).size()).as("nothing before the first sample").isZero();
    rates.start();
    second(1);
    second(2);
    second(3);
    second(4);
    CallRates.Window w = rates.window(-1);
    assertThat(w.first()).isEqualTo(1);
    assertThat(w.last()).isEqualTo(3);
    assertThat(rates.series(breaker, w).calls()).containsExactly(2, 3, 4);
    assertThat(rates.overwritten(w)).isFalse();

    // While sample 3 was the last, the sampler could only be writing sample 4, into the spare
    // slot. Once sample 4 is published it may be writing sample 5, over sample 1's slot: a copy
    // taken before may be torn, and the reader copies again.
    second(5);
    assertThat(rates.overwritten(w)).isTrue();
    CallRates.Window again = rates.window(-1);
    assertThat(rates.overwritten(again)).isFalse();
    assertThat(rates.series(breaker, again).calls()).containsExactly(3, 4, 5);
    assertThat(rates.series(breaker, rates.window(again.last() - 1)).calls())
        .as("since: the newest only")
        .containsExactly(5);
  }

  @Test
  void aStalledTimerTakesOneSampleForTheWholeGapAndCloseStopsIt() {
    rates.start();
    for (int i = 0; i < 7; i++) {
      breaker.onSuccess(breaker.tryAcquire(), 0);
    }
    scheduler.advance(Duration.ofSeconds(5));
    CallRates.Window w = rates.window(-1);
    assertThat(w.size()).isEqualTo(1);
    assertThat(rates.series(breaker, w).calls()).containsExactly(7);
    assertThat(scheduler.pendingDelays()).containsExactly(Duration.ofSeconds(1));

    rates.close();
    assertThat(scheduler.pending()).isZero();
    scheduler.advance(Duration.ofSeconds(3));
    assertThat(rates.window(-1).last()).isEqualTo(w.last());
  }
}
