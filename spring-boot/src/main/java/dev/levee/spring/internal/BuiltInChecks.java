package dev.levee.spring.internal;

import dev.levee.config.Levee;
import dev.levee.config.LeveeConfig;
import dev.levee.health.HealthCheck;
import dev.levee.health.HealthCheckConfig;
import dev.levee.health.HealthGroup;
import dev.levee.health.checks.CircuitBreakerHealthCheck;
import dev.levee.health.checks.DataSourceHealthCheck;
import dev.levee.health.checks.DeadlockHealthCheck;
import dev.levee.health.checks.DiskSpaceHealthCheck;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Registers Levee's built-in checks once every singleton exists: each {@code DataSource} bean
 * ({@code db}, or {@code db-<bean>} when there are several; readiness), the circuit breakers
 * ({@code circuit-breakers}; readiness, DEGRADED while one is open), the working directory's disk
 * ({@code disk}; readiness) and deadlocks ({@code deadlocks}; liveness). Each can be switched off
 * ({@code levee.spring.checks.*}) and configured as any check ({@code levee.health.checks.<name>}:
 * interval, groups, failure attempts...).
 *
 * <p>Defaults: every check runs every {@code levee.health.check-interval} (5s) and turns DOWN after
 * 3 failing results, as any check does standalone; the circuit breakers' check runs every second
 * and turns DEGRADED on the first open breaker (and back UP on the first result without one), so
 * that an open breaker shows within about a second, not after 15 s, by when it may be HALF_OPEN
 * again. It only reads the breakers' states, so running it often costs nothing, and the breakers
 * have their own hysteresis (their open duration and half-open trials). A {@code
 * levee.health.checks.circuit-breakers} entry replaces these defaults entirely.
 */
public final class BuiltInChecks implements SmartInitializingSingleton {
  private final Levee levee;
  private final SpringSettings settings;
  private final ListableBeanFactory beans;

  /**
   * Creates the registrar.
   *
   * @param levee the runtime whose monitor gets the checks
   * @param settings which checks are on
   * @param beans where the data sources are found
   */
  public BuiltInChecks(Levee levee, SpringSettings settings, ListableBeanFactory beans) {
    this.levee = levee;
    this.settings = settings;
    this.beans = beans;
  }

  @Override
  public void afterSingletonsInstantiated() {
    if (settings.dataSourceCheck()) {
      Map<String, DataSource> sources = beans.getBeansOfType(DataSource.class, false, false);
      sources.forEach(
          (bean, ds) ->
              register(
                  sources.size() == 1 ? "db" : "db-" + bean,
                  DataSourceHealthCheck.builder(ds).build(),
                  HealthGroup.READY));
    }
    if (settings.circuitBreakersCheck()) {
      register(
          BREAKERS,
          CircuitBreakerHealthCheck.builder(levee.circuitBreakers()).build(),
          HealthGroup.READY);
    }
    if (settings.diskCheck()) {
      register("disk", DiskSpaceHealthCheck.builder(Path.of(".")).build(), HealthGroup.READY);
    }
    if (settings.deadlocksCheck()) {
      register("deadlocks", new DeadlockHealthCheck(), HealthGroup.LIVE);
    }
  }

  private void register(String name, HealthCheck check, HealthGroup group) {
    levee.health().register(config(levee.config(), name, group), check);
  }

  /** The circuit breakers' check's interval: it reads states, so it can run often. */
  static final Duration BREAKERS_INTERVAL = Duration.ofSeconds(1);

  /**
   * A built-in check's schedule: the user's {@code levee.health.checks.<name>} if any, else the
   * configuration's interval and timeout with the check's group, faster for the breakers' check.
   */
  static HealthCheckConfig config(LeveeConfig config, String name, HealthGroup group) {
    HealthCheckConfig c = config.healthChecks().get(name);
    if (c != null) {
      return c;
    }
    HealthCheckConfig.Builder b =
        HealthCheckConfig.builder(name)
            .interval(config.checkInterval())
            .timeout(config.timeouts().healthCheck())
            .groups(group);
    if (name.equals(BREAKERS)) {
      b.interval(BREAKERS_INTERVAL).failureAttempts(1).successAttempts(1);
    }
    return b.build();
  }

  /** The circuit breakers' check's name. */
  static final String BREAKERS = "circuit-breakers";
}
