package dev.levee.timeouts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levee.timeouts.testing.ManualTicker;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class ContextSnapshotTest {
  private final ManualTicker ticker = new ManualTicker();
  private final ExecutorService pool = Executors.newSingleThreadExecutor();

  @AfterEach
  void tearDown() throws InterruptedException {
    MDC.clear();
    pool.shutdownNow();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).as("test pool stopped").isTrue();
  }

  /** What a task saw of its context. */
  private record Seen(Optional<Deadline> deadline, Map<String, String> mdc) {
    static Seen now() {
      Map<String, String> mdc = MDC.getCopyOfContextMap();
      return new Seen(Deadline.current(), mdc == null ? Map.of() : mdc);
    }
  }

  private Seen onPool(Runnable submit, AtomicReference<Seen> seen) throws Exception {
    submit.run();
    // The single-thread pool runs tasks in order: once this marker runs, the task has.
    pool.submit(() -> {}).get(10, TimeUnit.SECONDS);
    return seen.get();
  }

  @Test
  void propagatingExecutorCarriesDeadlineAndMdcAndRestoresTheWorker() throws Exception {
    Deadline deadline = Deadline.after(Duration.ofSeconds(3), ticker);
    AtomicReference<Seen> seen = new AtomicReference<>();
    MDC.put("request_id", "r-42");
    try (Deadline.Scope scope = deadline.bind()) {
      onPool(() -> ContextSnapshot.propagating(pool).execute(() -> seen.set(Seen.now())), seen);
    }
    assertThat(seen.get().deadline()).containsSame(deadline);
    assertThat(seen.get().mdc()).containsExactlyEntriesOf(Map.of("request_id", "r-42"));

    AtomicReference<Seen> after = new AtomicReference<>();
    pool.submit(() -> after.set(Seen.now())).get(10, TimeUnit.SECONDS);
    assertThat(after.get().deadline()).as("worker restored").isEmpty();
    assertThat(after.get().mdc()).as("worker restored").isEmpty();
  }

  @Test
  void theWorkersOwnContextIsRestoredEvenWhenTheTaskThrows() throws Exception {
    pool.submit(() -> MDC.put("worker", "own")).get(10, TimeUnit.SECONDS);
    MDC.put("request_id", "r-1");
    ContextSnapshot snapshot = ContextSnapshot.capture();
    CompletableFuture<Void> failed =
        CompletableFuture.runAsync(
            snapshot.wrap(
                (Runnable)
                    () -> {
                      assertThat(MDC.get("request_id")).isEqualTo("r-1");
                      assertThat(MDC.get("worker")).isNull();
                      throw new IllegalStateException("boom");
                    }),
            pool);
    assertThatThrownBy(() -> failed.get(10, TimeUnit.SECONDS)).hasRootCauseMessage("boom");
    AtomicReference<Seen> after = new AtomicReference<>();
    pool.submit(() -> after.set(Seen.now())).get(10, TimeUnit.SECONDS);
    assertThat(after.get().mdc()).containsExactlyEntriesOf(Map.of("worker", "own"));
  }

  @Test
  void aTaskThatLeavesItsOwnScopeOpenDoesNotLeakItToThePool() throws Exception {
    ContextSnapshot.propagating(pool)
        .execute(() -> Deadline.after(Duration.ofSeconds(1), ticker).bind()); // never closed
    AtomicReference<Seen> after = new AtomicReference<>();
    pool.submit(() -> after.set(Seen.now())).get(10, TimeUnit.SECONDS);
    assertThat(after.get().deadline()).isEmpty();
  }

  @Test
  void completableFutureStagesRunWithinTheCapturedContext() throws Exception {
    Deadline deadline = Deadline.after(Duration.ofSeconds(3), ticker);
    MDC.put("tenant", "acme");
    ContextSnapshot snapshot;
    try (Deadline.Scope scope = deadline.bind()) {
      snapshot = ContextSnapshot.capture();
    }
    MDC.clear();
    CompletableFuture<Seen> chain =
        CompletableFuture.supplyAsync(() -> "x", snapshot.executor(pool))
            .thenApplyAsync(x -> Seen.now(), snapshot.executor(pool));
    Seen seen = chain.get(10, TimeUnit.SECONDS);
    assertThat(seen.deadline()).containsSame(deadline);
    assertThat(seen.mdc()).containsEntry("tenant", "acme");

    CompletableFuture<Seen> wrapped =
        CompletableFuture.completedFuture("x").thenApplyAsync(snapshot.wrap(x -> Seen.now()), pool);
    assertThat(wrapped.get(10, TimeUnit.SECONDS).mdc()).containsEntry("tenant", "acme");
  }

  @Test
  void supplyAsyncCapturesTheCaller() throws Exception {
    MDC.put("request_id", "r-7");
    CompletableFuture<Seen> f = ContextSnapshot.supplyAsync(Seen::now, pool);
    assertThat(f.get(10, TimeUnit.SECONDS).mdc()).containsEntry("request_id", "r-7");
  }

  @Test
  void callableWrappingPassesResultsAndCheckedExceptions() throws Exception {
    MDC.put("k", "v");
    ContextSnapshot snapshot = ContextSnapshot.capture();
    assertThat(pool.submit(snapshot.wrap(() -> MDC.get("k"))).get(10, TimeUnit.SECONDS))
        .isEqualTo("v");
    assertThat(snapshot.mdc()).containsEntry("k", "v");
    assertThat(snapshot.deadline()).isEmpty();
  }

  @Test
  void anEmptyContextClearsTheWorkerWhileTheTaskRuns() throws Exception {
    pool.submit(() -> MDC.put("worker", "own")).get(10, TimeUnit.SECONDS);
    ContextSnapshot empty = ContextSnapshot.capture();
    assertThat(empty.mdc()).isEmpty();
    String during =
        pool.submit(empty.wrap(() -> String.valueOf(MDC.get("worker")))).get(10, TimeUnit.SECONDS);
    assertThat(during).isEqualTo("null");
  }
}
