package dev.levee.timeouts.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.common.internal.LeveeThreadFactory;
import dev.levee.testkit.Await;
import dev.levee.testkit.Background;
import dev.levee.testkit.LeveeThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The hand-off slots under races: a parked worker is always woken for its task (no lost wake-up), a
 * worker retiring as a caller claims it never strands the task, a close racing claims leaves no
 * task unfinished and no thread alive, and no more than {@code maxThreads} workers ever run work.
 * Each waits with a bound, so a lost task fails the test instead of hanging it.
 */
@Timeout(120)
class HandoffWorkersStressTest {
  private static final Duration BOUND = Duration.ofSeconds(10);
  private static final SpinWait NO_SPIN = new SpinWait(0, SystemTicker.INSTANCE);

  private static HandoffWorkers workers(String name, int max, SpinWait spin, long keepAliveNanos) {
    return new HandoffWorkers(
        name,
        max,
        new LeveeThreadFactory("timelimiter", name + "-worker"),
        spin,
        SystemTicker.INSTANCE,
        keepAliveNanos);
  }

  @Test
  void aWorkerThatParksIsWokenForEveryTask() throws Exception {
    // No spin and a long keep-alive: a lost wake-up leaves a task unrun for 30 s, past the bound.
    HandoffWorkers workers = workers("wake", 1, NO_SPIN, TimeUnit.SECONDS.toNanos(30));
    try {
      for (int i = 0; i < 20_000; i++) {
        int n = i;
        LimitedTask<Integer> task = new LimitedTask<>(() -> n, null);
        submitWhenFree(workers, task);
        assertThat(task.get(BOUND.toSeconds(), TimeUnit.SECONDS)).isEqualTo(n);
      }
    } finally {
      workers.close();
    }
    LeveeThreads.assertNoneSurvive(BOUND);
  }

  @Test
  void workersRetiringAsCallersClaimThemNeverStrandATaskNorExceedTheCap() throws Exception {
    int max = 3;
    // A keep-alive of 2 µs: workers retire between almost every pair of calls.
    HandoffWorkers workers = workers("retiring", max, NO_SPIN, 2_000);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger mostAtOnce = new AtomicInteger();
    ExecutorService callers = Executors.newFixedThreadPool(4);
    try {
      List<CompletableFuture<Integer>> done = new ArrayList<>();
      for (int c = 0; c < 4; c++) {
        done.add(
            Background.call(
                callers,
                () -> {
                  int ran = 0;
                  for (int i = 0; i < 3_000; i++) {
                    LimitedTask<Integer> task =
                        new LimitedTask<>(
                            () -> {
                              mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                              running.decrementAndGet();
                              return 1;
                            },
                            null);
                    try {
                      workers.submit(task, Long.MAX_VALUE);
                    } catch (RejectedExecutionException busy) {
                      continue;
                    }
                    ran += task.get(BOUND.toSeconds(), TimeUnit.SECONDS);
                  }
                  return ran;
                }));
      }
      int ran = 0;
      for (CompletableFuture<Integer> caller : done) {
        ran += caller.get(60, TimeUnit.SECONDS);
      }
      assertThat(ran).as("tasks ran").isPositive();
      assertThat(mostAtOnce.get()).as("tasks running at once").isLessThanOrEqualTo(max);
    } finally {
      workers.close();
      callers.shutdownNow();
    }
    LeveeThreads.assertNoneSurvive(BOUND);
  }

  @Test
  void aCloseRacingClaimsLeavesEveryTaskDoneAndNoThreadAlive() throws Exception {
    ExecutorService callers = Executors.newFixedThreadPool(3);
    try {
      for (int round = 0; round < 200; round++) {
        HandoffWorkers workers =
            workers("racing", 2, SpinWait.forThisMachine(), TimeUnit.SECONDS.toNanos(30));
        ConcurrentLinkedQueue<LimitedTask<Integer>> handed = new ConcurrentLinkedQueue<>();
        AtomicInteger submitted = new AtomicInteger();
        AtomicInteger attempts = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        List<CompletableFuture<Object>> done = new ArrayList<>();
        for (int c = 0; c < 3; c++) {
          done.add(
              Background.call(
                  callers,
                  () -> {
                    while (!stop.get()) { // it hands over before, during and after the close
                      LimitedTask<Integer> task = new LimitedTask<>(() -> 1, null);
                      attempts.incrementAndGet();
                      try {
                        workers.submit(task, Long.MAX_VALUE);
                        handed.add(task);
                        submitted.incrementAndGet();
                      } catch (RejectedExecutionException busy) {
                        // every worker busy: this one is not handed over
                      }
                    }
                    return null;
                  }));
        }
        int at = round;
        Await.until(BOUND, "callers started handing over", () -> submitted.get() > at % 20);
        workers.close();
        int closedAt = attempts.get();
        Await.until(BOUND, "callers tried after the close", () -> attempts.get() > closedAt + 3);
        stop.set(true);
        for (CompletableFuture<Object> caller : done) {
          caller.get(BOUND.toSeconds(), TimeUnit.SECONDS);
        }
        Await.until(
            BOUND,
            () -> "round " + at + ": a task handed over was neither run nor aborted",
            () -> handed.stream().allMatch(LimitedTask::isDone));
        assertThat(workers.awaitTermination(SystemTicker.INSTANCE.read() + BOUND.toNanos()))
            .as("round %d: every worker ended", at)
            .isTrue();
      }
    } finally {
      callers.shutdownNow();
    }
    LeveeThreads.assertNoneSurvive(BOUND);
  }

  private static void submitWhenFree(HandoffWorkers workers, LimitedTask<?> task) {
    // One caller, one worker: the only refusal is the worker still finishing the previous task.
    Await.until(
        BOUND,
        "the worker took the next task",
        () -> {
          try {
            workers.submit(task, Long.MAX_VALUE);
            return true;
          } catch (RejectedExecutionException finishing) {
            return false;
          }
        });
  }
}
