package dev.levee.timeouts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levee.timeouts.testing.ManualTicker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The caller-thread mode, driven by hand: a manual ticker and a manual watchdog whose scan the work
 * itself runs, on the caller's thread, so every interleaving here is deterministic.
 */
class TimeLimiterCallerThreadTest {
  private static final Duration LIMIT = Duration.ofSeconds(2);

  private final ManualTicker ticker = new ManualTicker();
  private final TimeLimitWatchdog watchdog = TimeLimitWatchdog.manual(ticker);
  private final TimeLimiter limiter =
      TimeLimiter.builder("caller").ticker(ticker).callerThread(watchdog).build();

  @AfterEach
  void clearInterrupt() {
    limiter.close();
    watchdog.close();
    Thread.interrupted();
  }

  @Test
  void workRunsOnTheCallersThreadAndItsResultIsReturned() throws Exception {
    Thread caller = Thread.currentThread();
    assertThat(limiter.call("op", LIMIT, () -> Thread.currentThread() == caller, null)).isTrue();
    assertThat(watchdog.watchedCalls()).as("slot freed").isZero();
  }

  @Test
  void interruptedAtTheDeadlineAndNotBefore() {
    AtomicBoolean interruptedEarly = new AtomicBoolean();
    assertThatThrownBy(
            () ->
                limiter.call(
                    "db.query",
                    LIMIT,
                    () -> {
                      ticker.advanceNanos(LIMIT.toNanos() - 1);
                      watchdog.scan();
                      interruptedEarly.set(Thread.currentThread().isInterrupted());
                      ticker.advanceNanos(1);
                      watchdog.scan();
                      Thread.sleep(60_000); // the interrupt is pending: throws at once
                      return "too late";
                    },
                    null))
        .isInstanceOf(OperationTimeoutException.class)
        .hasMessageStartingWith("operation \"db.query\" timed out after 2s (limit 2s)")
        .satisfies(
            e -> {
              OperationTimeoutException timeout = (OperationTimeoutException) e;
              assertThat(timeout.timeout()).isEqualTo(LIMIT);
              assertThat(timeout.fromDeadline()).isFalse();
              assertThat(timeout.getSuppressed())
                  .singleElement()
                  .isInstanceOf(InterruptedException.class);
            });
    assertThat(interruptedEarly).as("interrupted 1ns before the deadline").isFalse();
    assertThat(Thread.currentThread().isInterrupted())
        .as("the watchdog's interrupt is cleared from the caller")
        .isFalse();
    assertThat(limiter.violationCount()).isEqualTo(1);
    assertThat(watchdog.watchedCalls()).isZero();
  }

  @Test
  void aCallThatTimedOutThrowsEvenIfItsWorkIgnoredTheInterrupt() {
    assertThatThrownBy(
            () ->
                limiter.call(
                    "stubborn",
                    LIMIT,
                    () -> {
                      ticker.advance(LIMIT);
                      watchdog.scan();
                      return "ignored the interrupt";
                    },
                    null))
        .isInstanceOf(OperationTimeoutException.class);
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  @Test
  void aScanAfterTheCallReturnedInterruptsNothing() throws Exception {
    assertThat(limiter.call("quick", LIMIT, () -> 1, null)).isEqualTo(1);
    ticker.advance(LIMIT.multipliedBy(10));
    assertThat(watchdog.scan()).isZero();
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
    // the next call on this thread reuses the slot and is not hit either
    assertThat(limiter.call("next", LIMIT, () -> Thread.currentThread().isInterrupted(), null))
        .isFalse();
  }

  @Test
  void theCallersDeadlineShortensTheLimit() throws Exception {
    try (Deadline.Scope scope = Deadline.after(Duration.ofMillis(500), ticker).bind()) {
      assertThatThrownBy(
              () ->
                  limiter.call(
                      "op",
                      LIMIT,
                      () -> {
                        ticker.advance(Duration.ofMillis(500));
                        watchdog.scan();
                        Thread.sleep(60_000);
                        return 1;
                      },
                      null))
          .isInstanceOfSatisfying(
              OperationTimeoutException.class,
              e -> {
                assertThat(e.timeout()).isEqualTo(Duration.ofMillis(500));
                assertThat(e.fromDeadline()).isTrue();
              });
    }
  }

  @Test
  void anInnerLimitThatIsEarlierFiresFirstAndTheOuterCallGoesOn() throws Exception {
    String outcome =
        limiter.call(
            "outer",
            Duration.ofSeconds(10),
            () -> {
              try {
                limiter.call(
                    "inner",
                    Duration.ofSeconds(1),
                    () -> {
                      ticker.advance(Duration.ofSeconds(1));
                      watchdog.scan();
                      Thread.sleep(60_000);
                      return "inner done";
                    },
                    null);
                return "inner did not time out";
              } catch (OperationTimeoutException e) {
                return e.operation()
                    + " timed out; outer interrupted: "
                    + Thread.currentThread().isInterrupted();
              }
            },
            null);
    assertThat(outcome).isEqualTo("inner timed out; outer interrupted: false");
    assertThat(watchdog.watchedCalls()).isZero();
  }

  @Test
  void anOuterLimitThatIsEarlierStopsTheInnerCall() {
    assertThatThrownBy(
            () ->
                limiter.call(
                    "outer",
                    Duration.ofSeconds(1),
                    () ->
                        limiter.call(
                            "inner",
                            Duration.ofSeconds(10),
                            () -> {
                              ticker.advance(Duration.ofSeconds(1));
                              watchdog.scan();
                              Thread.sleep(60_000);
                              return "inner done";
                            },
                            null),
                    null))
        .isInstanceOfSatisfying(
            OperationTimeoutException.class, e -> assertThat(e.operation()).isEqualTo("outer"));
    assertThat(limiter.violationsByOperation()).containsOnlyKeys("outer");
    assertThat(watchdog.watchedCalls()).isZero();
  }

  @Test
  void theResourceIsClosedOnATimeoutOnly() throws Exception {
    AtomicInteger closes = new AtomicInteger();
    AutoCloseable resource = closes::incrementAndGet;
    assertThat(limiter.call("ok", LIMIT, () -> 1, resource)).isEqualTo(1);
    ticker.advance(LIMIT);
    watchdog.scan();
    assertThat(closes).as("a call that finished keeps its resource").hasValue(0);
    assertThatThrownBy(
            () ->
                limiter.call(
                    "late",
                    LIMIT,
                    () -> {
                      ticker.advance(LIMIT);
                      watchdog.scan();
                      return 1;
                    },
                    resource))
        .isInstanceOf(OperationTimeoutException.class);
    assertThat(closes).hasValue(1);
  }

  @Test
  void anExpiredDeadlineFailsBeforeTheWorkRuns() {
    AtomicBoolean ran = new AtomicBoolean();
    try (Deadline.Scope scope = Deadline.after(Duration.ZERO, ticker).bind()) {
      assertThatThrownBy(() -> limiter.call("op", LIMIT, () -> ran.getAndSet(true), null))
          .isInstanceOf(OperationTimeoutException.class);
    }
    assertThat(ran).isFalse();
  }

  @Test
  void closingTheLimiterReleasesItsCallsInFlight() {
    TimeLimiter other = TimeLimiter.builder("other").ticker(ticker).callerThread(watchdog).build();
    assertThatThrownBy(
            () ->
                limiter.call(
                    "running",
                    LIMIT,
                    () -> {
                      other.close(); // another limiter's close leaves this call alone
                      assertThat(Thread.currentThread().isInterrupted()).isFalse();
                      limiter.close();
                      Thread.sleep(60_000);
                      return 1;
                    },
                    null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("timeLimiter \"caller\" closed while operation \"running\" was running");
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
    assertThatThrownBy(() -> limiter.call("after", LIMIT, () -> 1, null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("timeLimiter \"caller\" is closed");
  }

  @Test
  void theWorksOwnExceptionPassesThrough() {
    assertThatThrownBy(
            () ->
                limiter.call(
                    "op",
                    LIMIT,
                    () -> {
                      throw new java.io.IOException("boom");
                    },
                    null))
        .isInstanceOf(java.io.IOException.class)
        .hasMessage("boom");
    assertThat(watchdog.watchedCalls()).isZero();
  }

  @Test
  void manyCallsInFlightGrowTheTableAndLeaveNoSlotTaken() throws Exception {
    int depth = 200;
    assertThat(nest(depth)).isEqualTo(depth);
    assertThat(watchdog.watchedCalls()).isZero();
  }

  private int nest(int depth) throws Exception {
    if (depth == 0) {
      assertThat(watchdog.watchedCalls()).isEqualTo(200);
      return 0;
    }
    return limiter.call("nested", LIMIT, () -> nest(depth - 1) + 1, null);
  }
}
