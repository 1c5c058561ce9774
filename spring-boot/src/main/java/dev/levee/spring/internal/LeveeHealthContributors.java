package dev.levee.spring.internal;

import dev.levee.health.CheckReport;
import dev.levee.health.HealthGroup;
import dev.levee.health.HealthMonitor;
import dev.levee.health.HealthReport;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Levee's health in Actuator's terms, read from the monitor's cached results (no check runs on a
 * probe): one indicator per check under a composite, and one per probe group (the {@code live} and
 * {@code ready} groups' judgement). Levee's DEGRADED is Actuator's UP, with {@code degraded: true}
 * and the reason in the details, so it answers 200 as Levee's own endpoints do; DOWN is DOWN (503).
 */
public final class LeveeHealthContributors {
  private LeveeHealthContributors() {}

  /**
   * Every check of the monitor, each an indicator named as the check; checks registered later
   * appear as they are.
   *
   * @param monitor the monitor
   * @return the composite
   */
  public static CompositeHealthContributor checks(HealthMonitor monitor) {
    return new CompositeHealthContributor() {
      @Override
      public HealthContributor getContributor(String name) {
        return monitor.report(name).isPresent() ? check(monitor, name) : null;
      }

      @Override
      public Stream<HealthContributors.Entry> stream() {
        return monitor.reports().stream()
            .map(r -> new HealthContributors.Entry(r.name(), check(monitor, r.name())));
      }
    };
  }

  private static HealthIndicator check(HealthMonitor monitor, String name) {
    return () ->
        monitor.report(name).map(LeveeHealthContributors::health).orElse(Health.unknown().build());
  }

  /**
   * A group's judgement: its status, each check's in the details.
   *
   * @param monitor the monitor
   * @param group the group ({@code live} or {@code ready})
   * @return the indicator
   */
  public static HealthIndicator group(HealthMonitor monitor, HealthGroup group) {
    return () -> {
      HealthReport r = monitor.report(group, Set.of());
      Health.Builder b = builder(r.status());
      for (CheckReport c : r.checks()) {
        b.withDetail(
            c.name(),
            c.reason() == null ? c.status().name() : c.status().name() + ": " + c.reason());
      }
      return b.build();
    };
  }

  static Health health(CheckReport r) {
    Health.Builder b = builder(r.status());
    Map<String, Object> details = new LinkedHashMap<>();
    if (r.reason() != null) {
      details.put("reason", r.reason());
    }
    r.data().forEach(details::put);
    if (r.error() != null) {
      details.put("error", r.error());
    }
    return b.withDetails(details).build();
  }

  private static Health.Builder builder(dev.levee.health.Status status) {
    switch (status) {
      case UP:
        return Health.up();
      case DEGRADED:
        return Health.status(Status.UP).withDetail("degraded", true);
      default:
        return Health.down();
    }
  }
}
