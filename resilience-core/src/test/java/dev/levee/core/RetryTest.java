package dev.levee.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levee.errors.ClassifiedException;
import dev.levee.errors.ErrorCategory;
import dev.levee.testkit.LogCapture;
import dev.levee.timeouts.Deadline;
import dev.levee.timeouts.Ticker;
import dev.levee.timeouts.TimeLimiter;
import dev.levee.timeouts.testing.ManualScheduler;
import dev.levee.timeouts.testing.ManualTicker;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** Retry behaviour, one rule per test, with a manual ticker whose sleeper moves time. */
class RetryTest {
  private final ManualTicker ticker = new ManualTicker();

  private RetryConfig.Builder config() {
    return RetryConfig.builder("db").ticker(ticker).sleeper(ticker.sleeper());
  }

  /** A call that throws the queued failures in turn, then returns "ok". */
  private static final class Script implements java.util.concurrent.Callable<String> {
    final Deque<Exception> failures = new ArrayDeque<>();
    final AtomicInteger calls = new AtomicInteger();

    Script(Exception... failures) {
      this.failures.addAll(List.of(failures));
    }

    @Override
    public String call() throws Exception {
      calls.incrementAndGet();
      Exception next = failures.poll();
      if (next != null) {
        throw next;
      }
      return "ok";
    }
  }

  @Test
  void aCallThatSucceedsAtOnceReadsNoClockAndWaitsForNothing() throws Exception {
    AtomicLong reads = new AtomicLong();
    Ticker counting =
        () -> {
          reads.incrementAndGet();
          return ticker.read();
        };
    Retry retry = Retry.of("db", config().ticker(counting).build());
    assertThat(retry.call(() -> "ok")).isEqualTo("ok");
    assertThat(reads).as("clock reads").hasValue(0);
    assertThat(ticker.sleeps()).isEmpty();
    assertThat(retry.successWithoutRetryCount()).isEqualTo(1);
  }

  @Test
  void retriableFailuresAreRetriedWithTheBackoffsDelays() throws Exception {
    Retry retry = Retry.of("db", config().build());
    Script script =
        new Script(new ConnectException(), new SocketTimeoutException(), new ConnectException());
    assertThat(retry.call(script)).isEqualTo("ok");
    assertThat(script.calls).hasValue(4);
    assertThat(ticker.sleeps())
        .containsExactly(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(200));
    assertThat(retry.successWithRetryCount()).isEqualTo(1);
    assertThat(retry.retryCount()).isEqualTo(3);
  }

  @Test
  void transientFailuresWaitLongerOrAsTheirHintSays() throws Exception {
    Retry retry = Retry.of("db", config().transientMultiplier(4).build());
    ClassifiedException withHint =
        ClassifiedException.builder(ErrorCategory.TRANSIENT, "rate limited")
            .metadata("retry_after_ms", 1500)
            .build();
    Script script = new Script(new java.sql.SQLTransientException("busy"), withHint);
    assertThat(retry.call(script)).isEqualTo("ok");
    assertThat(ticker.sleeps()).containsExactly(Duration.ofMillis(200), Duration.ofMillis(1500));
  }

  @Test
  void fatalAndInvalidInputAreTriedOnceAndRethrownUntouched() {
    Retry retry = Retry.of("db", config().build());
    IllegalStateException fatal = new IllegalStateException("corrupt");
    Script script = new Script(fatal);
    assertThatThrownBy(() -> retry.call(script)).isSameAs(fatal);
    assertThat(fatal.getSuppressed()).isEmpty();
    IllegalArgumentException invalid = new IllegalArgumentException("bad id");
    Script second = new Script(invalid);
    assertThatThrownBy(() -> retry.call(second)).isSameAs(invalid);
    assertThat(script.calls).hasValue(1);
    assertThat(second.calls).hasValue(1);
    assertThat(retry.failedWithoutRetryCount()).isEqualTo(2);
    assertThat(ticker.sleeps()).isEmpty();
  }

  @Test
  void exhaustionRethrowsTheLastFailureWithTheStoryAttached() {
    Retry retry = Retry.of("db", config().maxRetries(2).build());
    ConnectException last = new ConnectException("third");
    Script script = new Script(new ConnectException("first"), new ConnectException("second"), last);
    assertThatThrownBy(() -> retry.call(script)).isSameAs(last);
    assertThat(last.getSuppressed()).hasSize(1);
    RetryStoppedException story = (RetryStoppedException) last.getSuppressed()[0];
    assertThat(story.attempts()).isEqualTo(3);
    assertThat(story.stopReason()).isEqualTo(RetryStopReason.RETRIES_EXHAUSTED);
    assertThat(story.category()).isEqualTo(ErrorCategory.RETRIABLE);
    assertThat(story.getMessage()).startsWith("retry \"db\" stopped after 3 attempts");
    assertThat(retry.failedWithRetryCount()).isEqualTo(1);
  }

  @Test
  void neverWaitsPastMaxDuration() {
    Retry retry = Retry.of("db", config().maxDuration(Duration.ofMillis(120)).build());
    Script script =
        new Script(new ConnectException(), new ConnectException(), new ConnectException());
    assertThatThrownBy(() -> retry.call(script)).isInstanceOf(ConnectException.class);
    assertThat(ticker.sleeps())
        .as("50 fits, 50+100 would not")
        .containsExactly(Duration.ofMillis(50));
    assertThat(script.calls).hasValue(2);
  }

  @Test
  void neverWaitsPastTheCallersDeadline() {
    Retry retry = Retry.of("db", config().build());
    Script script =
        new Script(new ConnectException(), new ConnectException(), new ConnectException());
    try (Deadline.Scope scope = Deadline.after(Duration.ofMillis(170), ticker).bind()) {
      assertThatThrownBy(() -> retry.call(script))
          .isInstanceOf(ConnectException.class)
          .satisfies(
              e ->
                  assertThat(((RetryStoppedException) e.getSuppressed()[0]).stopReason())
                      .isEqualTo(RetryStopReason.DEADLINE));
    }
    assertThat(ticker.sleeps()).containsExactly(Duration.ofMillis(50), Duration.ofMillis(100));
  }

  @Test
  void anInterruptStopsAtOnceAndKeepsTheFlag() {
    Retry retry =
        Retry.of(
            "db",
            config()
                .sleeper(
                    nanos -> {
                      throw new InterruptedException();
                    })
                .build());
    ConnectException failure = new ConnectException();
    try {
      assertThatThrownBy(() -> retry.call(new Script(failure))).isSameAs(failure);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
      assertThat(((RetryStoppedException) failure.getSuppressed()[0]).stopReason())
          .isEqualTo(RetryStopReason.INTERRUPTED);
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void anOpenBreakerStopsTheRetriesWithoutWaiting() {
    CircuitBreaker breaker =
        CircuitBreaker.of("db", CircuitBreakerConfig.builder("db").consecutiveFailures(1).build());
    breaker.transitionTo(CircuitBreakerState.FORCED_OPEN, "test");
    Retry retry = Retry.of("db", config().build());
    assertThatThrownBy(() -> retry.get(() -> breaker.get(() -> "x")))
        .isInstanceOf(CallNotPermittedException.class);
    assertThat(ticker.sleeps()).isEmpty();
  }

  @Test
  void theBudgetCapsRetriesAndThenFailsFastWithTheOriginalError() {
    RetryBudget budget = RetryBudget.of("db", 0.5, 2);
    Retry retry = Retry.of("db", config().maxRetries(5).budget(budget).build());
    ConnectException failure = new ConnectException("down");
    Script script = new Script(failure, failure, failure, failure, failure, failure);
    assertThatThrownBy(() -> retry.call(script)).isSameAs(failure);
    assertThat(script.calls).as("first attempt + the 2 retries the bucket held").hasValue(3);
    assertThat(retry.budgetExhaustedCount()).isEqualTo(1);
    assertThat(budget.available()).isZero();
    // Two more successful first attempts deposit one token (0.5 each).
    retry.get(() -> "ok");
    retry.get(() -> "ok");
    assertThat(budget.available()).isEqualTo(1);
  }

  @Test
  void resultsCanBeRetriedAndTheLastOneIsReturned() throws Exception {
    Retry retry =
        Retry.of("http", config().maxRetries(2).retryOnResult(r -> "503".equals(r)).build());
    AtomicInteger calls = new AtomicInteger();
    assertThat(retry.call(() -> calls.incrementAndGet() < 2 ? "503" : "200")).isEqualTo("200");
    assertThat(retry.call(() -> "503")).as("still 503 after the retries").isEqualTo("503");
    assertThat(ticker.sleeps()).hasSize(3);
  }

  @Test
  void abortIfStopsRetriesForMatchingFailures() {
    Retry retry =
        Retry.of(
            "db",
            config()
                .abortIf(e -> e.getMessage() != null && e.getMessage().contains("auth"))
                .build());
    ConnectException auth = new ConnectException("auth failed");
    assertThatThrownBy(() -> retry.call(new Script(auth))).isSameAs(auth);
    assertThat(ticker.sleeps()).isEmpty();
  }

  @Test
  void eachAttemptCanHaveItsOwnTimeout() throws Exception {
    try (TimeLimiter limiter = TimeLimiter.builder("attempts").build()) {
      Retry retry =
          Retry.of("db", config().attemptTimeout(limiter, Duration.ofMillis(100)).build());
      AtomicInteger calls = new AtomicInteger();
      String result =
          retry.call(
              () -> {
                if (calls.incrementAndGet() == 1) {
                  new CountDownLatch(1).await(); // hangs until the limiter interrupts it
                }
                return "second attempt";
              });
      assertThat(result).isEqualTo("second attempt");
      assertThat(limiter.violationCount()).isEqualTo(1);
    }
  }

  @Test
  void giveUpsAreLoggedAtMostOnceASecondWithASuppressedCount() {
    Retry retry = Retry.of("db", config().maxRetries(0).build());
    try (LogCapture logs = LogCapture.of("dev.levee.core.Retry")) {
      for (int i = 0; i < 3; i++) {
        assertThatThrownBy(() -> retry.call(new Script(new ConnectException())))
            .isInstanceOf(ConnectException.class);
      }
      ticker.advance(Duration.ofSeconds(1));
      assertThatThrownBy(() -> retry.call(new Script(new ConnectException())))
          .isInstanceOf(ConnectException.class);
      assertThat(logs.lines()).hasSize(2);
      assertThat(logs.lines().get(0).keyValues())
          .containsEntry("component", "retry")
          .containsEntry("name", "db")
          .containsEntry("attempts", 1)
          .containsEntry("reason", "retries exhausted")
          .containsEntry("suppressed", 0L);
      assertThat(logs.lines().get(1).keyValues()).containsEntry("suppressed", 2L);
    }
  }

  @Test
  void listenersHearEachRetryAndTheGiveUp() {
    Retry retry = Retry.of("db", config().maxRetries(1).build());
    List<String> events = new CopyOnWriteArrayList<>();
    retry.addListener(
        new RetryListener() {
          @Override
          public void onRetry(String name, int attempt, Duration delay, Throwable failure) {
            events.add("retry " + attempt + " after " + delay.toMillis() + "ms");
          }

          @Override
          public void onGiveUp(
              String name, int attempts, RetryStopReason reason, Throwable failure) {
            events.add("gave up after " + attempts + ": " + reason);
          }
        });
    assertThatThrownBy(() -> retry.call(new Script(new ConnectException(), new ConnectException())))
        .isInstanceOf(ConnectException.class);
    assertThat(events).containsExactly("retry 1 after 50ms", "gave up after 2: retries exhausted");
  }

  @Test
  void asyncRetriesRunOnTheSchedulerWithTheCallersContext() throws Exception {
    ManualScheduler scheduler = new ManualScheduler(ticker);
    Retry retry = Retry.of("rpc", config().scheduler(scheduler).build());
    AtomicInteger calls = new AtomicInteger();
    List<String> requestIds = new CopyOnWriteArrayList<>();
    MDC.put("request_id", "r-7");
    CompletableFuture<String> result;
    try {
      result =
          retry.callAsync(
              () -> {
                requestIds.add(MDC.get("request_id"));
                return calls.incrementAndGet() < 3
                    ? CompletableFuture.failedFuture(new IOException("reset"))
                    : CompletableFuture.completedFuture("pong");
              });
    } finally {
      MDC.clear();
    }
    assertThat(result).as("IOException is FATAL by default").isCompletedExceptionally();

    Retry retriable = Retry.of("rpc", config().scheduler(scheduler).build());
    calls.set(0);
    MDC.put("request_id", "r-8");
    try {
      result =
          retriable.callAsync(
              () -> {
                requestIds.add(MDC.get("request_id"));
                return calls.incrementAndGet() < 3
                    ? CompletableFuture.failedFuture(new ConnectException())
                    : CompletableFuture.completedFuture("pong");
              });
    } finally {
      MDC.clear();
    }
    assertThat(result).isNotDone();
    assertThat(scheduler.pendingDelays()).containsExactly(Duration.ofMillis(50));
    scheduler.advance(Duration.ofMillis(50));
    assertThat(scheduler.pendingDelays()).containsExactly(Duration.ofMillis(100));
    scheduler.advance(Duration.ofMillis(100));
    assertThat(result.get(1, TimeUnit.SECONDS)).isEqualTo("pong");
    assertThat(requestIds).containsExactly("r-7", "r-8", "r-8", "r-8");
  }

  @Test
  void asyncWithoutASchedulerFailsClearly() {
    Retry retry = Retry.of("rpc", config().build());
    assertThatThrownBy(() -> retry.callAsync(() -> CompletableFuture.completedFuture(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("callAsync needs a scheduler");
  }

  @Test
  void badConfigurationIsRejectedNamingTheField() {
    assertThatThrownBy(() -> RetryConfig.builder("db").maxRetries(-1))
        .hasMessage("retry \"db\": maxRetries must be in [0,10000], was -1");
    assertThatThrownBy(() -> RetryConfig.builder("db").transientMultiplier(0.5))
        .hasMessage("retry \"db\": transientMultiplier must be in [1,100], was 0.5");
    assertThatThrownBy(() -> RetryConfig.builder("db").maxDuration(Duration.ZERO))
        .hasMessage("retry \"db\": maxDuration must be positive, was 0s");
    assertThatThrownBy(() -> RetryBudget.of("b", 1.5, 1))
        .hasMessage("retryBudget \"b\": ratio must be in (0,1], was 1.5");
  }
}
