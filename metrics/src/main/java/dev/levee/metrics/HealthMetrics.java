package dev.levee.metrics;

import dev.levee.health.CheckReport;
import dev.levee.health.HealthGroup;
import dev.levee.health.HealthMonitor;
import dev.levee.health.Status;
import dev.levee.metrics.internal.ScrapeDiscovery;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Health series from a {@link HealthMonitor}'s cached reports (a scrape runs no check). Prometheus
 * names: {@code health_check_status{check,group}} (1 UP, 0.5 DEGRADED, 0 DOWN), {@code
 * health_check_duration_seconds{check}} (the latest run) and {@code health_status{group}}. Checks
 * registered after binding get their series at the first scrape that sees them; an unregistered
 * check's series read NaN.
 */
public final class HealthMetrics implements MeterBinder {
  private final HealthMonitor monitor;
  private final Function<String, String> naming;

  HealthMetrics(HealthMonitor monitor, Function<String, String> naming) {
    this.monitor = Objects.requireNonNull(monitor, "monitor");
    this.naming = naming;
  }

  /**
   * Health series for {@code monitor}, unprefixed.
   *
   * @param monitor the monitor
   * @return the binder
   */
  public static HealthMetrics of(HealthMonitor monitor) {
    return new HealthMetrics(monitor, Function.identity());
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    for (HealthGroup g : monitor.groups()) {
      registerGroup(registry, g);
    }
    ScrapeDiscovery.bind(
        registry,
        naming.apply("health.checks"),
        "Checks registered",
        () -> monitor.reports().stream().map(CheckReport::name).toList(),
        this::registerCheck);
  }

  /** The group's status gauge; registering it again returns the one there is. */
  private void registerGroup(MeterRegistry registry, HealthGroup g) {
    Gauge.builder(
            naming.apply("health.status"), monitor, m -> value(m.report(g, Set.of()).status()))
        .description("1 UP, 0.5 DEGRADED, 0 DOWN")
        .tag("group", g.name())
        .strongReference(true)
        .register(registry);
  }

  private void registerCheck(MeterRegistry registry, String check) {
    CheckReport first = monitor.report(check).orElse(null);
    if (first == null) {
      return; // unregistered between the listing and now
    }
    for (HealthGroup g : first.groups()) {
      registerGroup(registry, g); // a group first named by a check registered after binding
      Gauge.builder(
              naming.apply("health.check.status"),
              monitor,
              m -> m.report(check).map(c -> value(c.status())).orElse(Double.NaN))
          .description("1 UP, 0.5 DEGRADED, 0 DOWN")
          .tags("check", check, "group", g.name())
          .strongReference(true)
          .register(registry);
    }
    TimeGauge.builder(
            naming.apply("health.check.duration"),
            monitor,
            TimeUnit.NANOSECONDS,
            m ->
                m.report(check)
                    .map(c -> c.duration() == null ? Double.NaN : (double) c.duration().toNanos())
                    .orElse(Double.NaN))
        .description("How long the latest run took")
        .tag("check", check)
        .strongReference(true)
        .register(registry);
  }

  private static double value(Status s) {
    return s == Status.UP ? 1 : s == Status.DEGRADED ? 0.5 : 0;
  }
}
