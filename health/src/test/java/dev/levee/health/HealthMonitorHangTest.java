package dev.levee.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.testkit.Await;
import dev.levee.testkit.LeveeThreads;
import dev.levee.timeouts.testing.ManualScheduler;
import dev.levee.timeouts.testing.ManualTicker;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Checks run on the monitor's own threads; time is manual. A check that never returns is reported
 * DOWN at its timeout, holds one thread however many intervals pass, and never delays a probe or
 * another check.
 */
@Timeout(60)
class HealthMonitorHangTest {
  private static final Duration BOUND = Duration.ofSeconds(10);

  private final ManualTicker ticker = new ManualTicker();
  private final ManualScheduler scheduler = new ManualScheduler(ticker);

  private static long checkThreads() {
    return LeveeThreads.alive().stream()
        .filter(n -> n.startsWith("levee-health-hang-check-"))
        .count();
  }

  @Test
  void aHangingCheckIsDownAtItsTimeoutAndHoldsOneThreadWhileOthersCarryOn() {
    AtomicBoolean release = new AtomicBoolean();
    AtomicInteger hungRuns = new AtomicInteger();
    HealthCheck deaf =
        () -> {
          hungRuns.incrementAndGet();
          while (!release.get()) {
            Thread.interrupted(); // deaf to the interrupt a timeout sends
            LockSupport.parkNanos(1_000_000);
          }
          return HealthResult.up();
        };
    AtomicInteger dbRuns = new AtomicInteger();
    HealthMonitor monitor =
        HealthMonitor.builder().name("hang").ticker(ticker).scheduler(scheduler).build();
    try {
      monitor.markStarted();
      monitor.register(HealthCheckConfig.builder("deaf").build(), deaf);
      monitor.register(
          HealthCheckConfig.builder("db").build(),
          () -> {
            dbRuns.incrementAndGet();
            return HealthResult.up();
          });
      monitor.register(
          HealthCheckConfig.builder("boom").critical(false).build(),
          () -> {
            throw new IllegalStateException("broken");
          });
      scheduler.runDue();
      Await.until(BOUND, "db ran once and is UP", () -> status(monitor, "db") == Status.UP);
      Await.until(
          BOUND,
          "boom ran and is DOWN",
          () ->
              reason(monitor, "boom") != null
                  && reason(monitor, "boom").startsWith("the check threw"));
      assertThat(status(monitor, "deaf"))
          .as("within its timeout: not judged yet")
          .isEqualTo(Status.DOWN);
      assertThat(reason(monitor, "deaf")).isEqualTo("not checked yet");

      scheduler.advance(Duration.ofSeconds(2));
      assertThat(status(monitor, "deaf")).isEqualTo(Status.DOWN);
      assertThat(reason(monitor, "deaf")).isEqualTo("timed out after 2s");
      assertThat(monitor.report(HealthGroup.READY, Set.of()).status()).isEqualTo(Status.DOWN);

      for (int i = 1; i <= 20; i++) {
        int expected = 1 + i;
        scheduler.advance(Duration.ofSeconds(5));
        // Wait for the run to be recorded, not just started: a tick that comes while it is
        // still going skips it, as it should.
        Await.until(
            BOUND,
            "db recorded " + expected + " results",
            () -> monitor.report("db").orElseThrow().consecutiveSuccesses() >= expected);
        // One per check, plus at most two more: a pooled thread that has just finished a run may
        // not be back in the pool when the next run is handed over, so the pool starts another.
        // A pile-up would grow with the intervals (20 here); this stays flat.
        assertThat(checkThreads()).as("threads after %d intervals", i).isLessThanOrEqualTo(5);
      }
      assertThat(hungRuns.get()).as("the hung run was never started again").isEqualTo(1);
      assertThat(reason(monitor, "deaf"))
          .isEqualTo("timed out after 2s; that run is still going after 102s");
      assertThat(status(monitor, "db")).isEqualTo(Status.UP);
      assertThat(monitor.report(HealthGroup.READY, Set.of("deaf")).status())
          .as("the others still judged: boom is not critical")
          .isEqualTo(Status.DEGRADED);

      release.set(true);
      // The released run ends on its own thread; until it has, ticks still see it running. Time
      // moves only until the next run has started: more ticks would run it again and again.
      Await.until(
          BOUND,
          "deaf ran again once its old run ended",
          () -> {
            if (hungRuns.get() < 2) {
              scheduler.advance(Duration.ofSeconds(5));
            }
            return hungRuns.get() >= 2;
          });
      Await.until(
          BOUND,
          "the new run finished UP",
          () ->
              reason(monitor, "deaf") != null && reason(monitor, "deaf").startsWith("recovering"));
      scheduler.advance(Duration.ofSeconds(5));
      Await.until(
          BOUND, "deaf is UP after two UP results", () -> status(monitor, "deaf") == Status.UP);
    } finally {
      release.set(true);
      monitor.close();
    }
    LeveeThreads.assertNoneSurvive(BOUND);
  }

  @Test
  void aCheckThatHonoursInterruptsIsInterruptedAtItsTimeoutAndFreesItsThread() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    AtomicInteger runs = new AtomicInteger();
    HealthMonitor monitor =
        HealthMonitor.builder().name("hang").ticker(ticker).scheduler(scheduler).build();
    try {
      monitor.register(
          HealthCheckConfig.builder("polite").timeout(Duration.ofMillis(500)).build(),
          () -> {
            runs.incrementAndGet();
            try {
              never.await();
            } catch (InterruptedException e) {
              interrupted.set(true);
              throw e;
            }
            return HealthResult.up();
          });
      scheduler.runDue();
      Await.until(BOUND, "the run started", () -> runs.get() == 1);
      scheduler.advance(Duration.ofMillis(500));
      assertThat(reason(monitor, "polite")).isEqualTo("timed out after 500ms");
      Await.until(BOUND, "the run saw its interrupt", interrupted::get);
      // The interrupted run frees its slot on its own thread; ticks until then see it running.
      // Time moves tick by tick, landing exactly on each: a tick that submits the next run also
      // arms its 500ms timeout, and moving past that in the same step could cancel the run before
      // its thread starts it (which a loaded machine showed). A submitted run is seen as a second
      // pending task (its timeout) beside the next tick; only without one does time move on.
      scheduler.advance(Duration.ofMillis(4500)); // to the next tick
      Await.until(
          BOUND,
          "the next run started",
          () -> {
            if (runs.get() < 2 && scheduler.pending() < 2) {
              scheduler.advance(Duration.ofSeconds(5)); // the slot was busy: to the next tick
            }
            return runs.get() == 2;
          });
      assertThat(reason(monitor, "polite"))
          .as("the interrupted run's own failure is not reported over the timeout")
          .startsWith("timed out after 500ms");
    } finally {
      monitor.close();
    }
    LeveeThreads.assertNoneSurvive(BOUND);
  }

  private static Status status(HealthMonitor monitor, String check) {
    return monitor.report(check).orElseThrow().status();
  }

  private static String reason(HealthMonitor monitor, String check) {
    return monitor.report(check).orElseThrow().reason();
  }
}
