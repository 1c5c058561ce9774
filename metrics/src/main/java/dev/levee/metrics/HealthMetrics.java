package dev.levee.metrics;

import dev.levee.health.HealthGroup;
import dev.levee.health.HealthMonitor;
import dev.levee.health.Status;
import dev.levee.metrics.internal.ScrapeDiscovery;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
 *
 * <p>Each series is registered once per meter registry, whatever order checks, groups and binding
 * come in (Micrometer warns when a gauge is registered again); binding again to the same registry
 * does nothing. This class is thread-safe.
 */
// Names dev.levee.health's types, an optional module (requires static) that cannot be required
// transitively: whoever binds a health monitor or a Raft check reads dev.levee.health already.
@SuppressWarnings("exports")
public final class HealthMetrics implements MeterBinder {
  private final HealthMonitor monitor;
  private final Function<String, String> naming;
  private final Map<MeterRegistry, Binding> bindings = new ConcurrentHashMap<>(); // by identity

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
    Objects.requireNonNull(registry, "registry");
    Binding binding = new Binding(registry);
    if (bindings.putIfAbsent(registry, binding) != null) {
      return; // bound already: its series are there, and its discovery runs at every scrape
    }
    for (HealthGroup g : monitor.groups()) {
      binding.group(g);
    }
    ScrapeDiscovery.bind(
        registry,
        naming.apply("health.checks"),
        "Checks registered",
        () -> monitor.reports().stream().map(r -> new CheckSeries(r.name(), r.groups())).toList(),
        (r, series) -> binding.check(series));
  }

  /**
   * What a check's series depend on: its name and its groups, so that a check registered again in
   * other groups is discovered again.
   */
  private record CheckSeries(String check, Set<HealthGroup> groups) {}

  /** One status series of a check. */
  private record CheckInGroup(String check, HealthGroup group) {}

  /**
   * The series registered in one meter registry, each registered once: a group's status is named by
   * the monitor at binding and again by each of its checks, and a check registered again in other
   * groups keeps its duration and the status series of the groups it stays in.
   */
  private final class Binding {
    private final MeterRegistry registry;
    private final Set<HealthGroup> groups = ConcurrentHashMap.newKeySet();
    private final Set<CheckInGroup> checkStatuses = ConcurrentHashMap.newKeySet();
    private final Set<String> durations = ConcurrentHashMap.newKeySet();

    Binding(MeterRegistry registry) {
      this.registry = registry;
    }

    /** The group's status gauge, unless this registry has it. */
    void group(HealthGroup g) {
      if (!groups.add(g)) {
        return;
      }
      Gauge.builder(
              naming.apply("health.status"), monitor, m -> value(m.report(g, Set.of()).status()))
          .description("1 UP, 0.5 DEGRADED, 0 DOWN")
          .tag("group", g.name())
          .strongReference(true)
          .register(registry);
    }

    /** Series for the check in its groups, and for the groups, unless this registry has them. */
    void check(CheckSeries series) {
      String check = series.check();
      for (HealthGroup g : series.groups()) {
        group(g); // a group first named by a check registered after binding
        if (!checkStatuses.add(new CheckInGroup(check, g))) {
          continue;
        }
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
      if (!durations.add(check)) {
        return;
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
  }

  private static double value(Status s) {
    return s == Status.UP ? 1 : s == Status.DEGRADED ? 0.5 : 0;
  }
}
