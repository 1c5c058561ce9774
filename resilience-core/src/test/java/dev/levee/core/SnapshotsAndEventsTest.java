package dev.levee.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levee.timeouts.testing.ManualTicker;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * Snapshots and events are final classes (issue 16): a breaker makes its stats, and a listener's
 * test makes a transition with a builder that refuses what is missing.
 */
class SnapshotsAndEventsTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  @Test
  void statsAreAValueOnlyABreakerMakes() {
    assertThat(CircuitBreakerStats.class.isRecord()).isFalse();
    assertThat(CircuitBreakerStats.class.getConstructors()).isEmpty();
    CircuitBreaker b =
        CircuitBreaker.of(
            "db",
            CircuitBreakerConfig.builder("db")
                .countWindow(10)
                .ticker(new ManualTicker())
                .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .build());
    b.onFailure(b.tryAcquire(), 0, new java.io.IOException("down"));

    CircuitBreakerStats stats = b.stats();
    assertThat(stats).isEqualTo(b.stats()).hasSameHashCodeAs(b.stats());
    assertThat(stats.failedCalls()).isEqualTo(1);
    assertThat(stats.bufferedCalls()).isEqualTo(1);
    assertThat(stats.failureRate()).as("below minimumCalls").isEqualTo(-1);
    assertThat(stats.lastTransitionAt()).isEqualTo(NOW);
    assertThat(stats.toString())
        .startsWith("CircuitBreakerStats[state=CLOSED, failureRate=-1.0, slowCallRate=-1.0,");
  }

  @Test
  void aTransitionIsBuiltWithEveryRequiredPartAndARateThatDefaultsToNone() {
    StateTransition t =
        StateTransition.builder()
            .breaker("db")
            .from(CircuitBreakerState.CLOSED)
            .to(CircuitBreakerState.OPEN)
            .reason("5 consecutive failures")
            .at(NOW)
            .build();

    assertThat(t.failureRate()).isEqualTo(-1);
    assertThat(t.toString())
        .isEqualTo(
            "StateTransition[breaker=db, from=CLOSED, to=OPEN, reason=5 consecutive failures,"
                + " failureRate=-1.0, at=2026-11-23T12:00:00Z]");
    assertThat(t)
        .isNotEqualTo(
            StateTransition.builder()
                .breaker("db")
                .from(CircuitBreakerState.CLOSED)
                .to(CircuitBreakerState.OPEN)
                .reason("5 consecutive failures")
                .failureRate(50)
                .at(NOW)
                .build());
    assertThatThrownBy(
            () ->
                StateTransition.builder()
                    .breaker("db")
                    .from(CircuitBreakerState.CLOSED)
                    .to(CircuitBreakerState.OPEN)
                    .at(NOW)
                    .build())
        .isInstanceOf(NullPointerException.class)
        .hasMessage("reason");
  }
}
