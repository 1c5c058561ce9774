package dev.levee.core.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.levee.core.Backoff;
import dev.levee.core.CallNotPermittedException;
import dev.levee.core.CircuitBreaker;
import dev.levee.core.CircuitBreakerConfig;
import dev.levee.core.CircuitBreakerState;
import dev.levee.core.Pipeline;
import dev.levee.core.Retry;
import dev.levee.core.RetryConfig;
import dev.levee.testkit.Await;
import dev.levee.testkit.H2TcpDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A pipeline (retry, circuit breaker) over HikariCP and a real H2 database running as a TCP server
 * on 127.0.0.1, which the test stops in the middle of a stream of writes and starts again: while it
 * is down, calls fail fast once the breaker opens; after the restart, writes succeed again; and
 * every write was either acknowledged and is in the database, or reported to the caller as failed.
 * Real time, short: backoffs of 10 ms, the breaker open for 300 ms.
 */
@Timeout(120)
class PipelineDatabaseFaultIT {
  private H2TcpDatabase database;
  private HikariDataSource pool;

  @BeforeEach
  void start() throws Exception {
    database = H2TcpDatabase.start();
    pool = database.pool("writes", "levee-it", 2);
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS writes(id INT PRIMARY KEY)");
    }
  }

  @AfterEach
  void stop() {
    pool.close();
    database.close();
  }

  private void write(int id) throws Exception {
    try (Connection c = pool.getConnection();
        PreparedStatement s = c.prepareStatement("MERGE INTO writes KEY(id) VALUES (?)")) {
      s.setInt(1, id); // idempotent: a retried write cannot fail as a duplicate
      s.executeUpdate();
    }
  }

  @Test
  void writesFailFastWhileTheDatabaseIsDownAndNoneIsLost() throws Exception {
    CircuitBreaker breaker =
        CircuitBreaker.of(
            "db",
            CircuitBreakerConfig.builder("db")
                .consecutiveFailures(3)
                .openDuration(Duration.ofMillis(300))
                .halfOpenMaxCalls(1)
                .successThreshold(1)
                .build());
    Retry retry =
        Retry.of(
            "db",
            RetryConfig.builder("db")
                .maxRetries(2)
                .backoff(Backoff.fixed(Duration.ofMillis(10)))
                .transientMultiplier(1)
                .build());
    Pipeline pipeline = Pipeline.builder("db").retry(retry).circuitBreaker(breaker).build();

    Set<Integer> acknowledged = new TreeSet<>();
    Set<Integer> failed = new TreeSet<>();
    int rejectedFast = 0;
    int id = 0;
    boolean restarted = false;
    long restartAt = Long.MAX_VALUE;
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      id++;
      if (id == 100) {
        database.stop(); // the database dies mid-load
      }
      if (!restarted && rejectedFast >= 20) {
        database.restart();
        restarted = true;
        restartAt = id;
      }
      int current = id;
      try {
        pipeline.run(
            () -> {
              try {
                write(current);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
        acknowledged.add(current);
      } catch (CallNotPermittedException e) {
        failed.add(current);
        rejectedFast++;
      } catch (RuntimeException e) {
        failed.add(current);
      }
      if (restarted
          && acknowledged.size() >= 100 + 50
          && breaker.state() == CircuitBreakerState.CLOSED) {
        break;
      }
      assertThat(System.nanoTime() - deadline)
          .as(
              "the pipeline recovered within 60s (acknowledged %d, failed %d)",
              acknowledged.size(), failed.size())
          .isNegative();
      if (breaker.state() == CircuitBreakerState.OPEN && restarted) {
        java.util.concurrent.locks.LockSupport.parkNanos(5_000_000); // let the open period pass
      }
    }

    System.out.printf(
        "writes: %d, acknowledged %d, failed %d (%d rejected at once by the open breaker),"
            + " restarted before write %d, breaker %s%n",
        id, acknowledged.size(), failed.size(), rejectedFast, restartAt, breaker.stats());
    assertThat(acknowledged).as("writes before the failure").contains(1, 50, 99);
    assertThat(rejectedFast)
        .as("calls failed fast while the breaker was open")
        .isGreaterThanOrEqualTo(20);
    assertThat(breaker.transitionCount(CircuitBreakerState.CLOSED, CircuitBreakerState.OPEN))
        .isPositive();
    assertThat(breaker.transitionCount(CircuitBreakerState.HALF_OPEN, CircuitBreakerState.CLOSED))
        .isPositive();
    long firstAfterRestart = restartAt;
    assertThat(acknowledged.stream().filter(i -> i > firstAfterRestart).count())
        .as("writes succeed again after the restart")
        .isGreaterThanOrEqualTo(50);

    Set<Integer> present = new HashSet<>();
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement();
        ResultSet rows = s.executeQuery("SELECT id FROM writes")) {
      while (rows.next()) {
        present.add(rows.getInt(1));
      }
    }
    assertThat(present).as("every acknowledged write is in the database").containsAll(acknowledged);
    for (int i = 1; i <= id; i++) {
      assertThat(acknowledged.contains(i) || failed.contains(i))
          .as("write %d was acknowledged or reported failed", i)
          .isTrue();
    }
    Await.until(Duration.ofSeconds(5), "pool healthy", () -> !pool.isClosed());
  }
}
