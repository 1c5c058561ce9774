package dev.levee.core;

import static dev.levee.core.CircuitBreakerState.CLOSED;
import static dev.levee.core.CircuitBreakerState.DISABLED;
import static dev.levee.core.CircuitBreakerState.FORCED_OPEN;
import static dev.levee.core.CircuitBreakerState.HALF_OPEN;
import static dev.levee.core.CircuitBreakerState.METRICS_ONLY;
import static dev.levee.core.CircuitBreakerState.OPEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levee.errors.ErrorCategory;
import dev.levee.timeouts.testing.ManualTicker;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The breaker's behaviour, one example per rule, with a manual ticker. */
class CircuitBreakerTest {
  private final ManualTicker ticker = new ManualTicker();

  private CircuitBreaker breaker(CircuitBreakerConfig.Builder config) {
    return CircuitBreaker.of("db", config.ticker(ticker).build());
  }

  private static void fail(CircuitBreaker b) {
    long p = b.tryAcquire();
    assertThat(p).as("permitted").isNotNegative();
    b.onFailure(p, new ConnectException("refused"));
  }

  private static void succeed(CircuitBreaker b) {
    long p = b.tryAcquire();
    assertThat(p).as("permitted").isNotNegative();
    b.onSuccess(p, 0);
  }

  @Test
  void opensAfterConsecutiveFailuresAndASuccessResetsTheCount() {
    CircuitBreaker b = breaker(CircuitBreakerConfig.builder("db").consecutiveFailures(3));
    fail(b);
    fail(b);
    succeed(b);
    fail(b);
    fail(b);
    assertThat(b.state()).isEqualTo(CLOSED);
    fail(b);
    assertThat(b.state()).isEqualTo(OPEN);
    assertThat(b.tryAcquire()).isEqualTo(CircuitBreaker.NOT_PERMITTED);
    assertThat(b.rejectedCount()).isEqualTo(1);
  }

  @Test
  void countWindowJudgesTheRateOnlyOnceMinimumCallsAreRecorded() {
    CircuitBreaker b =
        breaker(
            CircuitBreakerConfig.builder("db")
                .countWindow(10)
                .minimumCalls(4)
                .failureRateThreshold(50));
    fail(b);
    fail(b);
    fail(b);
    assertThat(b.state()).as("3 calls < minimumCalls").isEqualTo(CLOSED);
    assertThat(b.stats().failureRate()).isEqualTo(-1);
    assertThat(b.failureRate()).isEqualTo(-1);
    succeed(b);
    assertThat(b.state()).as("a success never opens the breaker").isEqualTo(CLOSED);
    assertThat(b.stats().failureRate()).isEqualTo(75.0);
    assertThat(b.failureRate()).as("read alone").isEqualTo(75.0);
    fail(b);
    assertThat(b.state()).isEqualTo(OPEN);
  }

  @Test
  void countWindowForgetsOldOutcomes() {
    CircuitBreaker b =
        breaker(
            CircuitBreakerConfig.builder("db")
                .countWindow(4)
                .minimumCalls(4)
                .failureRateThreshold(75));
    fail(b);
    fail(b);
    succeed(b);
    succeed(b);
    succeed(b); // evicts the first failure: 1 of 4 failed
    fail(b); // evicts the second failure: still 1 of 4
    assertThat(b.stats().failedCalls()).isEqualTo(1);
    assertThat(b.state()).isEqualTo(CLOSED);
  }

  @Test
  void timeWindowForgetsOutcomesOlderThanTheWindow() {
    CircuitBreaker b =
        breaker(
            CircuitBreakerConfig.builder("db")
                .timeWindow(Duration.ofSeconds(1), Duration.ofMillis(100))
                .minimumCalls(3)
                .failureRateThreshold(60));
    fail(b);
    fail(b);
    ticker.advance(Duration.ofSeconds(1));
    succeed(b);
    fail(b);
    assertThat(b.stats().bufferedCalls()).as("the first two fell out of the window").isEqualTo(2);
    assertThat(b.state()).isEqualTo(CLOSED);
    fail(b);
    assertThat(b.state()).as("2 of 3 within the last second").isEqualTo(OPEN);
  }

  @Test
  void theRatesAreReadAloneAsTheSnapshotHasThem() {
    CircuitBreaker b =
        breaker(
            CircuitBreakerConfig.builder("db")
                .countWindow(4)
                .minimumCalls(4)
                .slowCalls(Duration.ofMillis(200), 50));
    for (int i = 0; i < 4; i++) {
      long p = b.tryAcquire();
      b.onSuccess(p, i == 0 ? 250_000_000L : 10_000_000L);
    }
    assertThat(b.state()).as("1 of 4 slow = 25%").isEqualTo(CLOSED);
    assertThat(b.slowCallRate()).isEqualTo(25.0).isEqualTo(b.stats().slowCallRate());
    assertThat(b.failureRate()).isZero();
  }

  @Test
  void slowCallsOpenTheBreakerByTheirRate() {
    CircuitBreaker b =
        breaker(
            CircuitBreakerConfig.builder("db")
                .countWindow(4)
                .minimumCalls(4)
                .slowCalls(Duration.ofMillis(200), 50));
    for (int i = 0; i < 3; i++) {
      long p = b.tryAcquire();
      b.onSuccess(p, i == 0 ? 250_000_000L : 10_000_000L);
    }
    long p = b.tryAcquire();
    b.onSuccess(p, 200_000_000L);
    assertThat(b.state()).as("2 of 4 slow = 50%").isEqualTo(OPEN);
    assertThat(b.slowCallCount()).isEqualTo(2);
    assertThat(b.slowCallRate()).as("open: no window is judged").isEqualTo(-1);
    assertThat(b.successCount()).isEqualTo(4);
  }

  @Test
  void decoratedCallsAreTimedOnlyWhenSlowCallDetectionIsOn() throws Exception {
    CircuitBreaker b =
        breaker(
            CircuitBreakerConfig.builder("db")
                .countWindow(2)
                .minimumCalls(2)
                .slowCalls(Duration.ofMillis(100), 100));
    b.call(
        () -> {
          ticker.advance(Duration.ofMillis(150));
          return "slow";
        });
    b.get(
        () -> {
          ticker.advance(Duration.ofMillis(100));
          return "slow too";
        });
    assertThat(b.state()).isEqualTo(OPEN);
  }

  @Test
  void openLastsTheOpenDurationThenHalfOpensWithoutACall() {
    CircuitBreaker b =
        breaker(
            CircuitBreakerConfig.builder("db")
                .consecutiveFailures(1)
                .openDuration(Duration.ofSeconds(30)));
    fail(b);
    ticker.advance(Duration.ofSeconds(29));
    assertThat(b.state()).isEqualTo(OPEN);
    CallNotPermittedException rejection = b.rejection();
    assertThat(rejection.remainingOpen()).contains(Duration.ofSeconds(1));
    assertThat(rejection.getMessage())
        .startsWith("circuit breaker \"db\" is OPEN: call not permitted")
        .endsWith("(open for another 1s)");
    ticker.advance(Duration.ofSeconds(1));
    assertThat(b.state()).as("time-aware, no call needed").isEqualTo(HALF_OPEN);
    assertThat(b.transitionCount(OPEN, HALF_OPEN)).isEqualTo(1);
  }

  @Test
  void halfOpenAdmitsOnlyMaxCallsClosesOnSuccessesAndReopensOnFailure() {
    CircuitBreaker b =
        breaker(
            CircuitBreakerConfig.builder("db")
                .consecutiveFailures(1)
                .openDuration(Duration.ofSeconds(10))
                .halfOpenMaxCalls(2)
                .successThreshold(2));
    fail(b);
    ticker.advance(Duration.ofSeconds(10));
    long p1 = b.tryAcquire();
    long p2 = b.tryAcquire();
    assertThat(b.tryAcquire()).as("third probe").isEqualTo(CircuitBreaker.NOT_PERMITTED);
    b.onSuccess(p1, 0);
    assertThat(b.state()).isEqualTo(HALF_OPEN);
    b.onFailure(p2, new ConnectException());
    assertThat(b.state()).isEqualTo(OPEN);

    ticker.advance(Duration.ofSeconds(10));
    succeed(b);
    succeed(b);
    assertThat(b.state()).isEqualTo(CLOSED);
    assertThat(b.transitionCount(HALF_OPEN, CLOSED)).isEqualTo(1);
    assertThat(b.transitionCount(HALF_OPEN, OPEN)).isEqualTo(1);
  }

  @Test
  void reopeningBacksOffUpToTheCap() {
    CircuitBreaker b =
        breaker(
            CircuitBreakerConfig.builder("db")
                .consecutiveFailures(1)
                .openDuration(Duration.ofSeconds(10))
                .openBackoff(2.0, Duration.ofSeconds(25))
                .halfOpenMaxCalls(1)
                .successThreshold(1));
    fail(b);
    Duration[] expected = {
      Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(25), Duration.ofSeconds(25)
    };
    for (Duration open : expected) {
      assertThat(b.rejection().remainingOpen()).contains(open);
      ticker.advance(open);
      fail(b); // the probe fails: open again, longer
    }
    ticker.advance(Duration.ofSeconds(25));
    succeed(b);
    fail(b);
    assertThat(b.rejection().remainingOpen())
        .as("a close resets the backoff")
        .contains(Duration.ofSeconds(10));
  }

  @Test
  void aProbeThatNeverReportsIsReclaimedAfterHalfOpenMaxWait() {
    CircuitBreaker b =
        breaker(
            CircuitBreakerConfig.builder("db")
                .consecutiveFailures(1)
                .openDuration(Duration.ofSeconds(1))
                .halfOpenMaxCalls(1)
                .successThreshold(1)
                .halfOpenMaxWait(Duration.ofSeconds(5)));
    fail(b);
    ticker.advance(Duration.ofSeconds(1));
    long lost = b.tryAcquire(); // its caller never reports back
    assertThat(lost).isNotNegative();
    ticker.advance(Duration.ofMillis(4999));
    assertThat(b.tryAcquire()).isEqualTo(CircuitBreaker.NOT_PERMITTED);
    ticker.advance(Duration.ofMillis(1));
    long fresh = b.tryAcquire();
    assertThat(fresh).as("reclaimed slot").isNotNegative();
    assertThat(b.reclaimedProbeCount()).isEqualTo(1);
    b.onFailure(lost, new ConnectException());
    assertThat(b.state()).as("the reclaimed probe's late failure is dropped").isEqualTo(HALF_OPEN);
    b.onSuccess(fresh, 0);
    assertThat(b.state()).isEqualTo(CLOSED);
  }

  @Test
  void outcomesOfPermitsFromAnEarlierStateAreNotJudged() {
    CircuitBreaker b = breaker(CircuitBreakerConfig.builder("db").consecutiveFailures(2));
    long early = b.tryAcquire();
    b.transitionTo(FORCED_OPEN, "maintenance");
    b.transitionTo(CLOSED, "maintenance over");
    fail(b);
    b.onFailure(early, new ConnectException());
    assertThat(b.state()).as("the stale failure does not count as the second").isEqualTo(CLOSED);
    assertThat(b.failureCount()).as("but it is in the totals").isEqualTo(2);
  }

  @Test
  void invalidInputAndIgnoredExceptionsNeverCount() {
    CircuitBreaker b =
        breaker(
            CircuitBreakerConfig.builder("db")
                .consecutiveFailures(1)
                .ignoreIf(e -> e instanceof IOException && "ignore me".equals(e.getMessage())));
    long p = b.tryAcquire();
    b.onFailure(p, new IllegalArgumentException("bad id"));
    p = b.tryAcquire();
    b.onFailure(p, new IOException("ignore me"));
    assertThat(b.state()).isEqualTo(CLOSED);
    assertThat(b.ignoredCount()).isEqualTo(2);
    assertThat(b.failureCount()).isZero();
  }

  @Test
  void recordIfAndFailOnResultMakeFailuresOfWhatTheClassifierWouldNot() throws Exception {
    CircuitBreaker b =
        breaker(
            CircuitBreakerConfig.builder("http")
                .consecutiveFailures(2)
                .recordIf(e -> e instanceof IllegalArgumentException)
                .failOnResult(r -> Integer.valueOf(503).equals(r)));
    assertThat(b.call(() -> 503)).isEqualTo(503);
    assertThatThrownBy(
            () ->
                b.run(
                    () -> {
                      throw new IllegalArgumentException("counts anyway");
                    }))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(b.state()).isEqualTo(OPEN);
  }

  @Test
  void anOpenBreakerThrowsOneSharedStackFreeRejection() {
    CircuitBreaker b = breaker(CircuitBreakerConfig.builder("db").consecutiveFailures(1));
    fail(b);
    Throwable first = null;
    Throwable second = null;
    try {
      b.run(() -> {});
    } catch (CallNotPermittedException e) {
      first = e;
    }
    try {
      b.get(() -> "x");
    } catch (CallNotPermittedException e) {
      second = e;
    }
    assertThat(first).isNotNull().isSameAs(second);
    CallNotPermittedException e = (CallNotPermittedException) first;
    assertThat(e.getStackTrace()).isEmpty();
    assertThat(e.category()).isEqualTo(ErrorCategory.TRANSIENT);
    assertThat(e.breaker()).isEqualTo("db");
    assertThat(e.state()).isEqualTo(OPEN);
    assertThat(b.rejectedCount()).isEqualTo(2);
  }

  @Test
  void manualStates() {
    CircuitBreaker b = breaker(CircuitBreakerConfig.builder("db").consecutiveFailures(1));
    assertThat(b.transitionTo(CLOSED, "no-op")).isFalse();
    b.transitionTo(DISABLED, "incident 42");
    fail(b);
    assertThat(b.state()).isEqualTo(DISABLED);
    assertThat(b.failureCount()).as("disabled records nothing").isZero();
    b.transitionTo(METRICS_ONLY, "observe");
    fail(b);
    fail(b);
    assertThat(b.state()).as("metrics only never opens").isEqualTo(METRICS_ONLY);
    assertThat(b.failureCount()).isEqualTo(2);
    b.transitionTo(FORCED_OPEN, "maintenance");
    ticker.advance(Duration.ofDays(1));
    assertThat(b.tryAcquire()).isEqualTo(CircuitBreaker.NOT_PERMITTED);
    assertThat(b.rejection().remainingOpen()).isEmpty();
    b.transitionTo(CLOSED, "done");
    succeed(b);
  }

  @Test
  void asyncCallsRecordTheirOutcomeAndReleaseWhenCancelled() throws Exception {
    CircuitBreaker b =
        breaker(
            CircuitBreakerConfig.builder("db")
                .consecutiveFailures(1)
                .halfOpenMaxCalls(1)
                .openDuration(Duration.ofSeconds(1)));
    assertThat(b.callAsync(() -> CompletableFuture.completedFuture("ok")).get()).isEqualTo("ok");
    CompletableFuture<String> failing = new CompletableFuture<>();
    CompletableFuture<String> result = b.callAsync(() -> failing);
    failing.completeExceptionally(new ConnectException());
    assertThatThrownBy(result::get).hasCauseInstanceOf(ConnectException.class);
    assertThat(b.state()).isEqualTo(OPEN);
    assertThat(b.callAsync(() -> CompletableFuture.completedFuture("x")))
        .isCompletedExceptionally();

    ticker.advance(Duration.ofSeconds(1));
    CompletableFuture<String> probe = new CompletableFuture<>();
    CompletableFuture<String> pending = b.callAsync(() -> probe);
    assertThat(b.tryAcquire()).as("the one probe slot is taken").isNegative();
    pending.cancel(true);
    assertThat(probe).isCancelled();
    long next = b.tryAcquire();
    assertThat(next).as("cancelling freed the slot").isNotNegative();
    b.onSuccess(next, 0);
  }

  @Test
  void reportingARejectionAsAPermitIsAnError() {
    CircuitBreaker b = breaker(CircuitBreakerConfig.builder("db"));
    assertThatThrownBy(() -> b.onSuccess(CircuitBreaker.NOT_PERMITTED, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a permit");
  }
}
