package dev.levee.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levee.timeouts.testing.ManualScheduler;
import dev.levee.timeouts.testing.ManualTicker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The monitor's bounded history of changes, and each report's {@code since}. */
class HealthMonitorHistoryTest {
  private static final Instant T0 = Instant.parse("2026-12-07T12:00:00Z");

  private final ManualTicker ticker = new ManualTicker();
  private final ManualScheduler scheduler = new ManualScheduler(ticker);
  private final HealthMonitor monitor =
      HealthMonitor.builder()
          .name("h")
          .ticker(ticker)
          .clock(new TickerClock(ticker, T0))
          .scheduler(scheduler)
          .executor(new Checks.DirectExecutor())
          .build();

  @AfterEach
  void close() {
    monitor.close();
  }

  @Test
  void checksAndGroupsAreRecordedAsAnnounced() {
    Checks.Scripted db = new Checks.Scripted();
    monitor.register(
        HealthCheckConfig.builder("db")
            .interval(Duration.ofSeconds(1))
            .failureAttempts(1)
            .successAttempts(1)
            .build(),
        db);
    monitor.markStarted();
    scheduler.runDue();
    db.set(HealthResult.down("refused"));
    scheduler.advance(Duration.ofSeconds(1));

    assertThat(monitor.history())
        .extracting(HealthChange::toString)
        .containsExactly(
            // db is pending: groups are judged from results, so startup alone turns them UP
            "HealthChange[CHECK startup: DOWN -> UP at 2026-12-07T12:00:00Z]",
            "HealthChange[GROUP ready: DOWN -> UP at 2026-12-07T12:00:00Z]",
            "HealthChange[GROUP started: DOWN -> UP at 2026-12-07T12:00:00Z]",
            "HealthChange[CHECK db: first result -> UP at 2026-12-07T12:00:00Z]",
            "HealthChange[CHECK db: UP -> DOWN (refused) at 2026-12-07T12:00:01Z]",
            "HealthChange[GROUP ready: UP -> DOWN at 2026-12-07T12:00:01Z]");
    assertThatThrownBy(() -> monitor.history().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void sinceIsWhenTheStatusBeganNotTheLastResult() {
    Checks.Scripted db = new Checks.Scripted();
    monitor.register(
        HealthCheckConfig.builder("db")
            .interval(Duration.ofSeconds(1))
            .failureAttempts(1)
            .successAttempts(1)
            .build(),
        db);
    assertThat(monitor.report("db").orElseThrow().since())
        .as("pending since registered")
        .isEqualTo(T0);
    scheduler.advance(Duration.ofSeconds(2));
    scheduler.advance(Duration.ofSeconds(1));
    CheckReport up = monitor.report("db").orElseThrow();
    assertThat(up.checkedAt()).isEqualTo(T0.plusSeconds(3));
    assertThat(up.since()).as("UP from its first result on").isEqualTo(T0.plusSeconds(2));

    db.set(HealthResult.down("refused"));
    scheduler.advance(Duration.ofSeconds(1));
    scheduler.advance(Duration.ofSeconds(1));
    assertThat(monitor.report("db").orElseThrow().since()).isEqualTo(T0.plusSeconds(4));
  }

  @Test
  void theHistoryKeepsTheNewestHundred() {
    Checks.Scripted db = new Checks.Scripted();
    monitor.register(
        HealthCheckConfig.builder("db")
            .groups("custom")
            .interval(Duration.ofSeconds(1))
            .failureAttempts(1)
            .successAttempts(1)
            .build(),
        db);
    scheduler.runDue();
    for (int i = 0; i < 80; i++) {
      db.set(i % 2 == 0 ? HealthResult.down("flap " + i) : HealthResult.up());
      scheduler.advance(Duration.ofSeconds(1));
    }
    List<HealthChange> kept = monitor.history();
    assertThat(kept).hasSize(HealthMonitor.HISTORY);
    HealthChange newest = kept.get(kept.size() - 1);
    assertThat(newest.kind()).isEqualTo(HealthChange.Kind.GROUP);
    assertThat(newest.to()).isEqualTo(Status.UP);
    assertThat(newest.at()).isEqualTo(T0.plusSeconds(80));
  }
}
