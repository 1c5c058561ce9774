package dev.levee.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levee.core.Bulkhead;
import dev.levee.core.InFlightTracker;
import dev.levee.timeouts.testing.ManualScheduler;
import dev.levee.timeouts.testing.ManualTicker;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class GracefulShutdownTest {
  private final ManualTicker ticker = new ManualTicker();
  private final HealthMonitor monitor =
      HealthMonitor.builder()
          .ticker(ticker)
          .scheduler(new ManualScheduler(ticker))
          .executor(new Checks.DirectExecutor())
          .build();
  private final List<String> events = new CopyOnWriteArrayList<>();

  @Test
  void readinessFallsThenCallsDrainThenResourcesCloseInReverse() {
    monitor.markStarted();
    InFlightTracker tracker = InFlightTracker.create("api", ticker);
    long call = tracker.enter();
    long start = ticker.read();
    GracefulShutdown shutdown =
        GracefulShutdown.builder(monitor)
            .propagationDelay(Duration.ofSeconds(5))
            .drainTimeout(Duration.ofSeconds(30))
            .drain(tracker)
            .close("pool", () -> events.add("pool closed"))
            .close("server", () -> events.add("server closed"))
            .time(
                ticker,
                nanos -> {
                  events.add("ready=" + monitor.report(HealthGroup.READY, Set.of()).status());
                  ticker.advanceNanos(nanos);
                  // the call ends 3s into the drain
                  if (ticker.read() - start >= Duration.ofSeconds(8).toNanos()
                      && tracker.inFlight() > 0) {
                    tracker.exit(call);
                  }
                })
            .build();
    GracefulShutdown.Report report = shutdown.run();
    assertThat(report.clean()).isTrue();
    assertThat(report.took()).isEqualTo(Duration.ofSeconds(8));
    assertThat(events.get(0))
        .as("readiness was DOWN before the first wait")
        .isEqualTo("ready=DOWN");
    assertThat(events.subList(events.size() - 2, events.size()))
        .containsExactly("server closed", "pool closed");
    assertThat(shutdown.run()).as("runs once").isSameAs(report);
  }

  @Test
  void whatDoesNotDrainOrCloseIsReported() {
    Bulkhead bulkhead = Bulkhead.of("db", 5, Duration.ZERO);
    bulkhead.tryAcquire();
    bulkhead.tryAcquire();
    GracefulShutdown.Report report =
        GracefulShutdown.builder(monitor)
            .drain(bulkhead)
            .close(
                "broken",
                () -> {
                  throw new IllegalStateException("cannot close");
                })
            .close("fine", () -> events.add("fine closed"))
            .time(ticker, ticker.sleeper())
            .build()
            .run();
    assertThat(report.clean()).isFalse();
    assertThat(report.undrained()).containsExactly(java.util.Map.entry("db", 2));
    assertThat(report.closeFailures())
        .containsExactly(
            java.util.Map.entry("broken", "java.lang.IllegalStateException: cannot close"));
    assertThat(events).as("a failure does not stop the rest").containsExactly("fine closed");
    assertThat(report.took()).isGreaterThanOrEqualTo(Duration.ofSeconds(35));
    assertThat(monitor.isDraining()).isTrue();
  }

  @Test
  void badDurationsAreRejected() {
    assertThatThrownBy(() -> GracefulShutdown.builder(monitor).drainTimeout(Duration.ofHours(2)))
        .hasMessage("graceful shutdown: drainTimeout must be in [0, 1h], was 2h");
    assertThatThrownBy(
            () -> GracefulShutdown.builder(monitor).propagationDelay(Duration.ofSeconds(-1)))
        .hasMessage("graceful shutdown: propagationDelay must be in [0, 5m], was -1s");
  }

  @Test
  void anInterruptDuringThePropagationDelayStillReportsCallsInFlight() {
    GracefulShutdown.Report r =
        GracefulShutdown.builder(monitor)
            .drain("orders", () -> 7)
            .time(
                ticker,
                nanos -> {
                  throw new InterruptedException();
                })
            .build()
            .run();
    assertThat(Thread.interrupted()).as("the interrupt is kept").isTrue();
    assertThat(r.interrupted()).isTrue();
    assertThat(r.undrained()).as("7 calls were in flight").containsEntry("orders", 7);
  }
}
