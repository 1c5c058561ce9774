package dev.levee.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.health.CheckReport;
import dev.levee.health.HealthCheckConfig;
import dev.levee.health.HealthGroup;
import dev.levee.health.HealthResult;
import dev.levee.health.checks.DeadlockHealthCheck;
import dev.levee.testkit.Await;
import dev.levee.testkit.LeveeThreads;
import dev.levee.testkit.LogCapture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A start as a service does it (issue 14, point 4): {@link Levee#start}, checks registered after
 * the metrics are bound, probes and scrapes while they are pending, their first results, startup
 * marked complete. Nothing in it is a warning: every {@code dev.levee} logger and Micrometer's are
 * captured, at every level, and none says WARN or ERROR.
 */
@Timeout(60)
class LeveeStartLogsTest {
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private HttpResponse<String> get(int port, String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aStartAndTheFirstResultsOfItsChecksLogNoWarning() throws Exception {
    LeveeConfig config =
        LeveeConfig.load(
            """
            resilience:
              circuit_breaker: { instances: { db: { failure_threshold: 3 } } }
            health: { http: { port: 0, bind_address: 127.0.0.1 } }
            metrics: { port: 0, prefix: levee }
            shutdown: { propagation_delay: 0s }
            """);
    List<LogCapture.Line> levee;
    List<LogCapture.Line> micrometer;
    try (LogCapture leveeLog = LogCapture.of("dev.levee");
        LogCapture micrometerLog = LogCapture.of("io.micrometer")) {
      try (Levee runtime = Levee.start(config)) {
        int port = runtime.healthPort().orElseThrow();
        runtime
            .health()
            .register(
                HealthCheckConfig.builder("deadlocks").groups(HealthGroup.LIVE).build(),
                new DeadlockHealthCheck());
        runtime
            .health()
            .register(
                HealthCheckConfig.builder("db").groups(HealthGroup.READY).build(),
                HealthResult::up);
        runtime
            .health()
            .register(
                HealthCheckConfig.builder("jobs").groups("workers").build(), HealthResult::up);
        assertThat(get(port, "/health/live").statusCode())
            .as("liveness while the checks may still be pending")
            .isEqualTo(200);
        assertThat(get(port, "/health/ready").statusCode()).as("starting").isEqualTo(503);
        get(port, "/metrics"); // a scrape that discovers the checks (and their groups)

        Await.until(
            Duration.ofSeconds(10),
            () -> "every check has a result: " + runtime.health().reports(),
            () -> runtime.health().reports().stream().noneMatch(CheckReport::pending));
        runtime.health().markStarted();

        assertThat(get(port, "/health/ready").statusCode()).isEqualTo(200);
        get(port, "/metrics");
        assertThat(get(port, "/metrics").body())
            .contains(
                "levee_health_status{group=\"ready\"} 1.0",
                "levee_health_status{group=\"workers\"} 1.0",
                "levee_health_check_status{check=\"db\",group=\"ready\"} 1.0");
      }
      levee = leveeLog.lines();
      micrometer = micrometerLog.lines();
    }
    LeveeThreads.assertNoneSurvive(Duration.ofSeconds(10));

    assertThat(levee)
        .extracting(LogCapture.Line::message)
        .as("the capture sees Levee's lines")
        .contains(
            "health check \"deadlocks\": UP (first result)",
            "health check \"db\": UP (first result)",
            "health group \"ready\": DOWN -> UP");
    assertThat(Stream.concat(levee.stream(), micrometer.stream()))
        .as("no warning or error from Levee or Micrometer during a start")
        .noneMatch(l -> l.level().equals("WARN") || l.level().equals("ERROR"));
    assertThat(micrometer)
        .extracting(LogCapture.Line::message)
        .noneMatch(m -> m.contains("already registered"));
  }
}
