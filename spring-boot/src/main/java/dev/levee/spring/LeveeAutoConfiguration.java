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
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Role;

/**
 * Levee in a Spring Boot application: {@code levee.*} properties read by {@code levee-config}'s own
 * reader and rules; a {@link Levee} built around the application's {@link MeterRegistry}, opening
 * no port of its own; its registries, health monitor and named pipelines as beans; the {@link
 * Resilient} and per-policy annotations; built-in health checks; and a lifecycle that runs Levee's
 * graceful shutdown when the context closes, before the web server stops. Actuator health is {@link
 * LeveeHealthAutoConfiguration}'s.
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
   * @param leveeSettings what the properties say
   * @param meterRegistry the application's registry, if any
   * @return Levee
   */
  @Bean(destroyMethod = "")
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
}
