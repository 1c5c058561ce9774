package dev.levee.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levee.core.Bulkhead;
import dev.levee.core.InFlightTracker;
import dev.levee.http.EndpointServer;
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
            .drain(tracker.name(), tracker::inFlight)
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
            .drain(bulkhead.name(), bulkhead::inFlight)
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

  @Test
  void anInterruptDuringThePropagationDelayStillStopsTheIntakeBeforeClosing() {
    GracefulShutdown.Report r =
        GracefulShutdown.builder(monitor)
            .stopIntake("consumer", () -> events.add("consumer stopped"))
            .close("pool", () -> events.add("pool closed"))
            .time(
                ticker,
                nanos -> {
                  throw new InterruptedException();
                })
            .build()
            .run();
    assertThat(Thread.interrupted()).as("the interrupt is kept").isTrue();
    assertThat(r.interrupted()).isTrue();
    assertThat(events)
        .as("a consumer left running would take work while the pool closes under it")
        .containsExactly("consumer stopped", "pool closed");
  }

  @Test
  void serversCloseLastWhateverTheOrderTheyWereGivenIn() throws Exception {
    EndpointServer server = EndpointServer.start(HealthEndpoints.of(monitor), "127.0.0.1", 0);
    int port = server.port();
    GracefulShutdown.Report report =
        GracefulShutdown.builder(monitor)
            .close("http", server) // a EndpointServer given first: still closed last
            .server("undertow", () -> events.add("undertow closed (port " + reachable(port) + ")"))
            .close("pool", () -> events.add("pool closed (port " + reachable(port) + ")"))
            .close("health", () -> events.add("health closed (port " + reachable(port) + ")"))
            .time(ticker, ticker.sleeper())
            .build()
            .run();
    assertThat(report.clean()).isTrue();
    assertThat(events)
        .containsExactly(
            "health closed (port open)", "pool closed (port open)", "undertow closed (port open)");
    assertThat(reachable(port)).isEqualTo("closed");
  }

  private static String reachable(int port) {
    try (java.net.Socket s = new java.net.Socket()) {
      s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 1000);
      return "open";
    } catch (java.io.IOException e) {
      return "closed";
    }
  }

  @Test
  void aSecondCallWaitsForTheFirstAndAReentrantOneDoesNotDeadlock() throws Exception {
    java.util.concurrent.CountDownLatch closing = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch proceed = new java.util.concurrent.CountDownLatch(1);
    GracefulShutdown[] self = new GracefulShutdown[1];
    self[0] =
        GracefulShutdown.builder(monitor)
            .close(
                "slow",
                () -> {
                  events.add("reentrant run returned " + self[0].run());
                  closing.countDown();
                  proceed.await();
                })
            .time(ticker, ticker.sleeper())
            .build();
    java.util.concurrent.CompletableFuture<GracefulShutdown.Report> first =
        java.util.concurrent.CompletableFuture.supplyAsync(self[0]::run);
    closing.await();
    java.util.concurrent.CompletableFuture<GracefulShutdown.Report> second =
        java.util.concurrent.CompletableFuture.supplyAsync(self[0]::run);
    assertThat(second).as("the second call waits for the first").isNotDone();
    proceed.countDown();
    assertThat(second.get(10, java.util.concurrent.TimeUnit.SECONDS)).isSameAs(first.get());
    assertThat(events).containsExactly("reentrant run returned null");
  }

  @Test
  void aShutdownHookIsInstalledOnceAndRunRemovesIt() {
    GracefulShutdown shutdown =
        GracefulShutdown.builder(monitor).time(ticker, ticker.sleeper()).build();
    assertThat(shutdown.installShutdownHook()).isSameAs(shutdown);
    assertThatThrownBy(shutdown::installShutdownHook)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("graceful shutdown: a shutdown hook is installed already");
    shutdown.run();
    assertThat(Runtime.getRuntime().removeShutdownHook(shutdown.shutdownHook()))
        .as("run() removed its hook")
        .isFalse();

    GracefulShutdown other =
        GracefulShutdown.builder(monitor).time(ticker, ticker.sleeper()).build();
    other.installShutdownHook();
    assertThat(Runtime.getRuntime().removeShutdownHook(other.shutdownHook()))
        .as("a hook not yet run is registered")
        .isTrue();
  }

  @Test
  void noHookIsLeftRegisteredForAShutdownThatHasRun() {
    GracefulShutdown shutdown =
        GracefulShutdown.builder(monitor).time(ticker, ticker.sleeper()).build();
    shutdown.run();
    assertThatThrownBy(shutdown::installShutdownHook)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("graceful shutdown: it has run already, so a hook would do nothing");
    assertThat(shutdown.shutdownHook())
        .as("a hook registered until the JVM exits, holding the monitor and every resource")
        .isNull();
  }

  @Test
  void intakeStopsAfterThePropagationDelayAndBeforeTheDrain() {
    monitor.markStarted();
    InFlightTracker tracker = InFlightTracker.create("api", ticker);
    long call = tracker.enter();
    long start = ticker.read();
    GracefulShutdown.Report report =
        GracefulShutdown.builder(monitor)
            .propagationDelay(Duration.ofSeconds(5))
            .drain(tracker.name(), tracker::inFlight)
            .stopIntake(
                "load",
                () ->
                    events.add("load stopped at " + (ticker.read() - start) / 1_000_000_000L + "s"))
            .stopIntake(
                "consumer",
                () -> {
                  throw new IllegalStateException("already stopped");
                })
            .close("pool", () -> events.add("pool closed"))
            .time(
                ticker,
                nanos -> {
                  events.add("wait " + nanos / 1_000_000 + "ms");
                  ticker.advanceNanos(nanos);
                  if (tracker.inFlight() > 0
                      && events.stream().anyMatch(e -> e.startsWith("load"))) {
                    tracker.exit(call);
                  }
                })
            .build()
            .run();
    assertThat(events)
        .containsExactly("wait 5000ms", "load stopped at 5s", "wait 10ms", "pool closed");
    assertThat(report.closeFailures())
        .containsExactly(
            java.util.Map.entry("consumer", "java.lang.IllegalStateException: already stopped"));
  }
}
