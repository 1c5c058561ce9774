package dev.levee.timeouts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.testkit.Background;
import dev.levee.testkit.LeveeThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The handoff's own workers: one hand-off slot per worker, no queue, no tracking node. A worker is
 * reused call after call, an interrupt never leaks from one task to the next, {@code close()} finds
 * every call in flight through the slots, and under contention every call either runs or is refused
 * at once.
 */
@Timeout(60)
class TimeLimiterHandoffTest {
  private static final Duration BOUND = Duration.ofSeconds(10);

  private static List<String> workers(String limiter) {
    List<String> names = new ArrayList<>(LeveeThreads.alive());
    names.removeIf(n -> !n.startsWith("levee-timelimiter-" + limiter + "-worker-"));
    return names;
  }

  @Test
  void callsOneAfterAnotherReuseOneWorker() throws Exception {
    // One thread at most: a caller that comes back while its worker is still finishing must wait
    // for it, never be refused, however the machine schedules the worker.
    try (TimeLimiter limiter = TimeLimiter.builder("reuse").maxThreads(1).build()) {
      AtomicInteger sum = new AtomicInteger();
      for (int i = 0; i < 200; i++) {
        int n = i;
        sum.addAndGet(limiter.call("op", BOUND, () -> n, null));
      }
      assertThat(sum).hasValue(199 * 200 / 2);
      assertThat(workers("reuse")).as("one worker served every call").hasSize(1);
    }
    LeveeThreads.assertNoneSurvive(BOUND);
  }

  @Test
  void anInterruptNeverReachesTheWorkersNextTask() throws Exception {
    try (TimeLimiter limiter = TimeLimiter.builder("clean").maxThreads(1).build()) {
      String first =
          limiter.call(
              "op",
              BOUND,
              () -> {
                Thread.currentThread().interrupt();
                return Thread.currentThread().getName();
              },
              null);
      String[] second = new String[1];
      boolean interrupted =
          limiter.call(
              "op",
              BOUND,
              () -> {
                second[0] = Thread.currentThread().getName();
                return Thread.currentThread().isInterrupted();
              },
              null);
      assertThat(second[0]).as("the same worker ran both").isEqualTo(first);
      assertThat(interrupted).isFalse();
    }
  }

  @Test
  void closeReleasesEveryCallerInFlightThroughTheSlots() throws Exception {
    int calls = 4;
    TimeLimiter limiter = TimeLimiter.builder("many").maxThreads(calls).build();
    ExecutorService callers = Executors.newFixedThreadPool(calls);
    CountDownLatch started = new CountDownLatch(calls);
    CountDownLatch resources = new CountDownLatch(calls);
    try {
      List<CompletableFuture<Object>> inFlight = new ArrayList<>();
      for (int i = 0; i < calls; i++) {
        inFlight.add(
            Background.call(
                callers,
                () ->
                    limiter.call(
                        "deaf",
                        Duration.ofHours(1),
                        () -> {
                          started.countDown();
                          while (true) {
                            try {
                              if (resources.await(10, TimeUnit.SECONDS)) {
                                return null;
                              }
                            } catch (InterruptedException deaf) {
                              // ignores interrupts: only closing its resource stops it
                            }
                          }
                        },
                        resources::countDown)));
      }
      assertThat(started.await(10, TimeUnit.SECONDS)).as("every call started").isTrue();
      limiter.close();
      for (CompletableFuture<Object> call : inFlight) {
        try {
          call.get(10, TimeUnit.SECONDS);
          throw new AssertionError("a call in flight returned normally after close");
        } catch (ExecutionException e) {
          assertThat(e.getCause())
              .isInstanceOf(IllegalStateException.class)
              .hasMessage("timeLimiter \"many\" closed while operation \"deaf\" was running");
        }
      }
      assertThat(resources.getCount()).as("every resource was closed").isZero();
      LeveeThreads.assertNoneSurvive(BOUND);
    } finally {
      callers.shutdownNow();
    }
  }

  @Test
  void underContentionEveryCallRunsOrIsRefusedAtOnce() throws Exception {
    int callers = 8;
    int each = 300;
    TimeLimiter limiter = TimeLimiter.builder("contended").maxThreads(3).build();
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    AtomicInteger ran = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    AtomicInteger wrong = new AtomicInteger();
    try {
      List<CompletableFuture<Object>> done = new ArrayList<>();
      for (int c = 0; c < callers; c++) {
        done.add(
            Background.call(
                pool,
                () -> {
                  for (int i = 0; i < each; i++) {
                    int n = i;
                    try {
                      if (limiter.call("op", BOUND, () -> n * 2, null) != n * 2) {
                        wrong.incrementAndGet();
                      }
                      ran.incrementAndGet();
                    } catch (RejectedExecutionException busy) {
                      refused.incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      CompletableFuture.allOf(done.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);
      assertThat(wrong).as("every result went back to its own caller").hasValue(0);
      assertThat(ran.get() + refused.get()).isEqualTo(callers * each);
      assertThat(ran.get()).as("calls ran").isPositive();
      assertThat(workers("contended").size()).isBetween(1, 3);
    } finally {
      limiter.close();
      pool.shutdownNow();
    }
    LeveeThreads.assertNoneSurvive(BOUND);
  }
}
