package dev.levee.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.health.checks.DataSourceHealthCheck;
import dev.levee.http.HttpRequest;
import dev.levee.http.HttpResponse;
import dev.levee.testkit.H2TcpDatabase;
import dev.levee.timeouts.testing.ManualScheduler;
import dev.levee.timeouts.testing.ManualTicker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A plain JDBC data source (H2's own, no pool) in front of H2 running as a TCP server on 127.0.0.1:
 * the check opens and validates a connection each time, reports no pool figures, and follows the
 * server down and up. Intervals pass on a manual ticker; the connections are real.
 */
@Timeout(120)
class DataSourcePlainJdbcIT {
  private final ManualTicker ticker = new ManualTicker();
  private final ManualScheduler scheduler = new ManualScheduler(ticker);
  private H2TcpDatabase database;
  private HealthMonitor monitor;
  private HealthEndpoints endpoints;

  @BeforeEach
  void start() throws Exception {
    database = H2TcpDatabase.start();
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL(database.jdbcUrl("app"));
    dataSource.setUser("sa");
    dataSource.setPassword("");
    monitor =
        HealthMonitor.builder()
            .ticker(ticker)
            .scheduler(scheduler)
            .executor(new Checks.DirectExecutor())
            .build();
    monitor.register(
        HealthCheckConfig.builder("db").groups(HealthGroup.READY).build(),
        DataSourceHealthCheck.builder(dataSource).build());
    monitor.markStarted();
    endpoints = HealthEndpoints.builder(monitor).details(DetailPolicy.always()).build();
  }

  @AfterEach
  void stop() {
    monitor.close();
    database.close();
  }

  private CheckReport db() {
    return monitor.report("db").orElseThrow();
  }

  private void interval() {
    scheduler.advance(Duration.ofSeconds(5));
  }

  @Test
  void aPlainDataSourceIsUpThenDownWhenTheServerStopsWithoutPoolFigures() throws Exception {
    scheduler.runDue();
    assertThat(db().status()).isEqualTo(Status.UP);
    assertThat(db().data()).as("no pool, no figures").isEmpty();

    database.stop();
    interval();
    interval();
    assertThat(db().status()).as("2 of 3 failures").isEqualTo(Status.UP);
    interval();
    assertThat(db().status()).isEqualTo(Status.DOWN);
    assertThat(db().reason()).startsWith("cannot get a valid connection (SQLState");
    assertThat(db().error()).doesNotContain("password");
    assertThat(db().data()).isEmpty();
    HttpResponse ready =
        endpoints.handle(HttpRequest.builder("GET", "/health/ready").rawQuery("verbose").build());
    assertThat(ready.status()).isEqualTo(503);
    assertThat(new String(ready.body(), StandardCharsets.UTF_8))
        .contains("cannot get a valid connection")
        .doesNotContain("jdbc:", "tcp://");

    database.restart();
    interval();
    interval();
    assertThat(db().status()).as("after 2 UP results").isEqualTo(Status.UP);
    assertThat(db().data()).isEmpty();
  }
}
