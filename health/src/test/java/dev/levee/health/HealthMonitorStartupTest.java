package dev.levee.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.levee.http.HttpRequest;
import dev.levee.http.HttpResponse;
import dev.levee.testkit.LogCapture;
import dev.levee.timeouts.testing.ManualScheduler;
import dev.levee.timeouts.testing.ManualTicker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Startup without false alarms: before a check's first result liveness is not DOWN, readiness and
 * other groups are (not ready until checked), and nothing is logged or told for it; a first result
 * is told as such, and a group change only when results make one. Time is manual.
 */
class HealthMonitorStartupTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ManualTicker ticker = new ManualTicker();
  private final ManualScheduler scheduler = new ManualScheduler(ticker);
  private final HealthMonitor monitor = monitor(scheduler);
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final LogCapture log = LogCapture.of(HealthMonitor.class.getName());
  private final HealthEndpoints endpoints =
      HealthEndpoints.builder(monitor).details(DetailPolicy.always()).build();

  private HealthMonitor monitor(dev.levee.timeouts.Scheduler scheduler) {
    HealthMonitor m =
        HealthMonitor.builder()
            .name("startup")
            .ticker(ticker)
            .scheduler(scheduler)
            .executor(new Checks.DirectExecutor())
            .build();
    m.addListener(
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
    return m;
  }

  @AfterEach
  void close() {
    log.close();
    monitor.close();
  }

  /** Marks startup complete and forgets what that logged and told. */
  private void started() {
    monitor.markStarted();
    events.clear();
    assertThat(messages()).hasSize(3); // startup: DOWN -> UP; ready and started: DOWN -> UP
  }

  private List<String> messages() {
    return log.lines().stream().map(LogCapture.Line::message).toList();
  }

  private List<String> messagesSince(int from) {
    List<String> all = messages();
    return all.subList(from, all.size());
  }

  private Status group(HealthGroup group) {
    return monitor.report(group, Set.of()).status();
  }

  private CheckReport check(String name) {
    return monitor.report(name).orElseThrow();
  }

  private HttpResponse get(String path) {
    return endpoints.handle(HttpRequest.builder("GET", path).loopback(true).build());
  }

  private static JsonNode json(HttpResponse r) throws Exception {
    return JSON.readTree(new String(r.body(), StandardCharsets.UTF_8));
  }

  @Test
  void livenessIsUpWhileItsChecksArePendingAndTheProbesSayNotCheckedYet() throws Exception {
    monitor.register(
        HealthCheckConfig.builder("deadlocks").groups(HealthGroup.LIVE).build(), HealthResult::up);

    CheckReport pending = check("deadlocks");
    assertThat(pending.pending()).isTrue();
    assertThat(pending.status()).as("its initial status").isEqualTo(Status.DOWN);
    assertThat(pending.reason()).isEqualTo("not checked yet");
    assertThat(pending.checkedAt()).isNull();
    assertThat(group(HealthGroup.LIVE)).isEqualTo(Status.UP);

    HttpResponse live = get("/health/live");
    assertThat(live.status()).as("a liveness probe never fails for a check not run").isEqualTo(200);
    JsonNode entry = json(live).get("checks").get(0);
    assertThat(entry.get("name").asText()).isEqualTo("deadlocks");
    assertThat(entry.get("data").get("reason").asText()).isEqualTo("not checked yet");
    assertThat(get("/health/live/deadlocks").status()).isEqualTo(200);
    HttpResponse ietf =
        endpoints.handle(
            HttpRequest.builder("GET", "/health/live")
                .accept(HealthEndpoints.HEALTH_JSON)
                .loopback(true)
                .build());
    assertThat(json(ietf).get("checks").get("deadlocks:responseTime").get(0).get("output").asText())
        .isEqualTo("not checked yet");

    scheduler.runDue();
    assertThat(check("deadlocks").pending()).isFalse();
    assertThat(check("deadlocks").reason()).isNull();
    assertThat(messages()).containsExactly("health check \"deadlocks\": UP (first result)");
    assertThat(events).containsExactly("deadlocks:first UP");
  }

  @Test
  void aCheckThatStaysWithoutAResultPastItsStalenessLimitFailsLivenessToo() {
    try (HealthMonitor frozen =
        monitor((task, delay, unit) -> new CompletableFuture<>())) { // never runs a check
      frozen.register(
          HealthCheckConfig.builder("loop")
              .groups(HealthGroup.LIVE)
              .interval(Duration.ofSeconds(1))
              .timeout(Duration.ofSeconds(1))
              .build(),
          HealthResult::up);
      ticker.advance(Duration.ofSeconds(4)); // the limit: 3 intervals + the timeout
      assertThat(frozen.report(HealthGroup.LIVE, Set.of()).status()).isEqualTo(Status.UP);
      ticker.advance(Duration.ofMillis(1));
      CheckReport stale = frozen.report("loop").orElseThrow();
      assertThat(stale.pending()).isFalse();
      assertThat(stale.reason()).isEqualTo("stale: no result in 4001ms (limit 4s)");
      assertThat(frozen.report(HealthGroup.LIVE, Set.of()).status()).isEqualTo(Status.DOWN);
      assertThat(
              HealthEndpoints.of(frozen)
                  .handle(HttpRequest.builder("GET", "/health/live").loopback(true).build())
                  .status())
          .isEqualTo(503);
    }
  }

  @Test
  void aStartLogsFirstResultsAndTheLifecycleAndNoWarning() {
    monitor.register(
        HealthCheckConfig.builder("deadlocks").groups(HealthGroup.LIVE).build(), HealthResult::up);
    monitor.register(HealthCheckConfig.builder("db").build(), HealthResult::up);
    monitor.register(
        HealthCheckConfig.builder("node").groups(HealthGroup.RAFT).build(), HealthResult::up);
    monitor.register(HealthCheckConfig.builder("jobs").groups("workers").build(), HealthResult::up);
    assertThat(group(HealthGroup.READY)).isEqualTo(Status.DOWN);
    assertThat(group(HealthGroup.RAFT)).as("not known sound until checked").isEqualTo(Status.DOWN);
    assertThat(group(HealthGroup.of("workers"))).isEqualTo(Status.DOWN);
    assertThat(group(HealthGroup.LIVE)).isEqualTo(Status.UP);
    assertThat(messages()).as("registering is not a change").isEmpty();
    assertThat(events).isEmpty();

    scheduler.runDue();
    monitor.markStarted();

    assertThat(messages())
        .containsExactly(
            "health check \"deadlocks\": UP (first result)",
            "health check \"db\": UP (first result)",
            "health check \"node\": UP (first result)",
            "health check \"jobs\": UP (first result)",
            "health check \"startup\": DOWN -> UP",
            "health group \"ready\": DOWN -> UP",
            "health group \"started\": DOWN -> UP");
    assertThat(log.lines()).extracting(LogCapture.Line::level).containsOnly("INFO");
    assertThat(events)
        .containsExactly(
            "deadlocks:first UP",
            "db:first UP",
            "node:first UP",
            "jobs:first UP",
            "startup:DOWN->UP",
            "ready:DOWN->UP",
            "started:DOWN->UP");
    for (HealthGroup g : monitor.groups()) {
      assertThat(group(g)).as(g.name()).isEqualTo(Status.UP);
    }
  }

  @Test
  void aCheckRegisteredAfterStartupHoldsReadinessSilentlyUntilItsFirstResult() throws Exception {
    started();
    monitor.register(HealthCheckConfig.builder("db").build(), HealthResult::up);

    HttpResponse ready = get("/health/ready");
    assertThat(ready.status()).as("not ready until checked").isEqualTo(503);
    JsonNode db = json(ready).get("checks").get(0);
    assertThat(db.get("name").asText()).isEqualTo("db");
    assertThat(db.get("status").asText()).isEqualTo("DOWN");
    assertThat(db.get("data").get("reason").asText()).isEqualTo("not checked yet");
    assertThat(get("/health/ready/db").status()).isEqualTo(503);
    assertThat(messagesSince(3)).isEmpty();
    assertThat(events).isEmpty();

    scheduler.runDue();
    assertThat(get("/health/ready").status()).isEqualTo(200);
    assertThat(messagesSince(3))
        .as("ready was UP and is UP: no group line")
        .containsExactly("health check \"db\": UP (first result)");
    assertThat(events).containsExactly("db:first UP");
  }

  @Test
  void aFirstResultDownIsWarnedOnceWithTheGroupChangeItMakes() {
    started();
    Checks.Scripted db = new Checks.Scripted();
    db.set(HealthResult.down("connection refused"));
    monitor.register(HealthCheckConfig.builder("db").build(), db);
    scheduler.runDue();
    scheduler.advance(Duration.ofSeconds(5));
    scheduler.advance(Duration.ofSeconds(5));

    assertThat(db.runs).isEqualTo(3);
    List<LogCapture.Line> lines = log.lines().subList(3, log.lines().size());
    assertThat(lines)
        .extracting(LogCapture.Line::message)
        .containsExactly(
            "health check \"db\": DOWN (first result: connection refused)",
            "health group \"ready\": UP -> DOWN");
    assertThat(lines).extracting(LogCapture.Line::level).containsOnly("WARN");
    assertThat(lines.get(0).keyValues())
        .containsEntry("name", "db")
        .containsEntry("to", "DOWN")
        .containsEntry("reason", "connection refused")
        .containsEntry("from", "PENDING");
    assertThat(events).containsExactly("db:first DOWN", "ready:UP->DOWN");
  }

  @Test
  void aFirstResultDownInLivenessIsAChangeOfLiveness() {
    monitor.register(
        HealthCheckConfig.builder("deadlocks").groups(HealthGroup.LIVE).build(),
        () -> HealthResult.down("2 threads deadlocked"));
    scheduler.runDue();
    assertThat(group(HealthGroup.LIVE)).isEqualTo(Status.DOWN);
    assertThat(messages())
        .containsExactly(
            "health check \"deadlocks\": DOWN (first result: 2 threads deadlocked)",
            "health group \"live\": UP -> DOWN");
    assertThat(events).containsExactly("deadlocks:first DOWN", "live:UP->DOWN");
  }

  @Test
  void anInitialDelayKeepsTheCheckPendingSilentlyAndPushesBackItsStalenessLimit() {
    started();
    Checks.Scripted db = new Checks.Scripted();
    monitor.register(
        HealthCheckConfig.builder("db").initialDelay(Duration.ofSeconds(30)).build(), db);
    // staleAfter is 17s (3 intervals of 5s + the 2s timeout); before the first result the initial
    // delay is added to it.
    scheduler.advance(Duration.ofSeconds(29));
    assertThat(db.runs).isZero();
    assertThat(check("db").pending()).as("29s > 17s, but within the delay").isTrue();
    assertThat(check("db").reason()).isEqualTo("not checked yet");
    assertThat(group(HealthGroup.READY)).isEqualTo(Status.DOWN);
    assertThat(messagesSince(3)).isEmpty();

    scheduler.advance(Duration.ofSeconds(1));
    assertThat(db.runs).isEqualTo(1);
    assertThat(group(HealthGroup.READY)).isEqualTo(Status.UP);
    assertThat(messagesSince(3)).containsExactly("health check \"db\": UP (first result)");
    assertThat(events).containsExactly("db:first UP");
  }

  @Test
  void anInitialStatusUpIsServedUntilTheFirstResultWhichIsToldAsTheFirst() {
    started();
    Checks.Scripted cache = new Checks.Scripted();
    Checks.Scripted db = new Checks.Scripted();
    cache.set(HealthResult.down("evicting"));
    monitor.register(HealthCheckConfig.builder("cache").initialStatus(Status.UP).build(), cache);
    monitor.register(HealthCheckConfig.builder("db").initialStatus(Status.UP).build(), db);
    assertThat(check("cache").pending()).isTrue();
    assertThat(check("cache").status()).isEqualTo(Status.UP);
    assertThat(check("cache").reason()).isEqualTo("not checked yet");
    assertThat(group(HealthGroup.READY)).isEqualTo(Status.UP);

    scheduler.runDue();
    assertThat(messagesSince(3))
        .containsExactly(
            "health check \"cache\": DOWN (first result: evicting)",
            "health group \"ready\": UP -> DOWN",
            "health check \"db\": UP (first result)");
    assertThat(events).containsExactly("cache:first DOWN", "ready:UP->DOWN", "db:first UP");
  }

  @Test
  void aCheckUnregisteredBeforeItsFirstResultLeavesNoTrace() {
    started();
    Checks.Scripted db = new Checks.Scripted();
    db.set(HealthResult.down("refused"));
    monitor.register(HealthCheckConfig.builder("db").groups("ready", "workers").build(), db);
    assertThat(group(HealthGroup.READY)).isEqualTo(Status.DOWN);
    assertThat(monitor.unregister("db")).isTrue();
    assertThat(group(HealthGroup.READY)).isEqualTo(Status.UP);
    assertThat(monitor.groups()).doesNotContain(HealthGroup.of("workers"));
    scheduler.advance(Duration.ofSeconds(30));
    assertThat(db.runs).isZero();
    assertThat(messagesSince(3)).isEmpty();
    assertThat(events).isEmpty();
  }

  @Test
  void namedGroupsAndRaftStartSilentlyAndChangeOnlyWithResults() {
    started();
    Checks.Scripted node = new Checks.Scripted();
    node.set(HealthResult.down("no leader"));
    monitor.register(HealthCheckConfig.builder("jobs").groups("workers").build(), HealthResult::up);
    monitor.register(
        HealthCheckConfig.builder("node")
            .groups(HealthGroup.RAFT)
            .failureAttempts(1)
            .successAttempts(1)
            .build(),
        node);
    assertThat(group(HealthGroup.of("workers"))).isEqualTo(Status.DOWN);
    assertThat(group(HealthGroup.RAFT)).isEqualTo(Status.DOWN);
    assertThat(messagesSince(3)).isEmpty();

    scheduler.runDue();
    node.set(HealthResult.up());
    scheduler.advance(Duration.ofSeconds(5));
    assertThat(messagesSince(3))
        .containsExactly(
            "health check \"jobs\": UP (first result)",
            "health check \"node\": DOWN (first result: no leader)",
            "health group \"raft\": UP -> DOWN",
            "health check \"node\": DOWN -> UP",
            "health group \"raft\": DOWN -> UP");
    assertThat(events)
        .containsExactly(
            "jobs:first UP", "node:first DOWN", "raft:UP->DOWN", "node:DOWN->UP", "raft:DOWN->UP");
  }
}
