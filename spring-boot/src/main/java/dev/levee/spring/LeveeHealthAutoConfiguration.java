package dev.levee.spring;

import dev.levee.health.HealthGroup;
import dev.levee.health.HealthMonitor;
import dev.levee.spring.internal.LeveeHealthContributors;
import dev.levee.spring.internal.ProbeGroups;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Levee's health in Actuator, when Spring Boot's health module is there: {@code /actuator/health}
 * lists each Levee check under {@code levee}; {@code /actuator/health/liveness} and {@code
 * /actuator/health/readiness} include Levee's {@code live} and {@code ready} groups ({@code
 * leveeLiveness}, {@code leveeReadiness}) beside Spring's availability states. DEGRADED is shown as
 * UP (HTTP 200) with {@code degraded: true} and the reason; DOWN is DOWN (503). Switch it off with
 * {@code management.health.levee.enabled=false}. Levee's own health JSON ({@code
 * levee.spring.endpoints.enabled}) is {@link LeveeAutoConfiguration}'s, and does not depend on it.
 */
@AutoConfiguration(after = LeveeAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty(
    name = "management.health.levee.enabled",
    matchIfMissing = true)
public class LeveeHealthAutoConfiguration {
  /** Creates the configuration (Spring Boot does). */
  public LeveeHealthAutoConfiguration() {}

  /**
   * Every Levee check, under {@code levee} in {@code /actuator/health}.
   *
   * @param leveeHealthMonitor the monitor
   * @return the composite
   */
  @Bean
  public CompositeHealthContributor leveeHealthContributor(HealthMonitor leveeHealthMonitor) {
    return LeveeHealthContributors.checks(leveeHealthMonitor);
  }

  /**
   * Levee's liveness group, for {@code /actuator/health/liveness}.
   *
   * @param leveeHealthMonitor the monitor
   * @return the indicator
   */
  @Bean
  public HealthIndicator leveeLivenessHealthIndicator(HealthMonitor leveeHealthMonitor) {
    return LeveeHealthContributors.group(leveeHealthMonitor, HealthGroup.LIVE);
  }

  /**
   * Levee's readiness group, for {@code /actuator/health/readiness}.
   *
   * @param leveeHealthMonitor the monitor
   * @return the indicator
   */
  @Bean
  public HealthIndicator leveeReadinessHealthIndicator(HealthMonitor leveeHealthMonitor) {
    return LeveeHealthContributors.group(leveeHealthMonitor, HealthGroup.READY);
  }

  /**
   * Actuator's probe groups, when its endpoints are there ({@code spring-boot-health} alone does
   * not bring them).
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.SecurityContext")
  static class Probes {
    /**
     * Puts the two group indicators into Actuator's probe groups.
     *
     * @return the post-processor
     */
    @Bean
    static HealthEndpointGroupsPostProcessor leveeProbeGroups() {
      return new ProbeGroups();
    }
  }
}
