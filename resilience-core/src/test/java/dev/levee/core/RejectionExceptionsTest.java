package dev.levee.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levee.errors.ErrorCategory;
import dev.levee.timeouts.Ticker;
import java.lang.reflect.Constructor;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Levee's exceptions can be made by users (a test of a fallback, code that rejects on a policy's
 * behalf) from public types and plain values: no internal type, no ticker and no raw ticker
 * reading.
 */
class RejectionExceptionsTest {
  private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void publicConstructorsTakeNoInternalTypeTickerOrRawReading() {
    for (Class<?> c :
        List.of(
            CallNotPermittedException.class,
            RequestNotPermittedException.class,
            BulkheadFullException.class,
            RetryStoppedException.class)) {
      assertThat(c.getConstructors())
          .as("%s has a public constructor", c.getSimpleName())
          .isNotEmpty();
      for (Constructor<?> k : c.getConstructors()) {
        for (Class<?> p : k.getParameterTypes()) {
          assertThat(p.getPackageName()).as("%s takes %s", k, p).doesNotContain("internal");
          assertThat(p).as("%s takes a ticker or a reading", k).isNotIn(Ticker.class, long.class);
        }
      }
    }
  }

  @Test
  void aCallNotPermittedMadeByHandReportsTheRemainingTimeItWasGiven() {
    CallNotPermittedException e =
        new CallNotPermittedException("db", CircuitBreakerState.OPEN, Duration.ofSeconds(5), AT);

    assertThat(e.breaker()).isEqualTo("db");
    assertThat(e.state()).isEqualTo(CircuitBreakerState.OPEN);
    assertThat(e.remainingOpen()).contains(Duration.ofSeconds(5));
    assertThat(e.remainingOpen()).as("fixed: asked again").contains(Duration.ofSeconds(5));
    assertThat(e.timestamp()).isEqualTo(AT);
    assertThat(e.category()).isEqualTo(ErrorCategory.TRANSIENT);
    assertThat(e.getMessage())
        .startsWith("circuit breaker \"db\" is OPEN: call not permitted")
        .endsWith("(open for another 5s)");
    assertThat(e.getStackTrace()).isEmpty();
  }

  @Test
  void aCallNotPermittedWithoutARemainingTimeHasNone() {
    CallNotPermittedException e =
        new CallNotPermittedException("db", CircuitBreakerState.FORCED_OPEN, null, AT);

    assertThat(e.remainingOpen()).isEmpty();
    assertThat(e.getMessage())
        .startsWith("circuit breaker \"db\" is FORCED_OPEN: call not permitted")
        .doesNotContain("open for another");
  }

  @Test
  void aCallNotPermittedRefusesANegativeRemainingTimeOrAMissingName() {
    assertThatThrownBy(
            () ->
                new CallNotPermittedException(
                    "db", CircuitBreakerState.OPEN, Duration.ofMillis(-1), AT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("remainingOpen must not be negative, was -1ms");
    assertThatThrownBy(
            () -> new CallNotPermittedException(null, CircuitBreakerState.OPEN, null, AT))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("breaker");
  }

  @Test
  void theOtherRejectionsCanBeMadeByHand() {
    assertThat(new RequestNotPermittedException("api", "rate limit exceeded", AT).getMessage())
        .startsWith("\"api\": rate limit exceeded");
    assertThat(new BulkheadFullException("db", 4, AT).getMessage())
        .startsWith("bulkhead \"db\" is full (4 calls in flight)");
    RetryStoppedException stopped =
        new RetryStoppedException(
            "db", 3, RetryStopReason.RETRIES_EXHAUSTED, ErrorCategory.RETRIABLE, AT);
    assertThat(stopped.attempts()).isEqualTo(3);
    assertThat(stopped.stopReason()).isEqualTo(RetryStopReason.RETRIES_EXHAUSTED);
  }
}
