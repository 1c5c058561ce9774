package dev.levee.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.levee.timeouts.testing.ManualTicker;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

class AdaptiveThrottleTest {
  private final ManualTicker ticker = new ManualTicker();
  private double draw = 0.5;

  private AdaptiveThrottle throttle() {
    return AdaptiveThrottle.of(
        "backend",
        AdaptiveThrottleConfig.builder("backend")
            .k(2)
            .window(Duration.ofSeconds(10), Duration.ofSeconds(1))
            .ticker(ticker)
            .random(() -> draw)
            .build());
  }

  @Test
  void aHealthyBackendIsNeverThrottled() throws Exception {
    AdaptiveThrottle t = throttle();
    for (int i = 0; i < 100; i++) {
      assertThat(t.call(() -> "ok")).isEqualTo("ok");
    }
    assertThat(t.rejectionProbability()).isZero();
    assertThat(t.throttledCount()).isZero();
  }

  @Test
  void overloadRefusalsRaiseTheProbabilityAsTheFormulaSays() {
    AdaptiveThrottle t = throttle();
    draw = 0.999; // never below p: every request is sent and counted
    for (int i = 0; i < 10; i++) {
      assertThat(t.tryAcquire()).isTrue();
      t.onAccepted();
    }
    for (int i = 0; i < 30; i++) {
      assertThat(t.tryAcquire()).isTrue();
      t.onOverloaded();
    }
    // requests 40, accepts 10: (40 - 2*10) / 41
    assertThat(t.rejectionProbability()).isCloseTo(20.0 / 41, within(1e-9));
    draw = 0.4;
    assertThat(t.tryAcquire()).as("0.4 < 0.49: rejected locally").isFalse();
    assertThat(t.throttledCount()).isEqualTo(1);
  }

  @Test
  void theDecoratorsCountTransientFailuresAsRefusalsAndOthersAsAccepts() {
    AdaptiveThrottle t = throttle();
    draw = 0.999;
    for (int i = 0; i < 10; i++) {
      assertThatThrownBy(
              () ->
                  t.get(
                      () -> {
                        throw new RejectedExecutionException("overloaded");
                      }))
          .isInstanceOf(RejectedExecutionException.class);
    }
    assertThat(t.rejectionProbability()).isCloseTo(10.0 / 11, within(1e-9));
    ticker.advance(Duration.ofSeconds(10));
    assertThat(t.rejectionProbability()).as("the window moved past them").isZero();
    assertThatThrownBy(
            () ->
                t.call(
                    () -> {
                      throw new ConnectException();
                    }))
        .isInstanceOf(ConnectException.class);
    assertThat(t.rejectionProbability()).as("a connection error is not an overload").isZero();
    for (int i = 0; i < 5; i++) {
      double before = t.rejectionProbability();
      assertThat(t.tryAcquire()).isTrue(); // draw 0.999: sent
      assertThat(t.rejectionProbability())
          .as("a request is counted with its outcome, not when decided")
          .isEqualTo(before);
      t.onOverloaded();
    }
    draw = 0.0;
    assertThatThrownBy(() -> t.get(() -> "x")).isInstanceOf(RequestNotPermittedException.class);
  }
}
