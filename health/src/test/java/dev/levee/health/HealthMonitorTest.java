package dev.levee.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levee.testkit.LogCapture;
import dev.levee.timeouts.testing.ManualScheduler;
import dev.levee.timeouts.testing.ManualTicker;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Scheduling, hysteresis, staleness, lifecycle, aggregation and reporting, on manual time. */
class HealthMonitorTest {
  private final ManualTicker ticker = new ManualTicker();
  private final ManualScheduler scheduler = new ManualScheduler(ticker);
  private final HealthMonitor monitor =
      HealthMonitor.builder()
          .name("test")
          .ticker(ticker)
          .scheduler(scheduler)
          .executor(new Checks.DirectExecutor())
          .build();

  @AfterEach
  void close() {
    monitor.close();
  }

  private Status status(String check) {
    return monitor.report(check).orElseThrow().status();
  }

  private Status group(HealthGroup group) {
    return monitor.report(group, Set.of()).status();
  }

  @Test
  void aCheckRunsOnItsIntervalAndFollowsTheAttemptsRule() {
    Checks.Scripted db = new Checks.Scripted();
    monitor.register(HealthCheckConfig.builder("db").build(), db); // 5s, 3 failures, 2 successes
    assertThat(status("db")).as("before the first run").isEqualTo(Status.DOWN);
    assertThat(monitor.report("db").orElseThrow().reason()).isEqualTo("not checked yet");
    scheduler.runDue();
    assertThat(db.runs).isEqualTo(1);
    assertThat(status("db")).as("the first result is taken as it is").isEqualTo(Status.UP);

    db.set(HealthResult.down("connection refused"));
    scheduler.advance(Duration.ofSeconds(5));
    scheduler.advance(Duration.ofSeconds(5));
    CheckReport graced = monitor.report("db").orElseThrow();
    assertThat(graced.status()).as("two failures: still UP").isEqualTo(Status.UP);
    assertThat(graced.reason())
        .isEqualTo("failing 2 of 3 attempts before DOWN: connection refused");
    scheduler.advance(Duration.ofSeconds(5));
    assertThat(status("db")).isEqualTo(Status.DOWN);
    assertThat(monitor.report("db").orElseThrow().reason()).isEqualTo("connection refused");

    db.set(HealthResult.up());
    scheduler.advance(Duration.ofSeconds(5));
    assertThat(monitor.report("db").orElseThrow().reason())
        .isEqualTo("recovering: 1 of 2 UP results; last failure: connection refused");
    assertThat(status("db")).isEqualTo(Status.DOWN);
    scheduler.advance(Duration.ofSeconds(5));
    assertThat(status("db")).isEqualTo(Status.UP);
    assertThat(db.runs).isEqualTo(6);
  }

  @Test
  void aDegradingCheckInItsGraceSaysItWillBeDegradedNotDown() {
    Checks.Scripted breakers = new Checks.Scripted();
    monitor.register(HealthCheckConfig.builder("circuit-breakers").build(), breakers);
    scheduler.runDue();
    breakers.set(HealthResult.degraded("circuit breaker db is OPEN"));
    scheduler.advance(Duration.ofSeconds(5));
    scheduler.advance(Duration.ofSeconds(5));
    assertThat(monitor.report("circuit-breakers").orElseThrow().reason())
        .isEqualTo("failing 2 of 3 attempts before DEGRADED: circuit breaker db is OPEN");
    scheduler.advance(Duration.ofSeconds(5));
    assertThat(status("circuit-breakers")).isEqualTo(Status.DEGRADED);
  }

  @Test
  void aThrowingCheckIsDownWithItsErrorClassifiedAndCredentialsMasked() {
    monitor.register(
        HealthCheckConfig.builder("db").build(),
        () -> {
          throw new SQLTransientConnectionException(
              "cannot reach jdbc:h2:tcp://admin:hunter2@db:9092/app;PASSWORD=hunter2");
        });
    scheduler.runDue();
    CheckReport r = monitor.report("db").orElseThrow();
    assertThat(r.status()).isEqualTo(Status.DOWN);
    assertThat(r.reason()).isEqualTo("the check threw SQLTransientConnectionException");
    assertThat(r.error())
        .startsWith("TRANSIENT: java.sql.SQLTransientConnectionException: cannot reach")
        .contains("tcp://****@db:9092", "PASSWORD=****")
        .doesNotContain("hunter2");
  }

  @Test
  void credentialsAreMaskedWhateverCharactersThePasswordHolds() {
    String[] leaks = {
      "cannot reach mongodb://app:pa/ss@db:27017/x",
      "cannot reach jdbc:mysql://app:p@ssw0rd@db/app",
      "bad config {\"password\":\"hunter2\", \"user\":\"app\"}",
      "login failed: password='s3cr/t'"
    };
    for (String leak : leaks) {
      String masked = dev.levee.health.internal.Scrub.credentials(leak);
      assertThat(masked)
          .as(leak)
          .doesNotContain("pa/ss", "p@ssw0rd", "ssw0rd", "hunter2", "s3cr")
          .contains("****");
    }
    assertThat(dev.levee.health.internal.Scrub.credentials("jdbc:mysql://app:p@ssw0rd@db/app"))
        .isEqualTo("jdbc:mysql://****@db/app");
  }

  @Test
  void aCheckTheCallersExecutorRefusesOnceRunsAgainNextInterval() {
    java.util.concurrent.atomic.AtomicInteger submits =
        new java.util.concurrent.atomic.AtomicInteger();
    Checks.DirectExecutor refusesTheSecond =
        new Checks.DirectExecutor() {
          @Override
          public void execute(Runnable command) {
            if (submits.incrementAndGet() == 2) {
              throw new java.util.concurrent.RejectedExecutionException("queue full");
            }
            super.execute(command);
          }
        };
    try (HealthMonitor m =
        HealthMonitor.builder()
            .ticker(ticker)
            .scheduler(scheduler)
            .executor(refusesTheSecond)
            .build()) {
      m.markStarted();
      Checks.Scripted db = new Checks.Scripted();
      m.register(
          HealthCheckConfig.builder("db").groups(HealthGroup.READY).failureAttempts(2).build(), db);
      scheduler.runDue();
      scheduler.advance(Duration.ofSeconds(5)); // refused
      assertThat(m.report("db").orElseThrow().status())
          .as("one refusal is one failure of the two that turn it DOWN")
          .isEqualTo(Status.UP);
      for (int i = 0; i < 10; i++) {
        scheduler.advance(Duration.ofSeconds(5));
      }
      assertThat(db.runs).as("runs after a single refusal").isEqualTo(11);
      assertThat(m.report(HealthGroup.READY, Set.of()).status()).isEqualTo(Status.UP);
    }
  }

  @Test
  void aCheckReturningNullIsDown() {
    monitor.register(HealthCheckConfig.builder("odd").build(), () -> null);
    scheduler.runDue();
    assertThat(monitor.report("odd").orElseThrow().reason()).isEqualTo("the check returned null");
  }

  @Test
  void aResultOlderThanTheStalenessLimitIsReportedDown() {
    HealthMonitor frozen =
        HealthMonitor.builder()
            .ticker(ticker)
            .scheduler((task, delay, unit) -> new java.util.concurrent.CompletableFuture<>())
            .executor(new Checks.DirectExecutor())
            .build();
    frozen.register(
        HealthCheckConfig.builder("cache")
            .initialStatus(Status.UP)
            .interval(Duration.ofSeconds(1))
            .timeout(Duration.ofSeconds(1))
            .build(),
        HealthResult::up);
    assertThat(frozen.report("cache").orElseThrow().status()).isEqualTo(Status.UP);
    ticker.advance(Duration.ofSeconds(4)); // limit: 3 intervals + the timeout
    assertThat(frozen.report("cache").orElseThrow().status()).isEqualTo(Status.UP);
    ticker.advance(Duration.ofMillis(1));
    CheckReport stale = frozen.report("cache").orElseThrow();
    assertThat(stale.status()).isEqualTo(Status.DOWN);
    assertThat(stale.reason()).isEqualTo("stale: no result in 4001ms (limit 4s)");
    frozen.close();
  }

  @Test
  void startupAndDrainingDriveStartedAndReady() {
    monitor.register(
        HealthCheckConfig.builder("deadlocks").groups(HealthGroup.LIVE).build(), HealthResult::up);
    scheduler.runDue();
    assertThat(group(HealthGroup.STARTED)).isEqualTo(Status.DOWN);
    assertThat(group(HealthGroup.READY)).isEqualTo(Status.DOWN);
    assertThat(monitor.report(HealthMonitor.STARTUP).orElseThrow().reason()).isEqualTo("starting");
    assertThat(group(HealthGroup.LIVE)).isEqualTo(Status.UP);
    monitor.markStarted();
    assertThat(group(HealthGroup.STARTED)).isEqualTo(Status.UP);
    assertThat(group(HealthGroup.READY)).isEqualTo(Status.UP);
    monitor.startDraining();
    assertThat(group(HealthGroup.READY)).isEqualTo(Status.DOWN);
    assertThat(monitor.report(HealthMonitor.SHUTDOWN).orElseThrow().reason()).isEqualTo("draining");
    assertThat(group(HealthGroup.LIVE))
        .as("draining is not a reason to restart")
        .isEqualTo(Status.UP);
    assertThat(group(HealthGroup.STARTED)).isEqualTo(Status.UP);
  }

  @Test
  void groupsAggregateWorstFirstAndNonCriticalDownIsDegraded() {
    monitor.markStarted();
    Checks.Scripted db = new Checks.Scripted();
    Checks.Scripted cache = new Checks.Scripted();
    monitor.register(HealthCheckConfig.builder("db").failureAttempts(1).build(), db);
    monitor.register(
        HealthCheckConfig.builder("cache").critical(false).failureAttempts(1).build(), cache);
    monitor.register(
        HealthCheckConfig.builder("jobs").groups("workers").failureAttempts(1).build(),
        HealthResult::up);
    scheduler.runDue();
    assertThat(group(HealthGroup.READY)).isEqualTo(Status.UP);
    cache.set(HealthResult.down("evicting"));
    scheduler.advance(Duration.ofSeconds(5));
    assertThat(group(HealthGroup.READY)).isEqualTo(Status.DEGRADED);
    db.set(HealthResult.degraded("slow"));
    scheduler.advance(Duration.ofSeconds(5));
    assertThat(group(HealthGroup.READY)).isEqualTo(Status.DEGRADED);
    db.set(HealthResult.down("gone"));
    scheduler.advance(Duration.ofSeconds(5));
    assertThat(group(HealthGroup.READY)).isEqualTo(Status.DOWN);
    assertThat(monitor.report(HealthGroup.READY, Set.of("db")).status())
        .as("?exclude=db")
        .isEqualTo(Status.DEGRADED);
    assertThat(group(HealthGroup.of("workers"))).isEqualTo(Status.UP);
    assertThat(group(HealthGroup.RAFT)).as("an empty group is UP").isEqualTo(Status.UP);
    assertThat(monitor.groups())
        .containsExactly(
            HealthGroup.LIVE,
            HealthGroup.READY,
            HealthGroup.STARTED,
            HealthGroup.RAFT,
            HealthGroup.of("workers"));
    assertThat(monitor.report(null, Set.of()).checks())
        .extracting(CheckReport::name)
        .containsExactly("cache", "db", "jobs", "shutdown", "startup");
  }

  @Test
  void changesAreLoggedOnceAndToldToListeners() {
    List<String> events = new CopyOnWriteArrayList<>();
    monitor.addListener(
        new HealthListener() {
          @Override
          public void onCheckChanged(CheckReport before, CheckReport after) {
            events.add(
                after.name()
                    + ":"
                    + (before.pending() ? "first " : before.status() + "->")
                    + after.status());
          }

          @Override
          public void onGroupChanged(HealthGroup group, Status from, Status to) {
            events.add(group + ":" + from + "->" + to);
          }
        });
    monitor.markStarted();
    Checks.Scripted db = new Checks.Scripted();
    try (LogCapture log = LogCapture.of(HealthMonitor.class.getName())) {
      monitor.register(HealthCheckConfig.builder("db").failureAttempts(1).build(), db);
      scheduler.runDue();
      scheduler.advance(Duration.ofSeconds(5)); // UP again: no change, no line
      db.set(HealthResult.down("refused"));
      scheduler.advance(Duration.ofSeconds(5));
      scheduler.advance(Duration.ofSeconds(5)); // still DOWN: no new line
      assertThat(log.lines())
          .extracting(LogCapture.Line::message)
          .containsExactly(
              // registering db is not a change of ready, nor is its first result UP
              "health check \"db\": UP (first result)",
              "health check \"db\": UP -> DOWN (refused)",
              "health group \"ready\": UP -> DOWN");
      assertThat(log.lines().get(0).level()).isEqualTo("INFO");
      assertThat(log.lines().get(0).keyValues())
          .as("a first result is not a change from the initial status")
          .containsEntry("from", "PENDING")
          .containsEntry("to", "UP");
      LogCapture.Line down = log.lines().get(1);
      assertThat(down.level()).isEqualTo("WARN");
      assertThat(down.keyValues())
          .containsEntry("component", "health")
          .containsEntry("name", "db")
          .containsEntry("from", "UP")
          .containsEntry("to", "DOWN")
          .containsEntry("reason", "refused")
          .containsKey("duration_ms");
    }
    assertThat(events)
        .containsExactly(
            "startup:DOWN->UP",
            "ready:DOWN->UP",
            "started:DOWN->UP",
            "db:first UP",
            "db:UP->DOWN",
            "ready:UP->DOWN");
  }

  @Test
  void aClosedMonitorKeepsItsLastResultsAndNeverReportsThemStale() {
    monitor.markStarted();
    monitor.register(
        HealthCheckConfig.builder("deadlocks").groups(HealthGroup.LIVE).build(), HealthResult::up);
    scheduler.runDue();
    monitor.startDraining();
    monitor.close();
    ticker.advance(Duration.ofMinutes(10)); // far past staleAfter (3 intervals + the timeout)
    assertThat(monitor.report(HealthGroup.LIVE, Set.of()).status())
        .as("liveness stays UP while a shutdown closes what checks watch")
        .isEqualTo(Status.UP);
    assertThat(monitor.report("deadlocks").orElseThrow().reason()).isNull();
    assertThat(monitor.report(HealthGroup.READY, Set.of()).status()).isEqualTo(Status.DOWN);
  }

  @Test
  void aShutdownsChangesAreLoggedAtInfoNotWarn() {
    monitor.markStarted();
    Checks.Scripted db = new Checks.Scripted();
    monitor.register(HealthCheckConfig.builder("db").failureAttempts(1).build(), db);
    scheduler.runDue();
    try (LogCapture log = LogCapture.of(HealthMonitor.class.getName())) {
      monitor.startDraining();
      db.set(HealthResult.down("pool closed")); // the application closes its pool while draining
      scheduler.advance(Duration.ofSeconds(5));
      assertThat(log.lines())
          .extracting(l -> l.level() + " " + l.message())
          .containsExactly(
              "INFO health check \"shutdown\": UP -> DOWN (draining)",
              "INFO health group \"ready\": UP -> DOWN",
              "INFO health check \"db\": UP -> DOWN (pool closed)");
    }
  }

  @Test
  void unregisteredChecksStopAndBadRegistrationsFailClearly() {
    Checks.Scripted db = new Checks.Scripted();
    monitor.register(HealthCheckConfig.builder("db").build(), db);
    scheduler.runDue();
    assertThatThrownBy(() -> monitor.register(HealthCheckConfig.builder("db").build(), db))
        .hasMessage("health check \"db\" is already registered");
    assertThatThrownBy(() -> monitor.register(HealthCheckConfig.builder("startup").build(), db))
        .hasMessage("health check name \"startup\" is reserved for the monitor's lifecycle");
    assertThat(monitor.unregister("db")).isTrue();
    assertThat(monitor.unregister("db")).isFalse();
    scheduler.advance(Duration.ofSeconds(60));
    assertThat(db.runs).isEqualTo(1);
    assertThat(monitor.report("db")).isEmpty();
    monitor.close();
    assertThatThrownBy(() -> monitor.register(HealthCheckConfig.builder("x").build(), db))
        .hasMessage("health monitor \"test\" is closed");
  }

  @Test
  void aCheckUnregisteredWhileItRunsIsNeverReportedAgain() throws Exception {
    java.util.concurrent.ExecutorService worker =
        java.util.concurrent.Executors.newSingleThreadExecutor();
    try (HealthMonitor m =
        HealthMonitor.builder()
            .name("unregister")
            .ticker(ticker)
            .scheduler(scheduler)
            .executor(worker)
            .build()) {
      List<String> events = new CopyOnWriteArrayList<>();
      m.addListener(
          new HealthListener() {
            @Override
            public void onCheckChanged(CheckReport before, CheckReport after) {
              events.add(after.name() + ":" + before.status() + "->" + after.status());
            }
          });
      java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(2);
      java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
      java.util.concurrent.atomic.AtomicInteger runs =
          new java.util.concurrent.atomic.AtomicInteger();
      m.register(
          HealthCheckConfig.builder("db")
              .failureAttempts(1)
              .timeout(Duration.ofSeconds(30))
              .build(),
          () -> {
            started.countDown();
            if (runs.incrementAndGet() == 1) {
              return HealthResult.up();
            }
            never.await(); // the second run blocks until it is interrupted
            return HealthResult.up();
          });
      scheduler.runDue();
      dev.levee.testkit.Await.until(
          Duration.ofSeconds(10), () -> "the first result, got " + events, () -> !events.isEmpty());
      assertThat(events).containsExactly("db:DOWN->UP");
      scheduler.advance(Duration.ofSeconds(5));
      assertThat(started.await(10, java.util.concurrent.TimeUnit.SECONDS))
          .as("the second run started")
          .isTrue();

      assertThat(m.unregister("db")).isTrue();
      // The interrupted run ends on the worker; wait for it to be done with a bound.
      worker.submit(() -> {}).get(10, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(events)
          .as("the run interrupted by unregister() is not a DOWN of the check")
          .containsExactly("db:DOWN->UP");
      assertThat(m.report("db")).isEmpty();
    } finally {
      worker.shutdownNow();
    }
  }
}
