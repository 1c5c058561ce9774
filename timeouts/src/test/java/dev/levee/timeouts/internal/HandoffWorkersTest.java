package dev.levee.timeouts.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levee.common.internal.LeveeThreadFactory;
import dev.levee.testkit.Await;
import dev.levee.testkit.LeveeThreads;
import dev.levee.timeouts.Ticker;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The hand-off slots on their own: a worker retires after its keep-alive and its slot gets a new
 * thread when needed; a task handed over after close is aborted, not run; a full set refuses.
 */
class HandoffWorkersTest {
  private static final Duration BOUND = Duration.ofSeconds(10);

  private static HandoffWorkers workers(String name, int max, long keepAliveNanos) {
    return new HandoffWorkers(
        name,
        max,
        new LeveeThreadFactory("timelimiter", name + "-worker"),
        SpinWait.forThisMachine(),
        SystemTicker.INSTANCE,
        keepAliveNanos);
  }

  /**
   * Worker threads held before they reach their slot until {@code hold} opens (or close interrupts
   * them): to a claim, a slot whose task's work has returned then looks like a finishing worker.
   */
  private static ThreadFactory heldUntil(CountDownLatch hold, String name) {
    LeveeThreadFactory factory = new LeveeThreadFactory("timelimiter", name);
    return slot ->
        factory.newThread(
            () -> {
              try {
                hold.await();
              } catch (InterruptedException closing) {
                // run the slot at once: it sees the close and ends
              }
              slot.run();
            });
  }

  private static LimitedTask<String> task(String value) {
    return new LimitedTask<>(() -> value, null);
  }

  @Test
  void anIdleWorkerRetiresAndItsSlotGetsANewThreadWhenNeeded() throws Exception {
    HandoffWorkers workers = workers("retire", 1, TimeUnit.MILLISECONDS.toNanos(1));
    try {
      LimitedTask<String> first = task("one");
      workers.submit(first, Long.MAX_VALUE);
      assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("one");
      Await.until(BOUND, "the idle worker retired", () -> workers.liveThreads() == 0);
      LimitedTask<String> second = task("two");
      workers.submit(second, Long.MAX_VALUE);
      assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo("two");
    } finally {
      workers.close();
    }
    assertThat(workers.awaitTermination(SystemTicker.INSTANCE.read() + BOUND.toNanos())).isTrue();
    LeveeThreads.assertNoneSurvive(BOUND);
  }

  @Test
  void aTaskHandedOverAfterCloseIsAbortedNotRun() throws Exception {
    HandoffWorkers workers = workers("late", 2, TimeUnit.SECONDS.toNanos(30));
    LimitedTask<String> warm = task("warm");
    workers.submit(warm, Long.MAX_VALUE);
    assertThat(warm.get(10, TimeUnit.SECONDS)).isEqualTo("warm");
    workers.close();
    LimitedTask<String> late = task("late");
    workers.submit(late, Long.MAX_VALUE);
    assertThat(late.isCancelled()).isTrue();
    assertThatThrownBy(late::get).isInstanceOf(CancellationException.class);
    assertThat(workers.awaitTermination(SystemTicker.INSTANCE.read() + BOUND.toNanos())).isTrue();
    LeveeThreads.assertNoneSurvive(BOUND);
  }

  @Test
  void aStrayInterruptOfAnIdleWorkerIsClearedSoItsParkDoesNotTurnIntoABusyLoop() throws Exception {
    // Work may leak its thread to code that interrupts it later (a library's own timeout). An
    // interrupt left set makes every parkNanos return at once: the idle worker would spin at full
    // CPU until its keep-alive ends.
    HandoffWorkers workers = workers("stray", 1, TimeUnit.SECONDS.toNanos(30));
    try {
      LimitedTask<Thread> leak = new LimitedTask<>(Thread::currentThread, null);
      workers.submit(leak, Long.MAX_VALUE);
      Thread worker = leak.get(10, TimeUnit.SECONDS);
      Await.until(
          BOUND, "the worker parked", () -> worker.getState() == Thread.State.TIMED_WAITING);
      worker.interrupt();
      Await.until(
          BOUND,
          () ->
              "the idle worker still has the stray interrupt set (state " + worker.getState() + ")",
          () -> !worker.isInterrupted() && worker.getState() == Thread.State.TIMED_WAITING);
      LimitedTask<String> next = task("next");
      workers.submit(next, Long.MAX_VALUE);
      assertThat(next.get(10, TimeUnit.SECONDS)).isEqualTo("next");
    } finally {
      workers.close();
    }
    LeveeThreads.assertNoneSurvive(BOUND);
  }

  @Test
  void aClaimWaitsForAFinishingWorkerNoLongerThanTheCallersLimit() throws Exception {
    // A ticker that moves 1 µs per reading, for the spin and the claim's wait alike.
    AtomicLong now = new AtomicLong();
    Ticker microsPerRead = () -> now.addAndGet(1_000);
    // The worker's thread is held before it reaches its slot, with a task whose work has already
    // returned: to a claim, that worker looks like it is finishing up, and stays so.
    CountDownLatch hold = new CountDownLatch(1);
    ThreadFactory held = heldUntil(hold, "held-worker");
    HandoffWorkers workers =
        new HandoffWorkers(
            "held",
            1,
            held,
            new SpinWait(10_000, microsPerRead),
            microsPerRead,
            TimeUnit.SECONDS.toNanos(30));
    try {
      LimitedTask<String> returned = task("returned");
      returned.run();
      assertThat(workers.submit(returned, 7_000))
          .as("a hand-over that did not wait leaves the caller all of its limit")
          .isEqualTo(7_000);
      long before = now.get();
      assertThatThrownBy(() -> workers.submit(task("late"), 3_000))
          .isInstanceOf(RejectedExecutionException.class);
      assertThat(now.get() - before)
          .as("ticker time the claim spent waiting, for a caller whose limit is 3 µs")
          .isLessThanOrEqualTo(5_000);
    } finally {
      hold.countDown();
      workers.close();
    }
    LeveeThreads.assertNoneSurvive(BOUND);
  }

  @Test
  void atTheCapAClaimWaitsForADescheduledFinishingWorkerInsteadOfRefusing() throws Exception {
    // The only worker's thread is held before it reaches its slot, with a task whose work has
    // returned: as a loaded machine leaves a worker that has not yet marked itself idle. A caller
    // with a long limit must wait for it past the spin and the yields, not be refused.
    CountDownLatch hold = new CountDownLatch(1);
    ThreadFactory held = heldUntil(hold, "slow-worker");
    HandoffWorkers workers =
        new HandoffWorkers(
            "slow",
            1,
            held,
            SpinWait.forThisMachine(),
            SystemTicker.INSTANCE,
            TimeUnit.SECONDS.toNanos(30));
    java.util.concurrent.ExecutorService caller =
        java.util.concurrent.Executors.newSingleThreadExecutor();
    try {
      LimitedTask<String> returned = task("returned");
      returned.run();
      workers.submit(returned, BOUND.toNanos());
      LimitedTask<String> next = task("next");
      Thread[] callerThread = new Thread[1];
      java.util.concurrent.Future<Long> handedOver =
          caller.submit(
              () -> {
                callerThread[0] = Thread.currentThread();
                return workers.submit(next, BOUND.toNanos());
              });
      Await.until(
          BOUND,
          "the caller parks waiting for the finishing worker",
          () ->
              handedOver.isDone()
                  || (callerThread[0] != null
                      && callerThread[0].getState() == Thread.State.TIMED_WAITING));
      assertThat(handedOver.isDone())
          .as("handed over or refused before the worker finished")
          .isFalse();
      hold.countDown();
      assertThat(handedOver.get(BOUND.toSeconds(), TimeUnit.SECONDS)).isPositive();
      assertThat(next.get(BOUND.toSeconds(), TimeUnit.SECONDS)).isEqualTo("next");
    } finally {
      hold.countDown();
      caller.shutdownNow();
      workers.close();
    }
    LeveeThreads.assertNoneSurvive(BOUND);
  }

  @Test
  void aFullSetRefusesNamingTheLimiterAndTheCap() throws Exception {
    HandoffWorkers workers = workers("full", 1, TimeUnit.SECONDS.toNanos(30));
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    LimitedTask<Boolean> holding =
        new LimitedTask<>(() -> release.await(10, TimeUnit.SECONDS), null);
    try {
      workers.submit(holding, Long.MAX_VALUE);
      assertThatThrownBy(() -> workers.submit(task("x"), Long.MAX_VALUE))
          .isInstanceOf(RejectedExecutionException.class)
          .hasMessageStartingWith("timeLimiter \"full\": all 1 worker threads are busy");
      release.countDown();
      assertThat(holding.get(10, TimeUnit.SECONDS)).isTrue();
      Await.until(
          BOUND,
          "the worker took a task again",
          () -> {
            LimitedTask<String> again = task("again");
            try {
              workers.submit(again, Long.MAX_VALUE);
            } catch (RejectedExecutionException stillBusy) {
              return false; // it is between finishing and marking its slot idle
            }
            try {
              return "again".equals(again.get(10, TimeUnit.SECONDS));
            } catch (Exception e) {
              throw new AssertionError(e);
            }
          });
    } finally {
      workers.close();
    }
    LeveeThreads.assertNoneSurvive(BOUND);
  }
}
