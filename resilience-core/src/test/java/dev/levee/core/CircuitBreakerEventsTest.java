package dev.levee.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levee.testkit.LogCapture;
import dev.levee.timeouts.testing.ManualTicker;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class CircuitBreakerEventsTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private final ManualTicker ticker = new ManualTicker();

  private CircuitBreaker breaker() {
    return CircuitBreaker.of(
        "db",
        CircuitBreakerConfig.builder("db")
            .countWindow(4)
            .minimumCalls(2)
            .failureRateThreshold(50)
            .openDuration(Duration.ofSeconds(5))
            .ticker(ticker)
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .build());
  }

  @Test
  void eachTransitionIsLoggedOnceWithItsKeys() {
    CircuitBreaker b = breaker();
    try (LogCapture logs = LogCapture.of("dev.levee.core.CircuitBreaker")) {
      b.onSuccess(b.tryAcquire(), 0);
      b.onFailure(b.tryAcquire(), new ConnectException());
      assertThat(b.state()).isEqualTo(CircuitBreakerState.OPEN);
      ticker.advance(Duration.ofSeconds(5));
      assertThat(b.state()).isEqualTo(CircuitBreakerState.HALF_OPEN);

      List<LogCapture.Line> lines = logs.lines();
      assertThat(lines).hasSize(2);
      LogCapture.Line open = lines.get(0);
      assertThat(open.level()).isEqualTo("WARN");
      assertThat(open.message())
          .isEqualTo(
              "circuit breaker \"db\": CLOSED -> OPEN (failure rate 50.0% >= 50.0% over 2 calls)");
      assertThat(open.keyValues())
          .containsEntry("component", "circuitbreaker")
          .containsEntry("name", "db")
          .containsEntry("from", CircuitBreakerState.CLOSED)
          .containsEntry("to", CircuitBreakerState.OPEN)
          .containsEntry("failure_rate", "50.0")
          .containsKey("reason");
      assertThat(lines.get(1).level()).isEqualTo("INFO");
      assertThat(lines.get(1).keyValues()).containsEntry("to", CircuitBreakerState.HALF_OPEN);
    }
  }

  @Test
  void listenersHearTransitionsAndRejectionsAndAFailingOneHarmsNothing() {
    CircuitBreaker b = breaker();
    List<StateTransition> transitions = new CopyOnWriteArrayList<>();
    List<String> rejections = new CopyOnWriteArrayList<>();
    b.addListener(
        new CircuitBreakerListener() {
          @Override
          public void onTransition(StateTransition t) {
            throw new IllegalStateException("listener bug");
          }
        });
    CircuitBreakerListener listener =
        new CircuitBreakerListener() {
          @Override
          public void onTransition(StateTransition t) {
            transitions.add(t);
          }

          @Override
          public void onRejected(String breaker, CircuitBreakerState state) {
            rejections.add(breaker + ":" + state);
          }
        };
    b.addListener(listener);
    b.onFailure(b.tryAcquire(), new ConnectException());
    b.onFailure(b.tryAcquire(), new ConnectException());
    assertThat(b.tryAcquire()).isNegative();
    b.transitionTo(CircuitBreakerState.FORCED_OPEN, "maintenance window");

    assertThat(transitions)
        .containsExactly(
            StateTransition.builder()
                .breaker("db")
                .from(CircuitBreakerState.CLOSED)
                .to(CircuitBreakerState.OPEN)
                .reason("failure rate 100.0% >= 50.0% over 2 calls")
                .failureRate(100.0)
                .at(NOW)
                .build(),
            StateTransition.builder()
                .breaker("db")
                .from(CircuitBreakerState.OPEN)
                .to(CircuitBreakerState.FORCED_OPEN)
                .reason("maintenance window")
                .at(NOW)
                .build());
    assertThat(rejections).containsExactly("db:OPEN");
    assertThat(b.removeListener(listener)).isTrue();
    assertThat(b.removeListener(listener)).isFalse();
    assertThat(b.stats().lastTransitionAt()).isEqualTo(NOW);
  }

  @Test
  void theBreakerKeepsItsLastTransitionsWithoutListeners() {
    CircuitBreaker b = breaker();
    assertThat(b.recentTransitions()).isEmpty();
    b.onSuccess(b.tryAcquire(), 0);
    b.onFailure(b.tryAcquire(), new ConnectException());
    ticker.advance(Duration.ofSeconds(5));
    assertThat(b.state()).isEqualTo(CircuitBreakerState.HALF_OPEN);

    assertThat(b.recentTransitions())
        .extracting(t -> t.from() + "->" + t.to())
        .containsExactly("CLOSED->OPEN", "OPEN->HALF_OPEN");
    StateTransition open = b.recentTransitions().get(0);
    assertThat(open.breaker()).isEqualTo("db");
    assertThat(open.reason()).isEqualTo("failure rate 50.0% >= 50.0% over 2 calls");
    assertThat(open.failureRate()).isEqualTo(50.0);
    assertThat(open.at()).isEqualTo(NOW);
  }

  @Test
  void theHistoryKeepsOnlyTheNewestSixteen() {
    CircuitBreaker b = breaker();
    for (int i = 0; i < 20; i++) {
      b.transitionTo(
          i % 2 == 0 ? CircuitBreakerState.FORCED_OPEN : CircuitBreakerState.CLOSED, "flip " + i);
    }
    List<StateTransition> kept = b.recentTransitions();
    assertThat(kept).hasSize(CircuitBreaker.TRANSITION_HISTORY);
    assertThat(kept.get(0).reason()).isEqualTo("flip 4");
    assertThat(kept.get(15).reason()).isEqualTo("flip 19");
    assertThatThrownBy(() -> kept.add(kept.get(0)))
        .as("the history is read-only")
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
