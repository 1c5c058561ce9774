package dev.levee.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levee.timeouts.testing.ManualTicker;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link HealthMonitor#report(String)} looks one check up (a scrape reads every check's series
 * through it): the report it gives is the one {@link HealthMonitor#reports()} holds for that name,
 * whatever the check's state.
 */
class HealthMonitorReportLookupTest {
  private final ManualTicker ticker = new ManualTicker();
  // Checks never run: their reports go from "not checked yet" to stale as the ticker moves.
  private final HealthMonitor monitor =
      HealthMonitor.builder()
          .ticker(ticker)
          .scheduler((task, delay, unit) -> new CompletableFuture<>())
          .build();

  @AfterEach
  void close() {
    monitor.close();
  }

  private CheckReport inList(String name) {
    return monitor.reports().stream()
        .filter(r -> r.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError(name + " is not in reports()"));
  }

  @Test
  void oneChecksReportIsTheOneTheListHolds() {
    for (String name : new String[] {"db", "cache", "queue"}) {
      monitor.register(
          HealthCheckConfig.builder(name)
              .initialStatus(Status.UP)
              .interval(Duration.ofSeconds(1))
              .timeout(Duration.ofSeconds(1))
              .groups(HealthGroup.READY)
              .build(),
          HealthResult::up);
    }
    assertThat(monitor.report("cache")).contains(inList("cache"));
    assertThat(monitor.report("cache").orElseThrow().status()).isEqualTo(Status.UP);

    ticker.advance(Duration.ofSeconds(10)); // past the staleness limit: reported DOWN, now
    CheckReport stale = monitor.report("queue").orElseThrow();
    assertThat(stale.status()).isEqualTo(Status.DOWN);
    assertThat(stale.reason()).isEqualTo("stale: no result in 10s (limit 4s)");
    assertThat(stale).isEqualTo(inList("queue"));
  }

  @Test
  void theLifecycleEntriesAreFoundByTheirNames() {
    assertThat(monitor.report(HealthMonitor.STARTUP)).contains(inList(HealthMonitor.STARTUP));
    assertThat(monitor.report(HealthMonitor.STARTUP).orElseThrow().status()).isEqualTo(Status.DOWN);
    monitor.markStarted();
    monitor.startDraining();
    assertThat(monitor.report(HealthMonitor.STARTUP).orElseThrow().status()).isEqualTo(Status.UP);
    assertThat(monitor.report(HealthMonitor.SHUTDOWN)).contains(inList(HealthMonitor.SHUTDOWN));
    assertThat(monitor.report(HealthMonitor.SHUTDOWN).orElseThrow().status())
        .isEqualTo(Status.DOWN);
  }

  @Test
  void anUnknownOrUnregisteredCheckHasNoReportAndNullIsRefused() {
    monitor.register(HealthCheckConfig.builder("db").build(), HealthResult::up);
    assertThat(monitor.report("dbx")).isEmpty();
    assertThat(monitor.report("DB")).isEmpty();
    monitor.unregister("db");
    assertThat(monitor.report("db")).isEmpty();
    assertThatThrownBy(() -> monitor.report((String) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("check");
  }
}
