package dev.levee.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.health.HealthCheckConfig;
import dev.levee.health.HealthGroup;
import dev.levee.health.HealthMonitor;
import dev.levee.health.HealthResult;
import dev.levee.testkit.LogCapture;
import dev.levee.timeouts.testing.ManualScheduler;
import dev.levee.timeouts.testing.ManualTicker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Health series are registered once per meter registry, whatever order checks, groups and binding
 * come in: Micrometer warns ("This Gauge has been already registered") when a gauge is registered
 * again, once at WARN per JVM and at DEBUG after, so the capture looks at every level.
 */
class HealthMetricsRegistrationTest {
  private final ManualTicker ticker = new ManualTicker();
  private final ExecutorService worker = Executors.newSingleThreadExecutor();
  private final HealthMonitor monitor =
      HealthMonitor.builder()
          .ticker(ticker)
          .scheduler(new ManualScheduler(ticker))
          .executor(worker)
          .build();
  private final LogCapture micrometer = LogCapture.of("io.micrometer");

  @AfterEach
  void close() {
    micrometer.close();
    monitor.close();
    worker.shutdownNow();
  }

  private void assertNoDoubleRegistration() {
    assertThat(micrometer.lines())
        .extracting(LogCapture.Line::message)
        .noneMatch(m -> m.contains("already registered"));
  }

  private static void assertOneStatusPerGroup(MeterRegistry registry, String... groups) {
    for (String g : groups) {
      assertThat(registry.find("health.status").tag("group", g).gauges())
          .as("health_status{group=%s}", g)
          .hasSize(1);
    }
  }

  private static double scrape(MeterRegistry registry) {
    return registry.get("health.checks").gauge().value(); // what a scrape reads
  }

  @Test
  void bindingBeforeTheChecksRegistersEachGroupOnce() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    LeveeMetrics.builder().health(monitor).build().bindTo(registry);
    monitor.register(
        HealthCheckConfig.builder("deadlocks").groups(HealthGroup.LIVE).build(), HealthResult::up);
    monitor.register(HealthCheckConfig.builder("db").groups("ready").build(), HealthResult::up);
    monitor.register(
        HealthCheckConfig.builder("cache").groups("ready", "workers").build(), HealthResult::up);
    scrape(registry);
    monitor.register(
        HealthCheckConfig.builder("jobs").groups("workers", "ready").build(), HealthResult::up);
    scrape(registry);
    scrape(registry);

    assertNoDoubleRegistration();
    assertOneStatusPerGroup(registry, "live", "ready", "started", "raft", "workers");
    assertThat(registry.find("health.check.status").gauges())
        .as("6 for the checks, 3 for the startup and shutdown entries")
        .hasSize(9);
  }

  @Test
  void bindingAfterTheChecksAndBindingAgainRegisterNothingTwice() {
    monitor.register(
        HealthCheckConfig.builder("deadlocks").groups(HealthGroup.LIVE).build(), HealthResult::up);
    monitor.register(
        HealthCheckConfig.builder("db").groups("ready", "workers").build(), HealthResult::up);
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try {
      LeveeMetrics metrics = LeveeMetrics.builder().prefix("levee").health(monitor).build();
      metrics.bindTo(prometheus);
      metrics.bindTo(prometheus); // binding again to the same registry: nothing more
      String text = prometheus.scrape();
      prometheus.scrape();

      assertNoDoubleRegistration();
      assertThat(prometheus.find("levee.health.checks").gauges()).hasSize(1);
      assertThat(prometheus.find("levee.health.status").gauges()).hasSize(5);
      assertThat(
              text.lines()
                  .filter(l -> l.startsWith("levee_health_status{group=\"ready\"}"))
                  .toList())
          .hasSize(1);
    } finally {
      prometheus.close();
    }
  }

  @Test
  void aCheckRegisteredAgainInOtherGroupsAddsOnlyTheNewSeries() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    LeveeMetrics.builder().health(monitor).build().bindTo(registry);
    monitor.register(
        HealthCheckConfig.builder("db").groups("ready", "workers").build(), HealthResult::up);
    scrape(registry);
    monitor.unregister("db");
    monitor.register(
        HealthCheckConfig.builder("db").groups("workers", "live").build(), HealthResult::up);
    scrape(registry);

    assertNoDoubleRegistration();
    assertThat(registry.find("health.check.status").tag("check", "db").gauges())
        .extracting(g -> g.getId().getTag("group"))
        .containsExactlyInAnyOrderElementsOf(List.of("ready", "workers", "live"));
    assertThat(registry.find("health.check.duration").tag("check", "db").gauges()).hasSize(1);
  }

  @Test
  void twoRegistriesEachGetTheirOwnSeries() {
    SimpleMeterRegistry one = new SimpleMeterRegistry();
    SimpleMeterRegistry two = new SimpleMeterRegistry();
    HealthMetrics metrics = HealthMetrics.of(monitor);
    metrics.bindTo(one);
    monitor.register(HealthCheckConfig.builder("db").build(), HealthResult::up);
    metrics.bindTo(two);
    scrape(one);
    scrape(two);

    assertNoDoubleRegistration();
    for (MeterRegistry r : List.of(one, two)) {
      assertOneStatusPerGroup(r, "live", "ready", "started", "raft");
      assertThat(r.find("health.check.status").tags("check", "db", "group", "ready").gauge())
          .isNotNull();
    }
  }
}
