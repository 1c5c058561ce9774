package dev.levee.spring;

import dev.levee.config.Levee;
import dev.levee.health.HealthGroup;
import dev.levee.health.HealthMonitor;
import dev.levee.http.servlet.EndpointServlet;
import dev.levee.spring.internal.LeveeHealthContributors;
import dev.levee.spring.internal.LeveeSettings;
import dev.levee.spring.internal.ProbeGroups;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Levee's health in Actuator, when Spring Boot's health module is there: {@code /actuator/health}
 * lists each Levee check under {@code levee}; {@code /actuator/health/liveness} and {@code
 * /actuator/health/readiness} include Levee's {@code live} and {@code ready} groups ({@code
 * leveeLiveness}, {@code leveeReadiness}) beside Spring's availability states. DEGRADED is shown as
 * UP (HTTP 200) with {@code degraded: true} and the reason; DOWN is DOWN (503). Switch it off with
 * {@code management.health.levee.enabled=false}.
 *
 * <p>With {@code levee.spring.endpoints.enabled=true}, Levee's own health JSON (MicroProfile, or
 * IETF on {@code Accept: application/health+json}) is also served on the application's servlet
 * server at {@code levee.spring.endpoints.path} (default {@code /levee/health}).
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

  /** Levee's own health JSON on the application's servlet server, when asked for. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnClass({ServletRegistrationBean.class, EndpointServlet.class})
  static class Endpoints {
    /**
     * The servlet, registered only with {@code levee.spring.endpoints.enabled=true}.
     *
     * @param levee Levee
     * @param leveeSettings where to serve
     * @return the registration
     */
    @Bean
    ServletRegistrationBean<EndpointServlet> leveeHealthEndpoints(
        Levee levee, LeveeSettings leveeSettings) {
      String path = leveeSettings.spring().endpointsPath();
      ServletRegistrationBean<EndpointServlet> r =
          new ServletRegistrationBean<>(
              new EndpointServlet(
                  dev.levee.health.HealthEndpoints.builder(levee.health()).basePath(path).build()),
              path,
              path + "/*");
      r.setName("leveeHealthEndpoints");
      r.setEnabled(leveeSettings.spring().endpoints());
      return r;
    }
  }
}
