package dev.levee.timeouts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levee.errors.ErrorCategory;
import dev.levee.errors.ErrorClassifiers;
import dev.levee.testkit.Await;
import dev.levee.testkit.Background;
import dev.levee.testkit.LogCapture;
import dev.levee.timeouts.testing.ManualScheduler;
import dev.levee.timeouts.testing.ManualTicker;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * The blocking path, with time driven by a manual ticker and scheduler: a timeout fires exactly
 * when the test advances time, so no test waits for real time to pass. Real threads still run the
 * work, so waits for them are bounded.
 */
class TimeLimiterTest {
  private static final Duration BOUND = Duration.ofSeconds(10);
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  private final ManualTicker ticker = new ManualTicker();
  private final ManualScheduler scheduler = new ManualScheduler(ticker);
  private final ExecutorService callers = Executors.newCachedThreadPool();
  private final TimeLimiter limiter =
      TimeLimiter.builder("test")
          .timeouts(Timeouts.builder().timeout("db.query", Duration.ofMillis(300)).build())
          .ticker(ticker)
          .clock(Clock.fixed(NOW, ZoneOffset.UTC))
          .scheduler(scheduler)
          .build();

  @AfterEach
  void tearDown() throws InterruptedException {
    limiter.close();
    callers.shutdownNow();
    assertThat(callers.awaitTermination(10, TimeUnit.SECONDS)).as("caller threads ended").isTrue();
    MDC.clear();
  }

  /** Calls the limiter from another thread, as the test thread must stay free to move time. */
  private <T> CompletableFuture<T> callInBackground(String operation, Callable<T> work) {
    return Background.call(callers, () -> limiter.call(operation, work));
  }

  private void awaitTimerArmed() {
    Await.until(BOUND, "the limiter scheduled its timer", () -> scheduler.pending() == 1);
  }

  private static Throwable outcome(CompletableFuture<?> f) throws InterruptedException {
    try {
      f.get(BOUND.toSeconds(), TimeUnit.SECONDS);
      return null;
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("the call did not finish within " + BOUND, e);
    }
  }

  @Test
  void returnsTheResultAndCancelsTheTimer() throws Exception {
    assertThat(limiter.call("db.query", () -> 42)).isEqualTo(42);
    assertThat(scheduler.pending()).as("timer cancelled after success").isZero();
    assertThat(limiter.violationCount()).isZero();
  }

  @Test
  void rethrowsWhatTheWorkThrewAsItThrewIt() {
    IOException checked = new IOException("disk");
    assertThatThrownBy(
            () ->
                limiter.call(
                    "db.query",
                    () -> {
                      throw checked;
                    }))
        .isSameAs(checked);
    IllegalStateException unchecked = new IllegalStateException("bug");
    assertThatThrownBy(
            () ->
                limiter.call(
                    "db.query",
                    () -> {
                      throw unchecked;
                    }))
        .isSameAs(unchecked);
    assertThat(limiter.violationCount()).isZero();
  }

  @Test
  void timesOutWhenTimeRunsOutAndInterruptsTheWork() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    AtomicBoolean workInterrupted = new AtomicBoolean();
    CompletableFuture<String> call =
        callInBackground(
            "db.query",
            () -> {
              started.countDown();
              try {
                new CountDownLatch(1).await(); // blocks until interrupted
                return "never";
              } catch (InterruptedException e) {
                workInterrupted.set(true);
                throw e;
              }
            });
    assertThat(started.await(10, TimeUnit.SECONDS)).as("work started").isTrue();
    awaitTimerArmed();
    assertThat(scheduler.pendingDelays()).containsExactly(Duration.ofMillis(300));

    scheduler.advance(Duration.ofMillis(299));
    assertThat(call).as("not yet: one millisecond left").isNotDone();
    scheduler.advance(Duration.ofMillis(1));

    Throwable error = outcome(call);
    assertThat(error).isInstanceOf(OperationTimeoutException.class);
    OperationTimeoutException timeout = (OperationTimeoutException) error;
    assertThat(timeout.operation()).isEqualTo("db.query");
    assertThat(timeout.timeout()).isEqualTo(Duration.ofMillis(300));
    assertThat(timeout.elapsed()).isEqualTo(Duration.ofMillis(300));
    assertThat(timeout.fromDeadline()).isFalse();
    assertThat(timeout.category()).isEqualTo(ErrorCategory.RETRIABLE);
    assertThat(ErrorClassifiers.defaults().classify(timeout)).isEqualTo(ErrorCategory.RETRIABLE);
    assertThat(timeout.timestamp()).isEqualTo(NOW);
    assertThat(timeout.getMessage())
        .startsWith("operation \"db.query\" timed out after 300ms (limit 300ms)")
        .contains("timeout_ms=300", "elapsed_ms=300");
    Await.until(BOUND, "the work saw the interrupt", workInterrupted::get);
    assertThat(limiter.violationCount()).isEqualTo(1);
    assertThat(limiter.violationsByOperation()).containsEntry("db.query", 1L);
  }

  @Test
  void aShorterDeadlineWinsAndTheWorkSeesIt() throws Exception {
    Deadline deadline = Deadline.after(Duration.ofMillis(100), ticker);
    CountDownLatch started = new CountDownLatch(1);
    List<Deadline> seenByWork = new CopyOnWriteArrayList<>();
    CompletableFuture<Object> call =
        Background.call(
            callers,
            () -> {
              try (Deadline.Scope scope = deadline.bind()) {
                return limiter.call(
                    "db.query",
                    () -> {
                      seenByWork.add(Deadline.current().orElseThrow());
                      started.countDown();
                      new CountDownLatch(1).await();
                      return null;
                    });
              }
            });
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    awaitTimerArmed();
    assertThat(scheduler.pendingDelays()).containsExactly(Duration.ofMillis(100));
    assertThat(seenByWork).containsExactly(deadline);
    scheduler.advance(Duration.ofMillis(100));
    Throwable error = outcome(call);
    assertThat(error).isInstanceOf(OperationTimeoutException.class);
    OperationTimeoutException timeout = (OperationTimeoutException) error;
    assertThat(timeout.fromDeadline()).isTrue();
    assertThat(timeout.timeout()).isEqualTo(Duration.ofMillis(100));
    assertThat(timeout.getMessage()).contains("(limit 100ms, the caller's deadline)");
  }

  @Test
  void anExpiredDeadlineFailsAtOnceWithoutRunningTheWork() {
    AtomicBoolean ran = new AtomicBoolean();
    Deadline expired = Deadline.after(Duration.ZERO, ticker);
    try (Deadline.Scope scope = expired.bind()) {
      assertThatThrownBy(() -> limiter.call("db.query", () -> ran.getAndSet(true)))
          .isInstanceOf(OperationTimeoutException.class)
          .satisfies(e -> assertThat(((OperationTimeoutException) e).fromDeadline()).isTrue());
    }
    assertThat(ran).isFalse();
    assertThat(limiter.violationCount()).isEqualTo(1);
  }

  @Test
  void theWorkRunsWithTheCallersMdc() throws Exception {
    MDC.put("request_id", "r-9");
    assertThat(limiter.call("db.query", () -> MDC.get("request_id"))).isEqualTo("r-9");
  }

  @Test
  void eachViolationIsLoggedOnceAsAStructuredWarning() throws Exception {
    try (LogCapture logs = LogCapture.of("dev.levee.timeouts.TimeLimiter")) {
      CountDownLatch started = new CountDownLatch(1);
      CompletableFuture<Object> call =
          callInBackground(
              "db.query",
              () -> {
                started.countDown();
                new CountDownLatch(1).await();
                return null;
              });
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
      awaitTimerArmed();
      scheduler.advance(Duration.ofMillis(300));
      assertThat(outcome(call)).isInstanceOf(OperationTimeoutException.class);

      assertThat(logs.lines()).hasSize(1);
      LogCapture.Line line = logs.lines().get(0);
      assertThat(line.level()).isEqualTo("WARN");
      assertThat(line.message())
          .isEqualTo("operation \"db.query\" timed out after 300ms (limit 300ms)");
      assertThat(line.keyValues())
          .containsEntry("component", "timeouts")
          .containsEntry("name", "test")
          .containsEntry("operation", "db.query")
          .containsEntry("timeout_ms", 300L)
          .containsEntry("duration_ms", 300L);
    }
  }

  @Test
  void listenersHearEveryViolationAndAFailingListenerHarmsNothing() throws Exception {
    List<TimeoutViolation> heard = new CopyOnWriteArrayList<>();
    limiter.addListener(
        v -> {
          throw new IllegalStateException("listener bug");
        });
    limiter.addListener(heard::add);
    Deadline expired = Deadline.after(Duration.ZERO, ticker);
    try (Deadline.Scope scope = expired.bind()) {
      assertThatThrownBy(() -> limiter.call("db.query", () -> 1))
          .isInstanceOf(OperationTimeoutException.class);
    }
    assertThat(heard)
        .containsExactly(
            TimeoutViolation.builder()
                .limiter("test")
                .operation("db.query")
                .timeout(Duration.ZERO)
                .elapsed(Duration.ZERO)
                .fromDeadline(true)
                .timestamp(NOW)
                .build());
  }

  @Test
  void closeOnTimeoutIsClosedOnlyWhenTimeRunsOut() throws Exception {
    AtomicBoolean closedAfterSuccess = new AtomicBoolean();
    assertThat(limiter.call("db.query", () -> "ok", () -> closedAfterSuccess.set(true)))
        .isEqualTo("ok");
    assertThat(closedAfterSuccess).as("a call that finished keeps its resource").isFalse();

    CountDownLatch released = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    CompletableFuture<Object> call =
        Background.call(
            callers,
            () ->
                limiter.call(
                    "db.query",
                    () -> {
                      started.countDown();
                      awaitIgnoringInterrupts(released); // like a read on a java.net.Socket
                      return "late";
                    },
                    released::countDown));
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    awaitTimerArmed();
    scheduler.advance(Duration.ofMillis(300));
    assertThat(outcome(call)).isInstanceOf(OperationTimeoutException.class);
    scheduler.runDue(); // the close runs on the timer, not on the caller's thread
    assertThat(released.getCount()).as("the resource was closed").isZero();
  }

  @Test
  void aSlowCloseNeverHoldsTheCallerPastItsTimeout() throws Exception {
    java.util.concurrent.atomic.AtomicReference<Thread> caller =
        new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.atomic.AtomicReference<Thread> closedOn =
        new java.util.concurrent.atomic.AtomicReference<>();
    CountDownLatch released = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    CompletableFuture<Object> call =
        Background.call(
            callers,
            () -> {
              caller.set(Thread.currentThread());
              return limiter.call(
                  "db.query",
                  () -> {
                    started.countDown();
                    awaitIgnoringInterrupts(released);
                    return "late";
                  },
                  () -> {
                    closedOn.set(Thread.currentThread());
                    released.countDown();
                  });
            });
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    awaitTimerArmed();
    scheduler.advance(Duration.ofMillis(300));
    assertThat(outcome(call))
        .as("the caller has its timeout before the resource is closed")
        .isInstanceOf(OperationTimeoutException.class);
    assertThat(closedOn.get()).as("not closed on the caller's thread").isNull();
    assertThat(scheduler.pending()).as("the close waits on the timer").isEqualTo(1);
    scheduler.runDue();
    assertThat(closedOn.get()).isNotNull().isNotSameAs(caller.get());
  }

  @Test
  void aClosedLimiterRefusesEvenACallWhoseDeadlineHasPassed() {
    limiter.close();
    try (Deadline.Scope s = Deadline.after(Duration.ZERO, ticker).bind()) {
      assertThatThrownBy(() -> limiter.call("db.query", () -> 1))
          .isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(
              () -> limiter.callAsync("db.query", () -> CompletableFuture.completedFuture(1)))
          .isInstanceOf(IllegalStateException.class);
    }
    assertThat(limiter.violationCount()).isZero();
  }

  private static void awaitIgnoringInterrupts(CountDownLatch latch) {
    while (true) {
      try {
        if (latch.await(10, TimeUnit.SECONDS)) {
          return;
        }
      } catch (InterruptedException ignored) {
        // deliberately deaf to interrupts
      }
    }
  }

  @Test
  void anInterruptedCallerStopsWaitingAndInterruptsTheWork() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    AtomicBoolean workInterrupted = new AtomicBoolean();
    Thread[] caller = new Thread[1];
    CompletableFuture<Object> call =
        Background.call(
            callers,
            () -> {
              caller[0] = Thread.currentThread();
              return limiter.call(
                  "db.query",
                  () -> {
                    started.countDown();
                    try {
                      new CountDownLatch(1).await();
                    } catch (InterruptedException e) {
                      workInterrupted.set(true);
                    }
                    return null;
                  });
            });
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    caller[0].interrupt();
    assertThat(outcome(call)).isInstanceOf(InterruptedException.class);
    Await.until(BOUND, "the work was interrupted", workInterrupted::get);
    assertThat(limiter.violationCount()).isZero();
  }

  @Test
  void rejectsBadArguments() {
    assertThatThrownBy(() -> limiter.call("unknown.op", () -> 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no timeout for operation \"unknown.op\"");
    assertThatThrownBy(() -> limiter.call("x", Duration.ZERO, () -> 1, null))
        .hasMessage("timeout must be positive, was 0s");
    assertThatThrownBy(() -> TimeLimiter.builder("bad name"))
        .hasMessageContaining("name must be")
        .hasMessageEndingWith("was \"bad name\"");
    assertThatThrownBy(() -> TimeLimiter.builder("ok").maxThreads(0))
        .hasMessage("timeLimiter \"ok\": maxThreads must be at least 1, was 0");
  }
}
