package dev.levee.core.issues;

import static dev.levee.core.CircuitBreakerState.HALF_OPEN;
import static dev.levee.core.CircuitBreakerState.OPEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levee.core.CircuitBreaker;
import dev.levee.core.CircuitBreakerConfig;
import dev.levee.core.CircuitBreakerListener;
import dev.levee.core.StateTransition;
import dev.levee.timeouts.testing.ManualTicker;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 15, defects 1 and 2: a manual transition on an open breaker whose open period has run out
 * must not depend on whether {@code state()} was read before it; {@code toBuilder} keeps a default
 * a default.
 */
class Issue15BreakerCorrectnessTest {
  private final ManualTicker ticker = new ManualTicker();
  private final List<String> events = new ArrayList<>();

  private CircuitBreaker breaker(CircuitBreakerConfig.Builder config) {
    CircuitBreaker cb = CircuitBreaker.of("b", config.ticker(ticker).build());
    cb.addListener(
        new CircuitBreakerListener() {
          @Override
          public void onTransition(StateTransition t) {
            events.add(t.from() + "->" + t.to() + " (" + t.reason() + ")");
          }
        });
    return cb;
  }

  @ParameterizedTest(name = "state() read before the transition: {0}")
  @ValueSource(booleans = {false, true})
  void aManualOpenAfterTheOpenPeriodOpensAgain(boolean readFirst) {
    CircuitBreaker cb =
        breaker(CircuitBreakerConfig.builder("b").openDuration(Duration.ofSeconds(5)));
    assertThat(cb.transitionTo(OPEN, "first")).isTrue();
    ticker.advance(Duration.ofSeconds(6));
    if (readFirst) {
      assertThat(cb.state()).isEqualTo(HALF_OPEN);
    }

    assertThat(cb.transitionTo(OPEN, "again")).as("the breaker was half-open: it moves").isTrue();

    assertThat(cb.state()).isEqualTo(OPEN);
    assertThat(cb.tryAcquire()).as("no probe while open").isEqualTo(CircuitBreaker.NOT_PERMITTED);
    assertThat(events)
        .containsExactly(
            "CLOSED->OPEN (first)",
            "OPEN->HALF_OPEN (open duration passed)",
            "HALF_OPEN->OPEN (again)");
  }

  @ParameterizedTest(name = "state() read before the transition: {0}")
  @ValueSource(booleans = {false, true})
  void aManualHalfOpenAfterTheOpenPeriodKeepsTheBackoffCount(boolean readFirst) {
    CircuitBreaker cb =
        breaker(
            CircuitBreakerConfig.builder("b")
                .countWindow(2)
                .openDuration(Duration.ofSeconds(5))
                .openBackoff(2.0, Duration.ofHours(1)));
    fail(cb);
    fail(cb);
    assertThat(cb.state()).isEqualTo(OPEN);
    ticker.advance(Duration.ofSeconds(5));
    fail(cb); // a failed probe: open for 10 s
    assertOpenFor(cb, Duration.ofSeconds(10)); // leaves the period just run out, unread
    if (readFirst) {
      assertThat(cb.state()).isEqualTo(HALF_OPEN);
    }

    assertThat(cb.transitionTo(HALF_OPEN, "by hand"))
        .as("already half-open once the open period is over")
        .isFalse();
    fail(cb); // the second failed probe in a row: open for 20 s

    assertOpenFor(cb, Duration.ofSeconds(20));
    assertThat(cb.state()).isEqualTo(HALF_OPEN);
  }

  @Test
  void halfOpenBeginsWhenTheOpenPeriodEndsWhoeverNoticesIt() {
    CircuitBreaker cb =
        breaker(CircuitBreakerConfig.builder("b").openDuration(Duration.ofSeconds(5)));
    cb.transitionTo(OPEN, "test");
    Instant opened = cb.stats().lastTransitionAt();
    ticker.advance(Duration.ofSeconds(60));

    assertThat(cb.state()).isEqualTo(HALF_OPEN);
    assertThat(cb.stats().lastTransitionAt())
        .as("half-open since the open period ended, not since the first read")
        .isEqualTo(opened.plusSeconds(5));
  }

  /**
   * Checks that the breaker stays open for exactly {@code d}: open 1 ns before its end; then moves
   * the ticker to the end without reading the state, so the period has run out unobserved.
   */
  private void assertOpenFor(CircuitBreaker cb, Duration d) {
    ticker.advanceNanos(d.toNanos() - 1);
    assertThat(cb.state()).as("open until 1 ns before %s", d).isEqualTo(OPEN);
    ticker.advanceNanos(1);
  }

  private static void fail(CircuitBreaker cb) {
    long permit = cb.tryAcquire();
    assertThat(permit).as("a permit").isNotEqualTo(CircuitBreaker.NOT_PERMITTED);
    cb.onFailure(permit, 0, new IOException("down"));
  }

  @Test
  void toBuilderKeepsTheDefaultMinimumCallsADefault() {
    CircuitBreakerConfig base = CircuitBreakerConfig.builder("base").countWindow(100).build();
    assertThat(base.minimumCalls()).isEqualTo(20);

    CircuitBreakerConfig derived = base.toBuilder("d").countWindow(10).build();

    assertThat(derived.minimumCalls())
        .as("as a fresh builder with countWindow(10) gives")
        .isEqualTo(CircuitBreakerConfig.builder("f").countWindow(10).build().minimumCalls())
        .isEqualTo(10);
  }

  @Test
  void toBuilderKeepsAChosenMinimumCallsAChoice() {
    CircuitBreakerConfig base =
        CircuitBreakerConfig.builder("base").countWindow(100).minimumCalls(20).build();

    assertThatThrownBy(() -> base.toBuilder("d").countWindow(10).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("circuitBreaker \"d\": minimumCalls must be at most windowSize (10), was 20");
  }

  @Test
  void toBuilderKeepsTheDefaultOpenDurationCapADefault() {
    // Without a backoff the cap follows a long open duration; the derived config must not keep
    // that derived cap as if the user had chosen it.
    CircuitBreakerConfig base =
        CircuitBreakerConfig.builder("base").openDuration(Duration.ofMinutes(10)).build();
    assertThat(base.maxOpenDuration()).isEqualTo(Duration.ofMinutes(10));

    CircuitBreakerConfig derived = base.toBuilder("d").openDuration(Duration.ofSeconds(30)).build();

    assertThat(derived.maxOpenDuration())
        .isEqualTo(CircuitBreakerConfig.defaults().maxOpenDuration())
        .isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void toBuilderRebuildsAnEqualConfiguration() {
    CircuitBreakerConfig base =
        CircuitBreakerConfig.builder("same")
            .timeWindow(Duration.ofSeconds(10), Duration.ofSeconds(1))
            .slowCalls(Duration.ofMillis(200), 30)
            .ticker(ticker)
            .build();

    assertThat(base.toBuilder("same").build()).isEqualTo(base).hasSameHashCodeAs(base);
    assertThat(base.toBuilder("other").build()).isNotEqualTo(base);
  }
}
