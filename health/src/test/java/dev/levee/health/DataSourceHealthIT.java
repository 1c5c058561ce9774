package dev.levee.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.levee.health.checks.DataSourceHealthCheck;
import dev.levee.health.checks.DeadlockHealthCheck;
import dev.levee.http.HttpRequest;
import dev.levee.testkit.H2TcpDatabase;
import dev.levee.testkit.LogCapture;
import dev.levee.timeouts.testing.ManualScheduler;
import dev.levee.timeouts.testing.ManualTicker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * HikariCP in front of H2 running as a TCP server on 127.0.0.1: stopping the server takes the
 * database check DOWN after its failure attempts and readiness with it; restarting it brings them
 * back after the success attempts; liveness stays UP throughout. Intervals pass on a manual ticker;
 * the connection attempts are real.
 */
@Timeout(120)
class DataSourceHealthIT {
  private final ManualTicker ticker = new ManualTicker();
  private final ManualScheduler scheduler = new ManualScheduler(ticker);
  private H2TcpDatabase database;
  private HikariDataSource pool;
  private HealthMonitor monitor;
  private HealthEndpoints endpoints;

  @BeforeEach
  void start() throws Exception {
    database = H2TcpDatabase.start();
    pool = database.pool("app", "orders-db", 2);
    monitor =
        HealthMonitor.builder()
            .ticker(ticker)
            .scheduler(scheduler)
            .executor(new Checks.DirectExecutor())
            .build();
    monitor.register(
        HealthCheckConfig.builder("db").groups(HealthGroup.READY).build(),
        DataSourceHealthCheck.builder(pool).recoverAfter(1).ticker(ticker).build());
    monitor.register(
        HealthCheckConfig.builder("deadlocks").groups(HealthGroup.LIVE).build(),
        new DeadlockHealthCheck());
    monitor.markStarted();
    endpoints = HealthEndpoints.builder(monitor).details(DetailPolicy.always()).build();
  }

  @AfterEach
  void stop() {
    monitor.close();
    pool.close();
    database.close();
  }

  private int probe(String path) {
    return endpoints.handle(HttpRequest.builder("GET", path).build()).status();
  }

  private void interval() {
    scheduler.advance(Duration.ofSeconds(5));
  }

  private CheckReport db() {
    return monitor.report("db").orElseThrow();
  }

  @Test
  void theDatabaseCheckFollowsTheServerDownAndUpAndLivenessStaysUp() throws Exception {
    scheduler.runDue();
    assertThat(db().status()).isEqualTo(Status.UP);
    assertThat(db().data())
        .containsEntry("pool", "orders-db")
        .containsKeys("active", "idle", "total", "threads_awaiting");
    assertThat(probe("/health/ready")).isEqualTo(200);

    database.stop();
    try (LogCapture recovery = LogCapture.of(DataSourceHealthCheck.class.getName())) {
      interval();
      assertThat(db().status()).as("1 of 3 failures").isEqualTo(Status.UP);
      assertThat(db().reason())
          .startsWith(
              "failing 1 of 3 attempts before DOWN: cannot get a valid connection (SQLState");
      interval();
      assertThat(probe("/health/ready")).as("2 of 3 failures").isEqualTo(200);
      interval();
      assertThat(db().status()).isEqualTo(Status.DOWN);
      assertThat(probe("/health/ready")).isEqualTo(503);
      assertThat(probe("/health/live")).isEqualTo(200);
      String body =
          new String(
              endpoints
                  .handle(HttpRequest.builder("GET", "/health/ready").rawQuery("verbose").build())
                  .body(),
              StandardCharsets.UTF_8);
      assertThat(body).contains("cannot get a valid connection").doesNotContain("jdbc:", "tcp://");

      assertThat(recovery.lines())
          .as("recoverAfter(1): the pool's connections are evicted, backing off")
          .isNotEmpty()
          .first()
          .satisfies(
              l ->
                  assertThat(l.message())
                      .isEqualTo(
                          "health: soft-evicted the connections of pool \"orders-db\" after 1"
                              + " failed checks; next eviction not before 1s"));
    }

    database.restart();
    interval();
    assertThat(db().status()).as("1 of 2 successes").isEqualTo(Status.DOWN);
    assertThat(probe("/health/ready")).isEqualTo(503);
    interval();
    assertThat(db().status()).isEqualTo(Status.UP);
    assertThat(probe("/health/ready")).isEqualTo(200);
    assertThat(probe("/health/live")).isEqualTo(200);
    assertThat(monitor.report(HealthGroup.LIVE, Set.of()).status()).isEqualTo(Status.UP);
  }
}
