package dev.levee.metrics;

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
 * health_check_duration_seconds{check}} (the latest run) and {@code health_status{group}}. A check
 * registered after binding gets its series from the first scrape that reads {@code health_checks}
 * after it; they are registered during that scrape, so they may first appear in the next one (the
 * monitor announces no registrations, and Micrometer has no hook before a scrape). An unregistered
 * check's series read NaN, and so do a check's status series for groups it no longer belongs to (a
 * check registered again in other groups gets series for those).
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
        () -> monitor.reports().stream().map(r -> new CheckSeries(r.name(), r.groups())).toList(),
        this::registerCheck);
  }

  /**
   * What a check's series depend on: its name and its groups, so that a check registered again in
   * other groups is discovered again.
   */
  private record CheckSeries(String check, Set<HealthGroup> groups) {}

  /** The group's status gauge; registering it again returns the one there is. */
  private void registerGroup(MeterRegistry registry, HealthGroup g) {
    Gauge.builder(
            naming.apply("health.status"), monitor, m -> value(m.report(g, Set.of()).status()))
        .description("1 UP, 0.5 DEGRADED, 0 DOWN")
        .tag("group", g.name())
        .strongReference(true)
        .register(registry);
  }

  /** Series for the check in its groups; those it already has are returned as they are. */
  private void registerCheck(MeterRegistry registry, CheckSeries series) {
    String check = series.check();
    for (HealthGroup g : series.groups()) {
      registerGroup(registry, g); // a group first named by a check registered after binding
      Gauge.builder(
              naming.apply("health.check.status"),
              monitor,
              m ->
                  m.report(check)
                      .filter(c -> c.groups().contains(g)) // NaN once the check left the group
                      .map(c -> value(c.status()))
                      .orElse(Double.NaN))
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
