package dev.levee.timeouts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levee.testkit.Background;
import dev.levee.testkit.LeveeThreads;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class TimeLimiterCloseTest {
  private static final Duration BOUND = Duration.ofSeconds(10);

  @Test
  void noLeveeThreadSurvivesClose() throws Exception {
    TimeLimiter limiter = TimeLimiter.builder("leak-check").build();
    for (int i = 0; i < 5; i++) {
      assertThat(limiter.call("x", Duration.ofSeconds(5), () -> 1, null)).isEqualTo(1);
    }
    assertThat(LeveeThreads.alive()).as("worker and timer threads ran").isNotEmpty();
    limiter.close();
    LeveeThreads.assertNoneSurvive(BOUND);
  }

  @Test
  void callsAfterCloseFailClearly() {
    TimeLimiter limiter = TimeLimiter.builder("closed").build();
    limiter.close();
    limiter.close(); // twice is harmless
    assertThatThrownBy(() -> limiter.call("x", Duration.ofSeconds(1), () -> 1, null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("timeLimiter \"closed\" is closed");
    assertThatThrownBy(() -> limiter.callAsync("x", Duration.ofSeconds(1), CompletableFuture::new))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void closeReleasesACallerWhoseWorkIgnoresInterrupts() throws Exception {
    TimeLimiter limiter = TimeLimiter.builder("closing").build();
    ExecutorService callers = Executors.newSingleThreadExecutor();
    try {
      CountDownLatch started = new CountDownLatch(1);
      CountDownLatch resource = new CountDownLatch(1);
      CompletableFuture<Object> call =
          Background.call(
              callers,
              () ->
                  limiter.call(
                      "stuck",
                      Duration.ofHours(1),
                      () -> {
                        started.countDown();
                        while (true) {
                          try {
                            if (resource.await(10, TimeUnit.SECONDS)) {
                              return null;
                            }
                          } catch (InterruptedException deaf) {
                            // ignores interrupts
                          }
                        }
                      },
                      resource::countDown));
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
      limiter.close();
      assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(IllegalStateException.class)
          .hasRootCauseMessage(
              "timeLimiter \"closing\" closed while operation \"stuck\" was running");
      assertThat(resource.getCount()).as("its resource was closed").isZero();
      LeveeThreads.assertNoneSurvive(BOUND);
    } finally {
      callers.shutdownNow();
    }
  }

  @Test
  void aCallerSuppliedExecutorIsNotShutDown() throws Exception {
    ExecutorService mine = Executors.newCachedThreadPool();
    try {
      TimeLimiter limiter = TimeLimiter.builder("borrowed").executor(mine).build();
      assertThat(limiter.call("x", Duration.ofSeconds(5), () -> 2, null)).isEqualTo(2);
      limiter.close();
      assertThat(mine.isShutdown()).isFalse();
      assertThat(mine.submit(() -> 3).get(10, TimeUnit.SECONDS)).isEqualTo(3);
    } finally {
      mine.shutdownNow();
    }
  }

  @Test
  void busyWorkersAreReportedNotQueued() throws Exception {
    TimeLimiter limiter = TimeLimiter.builder("tiny").maxThreads(1).build();
    ExecutorService callers = Executors.newSingleThreadExecutor();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try {
      CompletableFuture<Object> first =
          Background.call(
              callers,
              () ->
                  limiter.call(
                      "hold",
                      Duration.ofHours(1),
                      () -> {
                        started.countDown();
                        release.await();
                        return "done";
                      },
                      null));
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
      assertThatThrownBy(() -> limiter.call("x", Duration.ofSeconds(1), () -> 1, null))
          .isInstanceOf(java.util.concurrent.RejectedExecutionException.class)
          .hasMessageStartingWith("timeLimiter \"tiny\": all 1 worker threads are busy");
      release.countDown();
      assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("done");
    } finally {
      limiter.close();
      callers.shutdownNow();
    }
    LeveeThreads.assertNoneSurvive(BOUND);
  }
}
