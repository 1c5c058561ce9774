package dev.levee.spring;

import dev.levee.config.Levee;
import dev.levee.config.LeveeConfig;
import dev.levee.core.Bulkhead;
import dev.levee.core.BulkheadConfig;
import dev.levee.core.CircuitBreakerConfig;
import dev.levee.core.RateLimiterConfig;
import dev.levee.core.Registry;
import dev.levee.core.RetryConfig;
import dev.levee.health.HealthMonitor;
import dev.levee.http.servlet.EndpointServlet;
import dev.levee.spring.internal.BuiltInChecks;
import dev.levee.spring.internal.LeveeLifecycle;
import dev.levee.spring.internal.LeveeRegistrar;
import dev.levee.spring.internal.LeveeSettings;
import dev.levee.spring.internal.ResilientMethods;
import dev.levee.spring.internal.ResilientPostProcessor;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;

/**
 * Levee in a Spring Boot application: {@code levee.*} properties read by {@code levee-config}'s own
 * reader and rules; a {@link Levee} built around the application's {@link MeterRegistry}, opening
 * no port of its own; its registries, health monitor and named pipelines as beans; the {@link
 * Resilient} and per-policy annotations; built-in health checks; and a lifecycle that runs Levee's
 * graceful shutdown when the context closes, before the web server stops. Actuator health is {@link
 * LeveeHealthAutoConfiguration}'s.
 *
 * <p>With {@code levee.spring.endpoints.enabled=true}, Levee's own health JSON (MicroProfile, or
 * IETF on {@code Accept: application/health+json}) is served on the application's servlet server at
 * {@code levee.spring.endpoints.path} (default {@code /levee/health}), with or without Actuator.
 *
 * <p>Built-in health checks ({@code levee.spring.checks.*}, each on by default): {@code db} per
 * {@code DataSource}, {@code disk} and {@code deadlocks} run every {@code
 * levee.health.check-interval} (default 5s) and change status after 3 failing results; {@code
 * circuit-breakers} runs every second and shows an open breaker (DEGRADED) at its first result,
 * since it only reads the breakers' states. {@code levee.health.checks.<name>} replaces a check's
 * schedule.
 *
 * <p>Beans: {@code levee} ({@link Levee}), {@code leveeConfig}, {@code leveeCircuitBreakers},
 * {@code leveeRetries}, {@code leveeRateLimiters}, {@code leveeBulkheads} (the registries), {@code
 * leveeHealthMonitor}, and one {@code Pipeline} bean per {@code levee.pipelines} entry, named as
 * the pipeline.
 */
@AutoConfiguration(
    afterName = {
      "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration"
    })
public class LeveeAutoConfiguration {
  /** Creates the configuration (Spring Boot does). */
  public LeveeAutoConfiguration() {}

  /**
   * Reads the properties first, registers the settings and the pipelines' beans.
   *
   * @return the registrar
   */
  @Bean
  @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
  public static LeveeRegistrar leveeRegistrar() {
    return new LeveeRegistrar();
  }

  /**
   * Proxies beans with Levee's annotations, checking them as they are created.
   *
   * @param levee Levee, asked for when the first annotated bean is created
   * @return the post-processor
   */
  @Bean
  @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
  public static ResilientPostProcessor leveeResilientPostProcessor(ObjectProvider<Levee> levee) {
    return new ResilientPostProcessor(new ResilientMethods(levee::getObject));
  }

  /**
   * Levee's configuration, from the {@code levee.*} properties.
   *
   * @param leveeSettings what the properties say
   * @return the configuration
   */
  @Bean
  public LeveeConfig leveeConfig(LeveeSettings leveeSettings) {
    return leveeSettings.config();
  }

  /**
   * Levee, built around the application's meter registry (the primary one, a composite where there
   * are several), without servers or a JVM shutdown hook: the context's lifecycle closes it.
   * Without a meter registry bean, Levee keeps its own Prometheus registry ({@code
   * levee.meterRegistry()}).
   *
   * <p>Its graceful close is the lifecycle's ({@link LeveeLifecycle}); destroying the bean closes
   * it at once ({@link Levee#closeNow()}), which does nothing after that close and closes
   * everything when the context fails before the lifecycle bean exists (a check registered early
   * has started the monitor's threads).
   *
   * @param leveeSettings what the properties say
   * @param meterRegistry the application's registry, if any
   * @return Levee
   */
  @Bean(destroyMethod = "closeNow")
  public Levee levee(LeveeSettings leveeSettings, ObjectProvider<MeterRegistry> meterRegistry) {
    Levee.Builder b = Levee.builder(leveeSettings.config()).servers(false).shutdownHook(false);
    MeterRegistry registry = meterRegistry.getIfUnique();
    if (registry != null) {
      b.meterRegistry(registry);
    }
    return b.start();
  }

  /**
   * Runs Levee's graceful shutdown with the context, and marks its startup done when the
   * application is ready.
   *
   * @param levee Levee
   * @param events publishes Spring's readiness change
   * @return the lifecycle
   */
  @Bean
  public LeveeLifecycle leveeLifecycle(Levee levee, ApplicationEventPublisher events) {
    return new LeveeLifecycle(levee, events);
  }

  /**
   * Registers the built-in health checks once every bean exists.
   *
   * @param levee Levee
   * @param leveeSettings which checks are on
   * @param beans where the data sources are found
   * @return the registrar
   */
  @Bean
  public BuiltInChecks leveeBuiltInChecks(
      Levee levee, LeveeSettings leveeSettings, ListableBeanFactory beans) {
    return new BuiltInChecks(levee, leveeSettings.spring(), beans);
  }

  /**
   * The circuit breakers.
   *
   * @param levee Levee
   * @return the registry
   */
  @Bean
  public Registry<dev.levee.core.CircuitBreaker, CircuitBreakerConfig> leveeCircuitBreakers(
      Levee levee) {
    return levee.circuitBreakers();
  }

  /**
   * The retries.
   *
   * @param levee Levee
   * @return the registry
   */
  @Bean
  public Registry<dev.levee.core.Retry, RetryConfig> leveeRetries(Levee levee) {
    return levee.retries();
  }

  /**
   * The rate limiters.
   *
   * @param levee Levee
   * @return the registry
   */
  @Bean
  public Registry<dev.levee.core.RateLimiter, RateLimiterConfig> leveeRateLimiters(Levee levee) {
    return levee.rateLimiters();
  }

  /**
   * The bulkheads.
   *
   * @param levee Levee
   * @return the registry
   */
  @Bean
  public Registry<Bulkhead, BulkheadConfig> leveeBulkheads(Levee levee) {
    return levee.bulkheads();
  }

  /**
   * The adaptive limiters.
   *
   * @param levee Levee
   * @return the registry
   */
  @Bean
  public Registry<dev.levee.core.AdaptiveLimiter, dev.levee.core.AdaptiveLimiterConfig>
      leveeAdaptiveLimiters(Levee levee) {
    return levee.adaptiveLimiters();
  }

  /**
   * The keyed rate limiters.
   *
   * @param levee Levee
   * @return the registry
   */
  @Bean
  public Registry<dev.levee.core.KeyedRateLimiter<Object>, dev.levee.core.KeyedRateLimiterConfig>
      leveeKeyedRateLimiters(Levee levee) {
    return levee.keyedRateLimiters();
  }

  /**
   * The hedges.
   *
   * @param levee Levee
   * @return the registry
   */
  @Bean
  public Registry<dev.levee.core.Hedge, dev.levee.core.HedgeConfig> leveeHedges(Levee levee) {
    return levee.hedges();
  }

  /**
   * The health monitor: register the application's own checks here.
   *
   * @param levee Levee
   * @return the monitor
   */
  @Bean
  public HealthMonitor leveeHealthMonitor(Levee levee) {
    return levee.health();
  }

  /**
   * Levee's own health JSON on the application's servlet server, when asked for: without {@code
   * levee.spring.endpoints.enabled=true} there is no servlet bean at all (a disabled registration
   * would only log that it was not registered). Independent of Actuator and of {@code
   * management.health.levee.enabled}. A value other than true or false is reported by {@link
   * LeveeSettings} with the other properties' problems.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnClass({ServletRegistrationBean.class, EndpointServlet.class})
  @ConditionalOnBooleanProperty("levee.spring.endpoints.enabled")
  static class Endpoints {
    /**
     * The servlet.
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
      return r;
    }
  }
}
