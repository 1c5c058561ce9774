package dev.levee.benchmarks;

import dev.levee.spring.LeveeAutoConfiguration;
import dev.levee.spring.Resilient;
import io.github.resilience4j.common.bulkhead.configuration.CommonBulkheadConfigurationProperties;
import io.github.resilience4j.common.bulkhead.configuration.CommonThreadPoolBulkheadConfigurationProperties;
import io.github.resilience4j.common.circuitbreaker.configuration.CommonCircuitBreakerConfigurationProperties;
import io.github.resilience4j.common.ratelimiter.configuration.CommonRateLimiterConfigurationProperties;
import io.github.resilience4j.common.retry.configuration.CommonRetryConfigurationProperties;
import io.github.resilience4j.spring6.bulkhead.configure.BulkheadConfiguration;
import io.github.resilience4j.spring6.bulkhead.configure.BulkheadConfigurationProperties;
import io.github.resilience4j.spring6.bulkhead.configure.threadpool.ThreadPoolBulkheadConfiguration;
import io.github.resilience4j.spring6.circuitbreaker.configure.CircuitBreakerConfiguration;
import io.github.resilience4j.spring6.circuitbreaker.configure.CircuitBreakerConfigurationProperties;
import io.github.resilience4j.spring6.fallback.configure.FallbackConfiguration;
import io.github.resilience4j.spring6.ratelimiter.configure.RateLimiterConfiguration;
import io.github.resilience4j.spring6.ratelimiter.configure.RateLimiterConfigurationProperties;
import io.github.resilience4j.spring6.retry.configure.RetryConfiguration;
import io.github.resilience4j.spring6.retry.configure.RetryConfigurationProperties;
import io.github.resilience4j.spring6.spelresolver.configure.SpelResolverConfiguration;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.EnableAspectJAutoProxy;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.MapPropertySource;

/**
 * An annotated bean method called through Spring's proxy, with the chain retry, circuit breaker
 * (count window 100), rate limiter (10^9 per second, no wait) and bulkhead (25 places, no wait):
 * Levee's {@code @Resilient} (one advisor, Spring AOP without AspectJ, {@code levee-spring-boot}'s
 * auto-configuration imported) against Resilience4j 2.4's {@code resilience4j-spring6} aspects
 * ({@code @Retry @CircuitBreaker @RateLimiter @Bulkhead}, AspectJ-style advice). Both in a plain
 * Spring Framework 7 context: Resilience4j ships its Spring Boot integration for Boot 3 only
 * ({@code resilience4j-spring-boot3}), so to compare like with like on Boot 4's Spring neither uses
 * Boot's auto-configuration machinery, only its configuration classes and beans. The baseline is
 * the same method on a bean without a proxy; the work inside is the same trivial arithmetic.
 *
 * <p>One run ({@code -prof gc}, 5 x 1 s, this 2-core machine): baseline 1.1 ns; Levee 117 ns and
 * 248 B a call (Spring's invocation, the argument array, the call's lambda); Resilience4j 5672 ns
 * and 6464 B: Levee's added cost is about 2% of Resilience4j's.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SpringAspectBenchmark {
  /** The work, unguarded. */
  public static class Plain {
    /** For the proxies' subclasses. */
    public Plain() {}

    /**
     * Trivial work.
     *
     * @param i an input
     * @return a result
     */
    public int work(int i) {
      return i * 31 + 7;
    }
  }

  /** The work through Levee's pipeline {@code bench}. */
  public static class LeveeGuarded {
    /** For the proxy's subclass. */
    public LeveeGuarded() {}

    /**
     * Trivial work.
     *
     * @param i an input
     * @return a result
     */
    @Resilient("bench")
    public int work(int i) {
      return i * 31 + 7;
    }
  }

  /** The work through Resilience4j's four aspects. */
  public static class Resilience4jGuarded {
    /** For the proxy's subclass. */
    public Resilience4jGuarded() {}

    /**
     * Trivial work.
     *
     * @param i an input
     * @return a result
     */
    @io.github.resilience4j.retry.annotation.Retry(name = "bench")
    @io.github.resilience4j.circuitbreaker.annotation.CircuitBreaker(name = "bench")
    @io.github.resilience4j.ratelimiter.annotation.RateLimiter(name = "bench")
    @io.github.resilience4j.bulkhead.annotation.Bulkhead(name = "bench")
    public int work(int i) {
      return i * 31 + 7;
    }
  }

  /** Levee's side: its auto-configuration and the bean. */
  @Configuration(proxyBeanMethods = false)
  @Import(LeveeAutoConfiguration.class)
  public static class LeveeContext {
    /** Spring makes it. */
    public LeveeContext() {}

    /**
     * The guarded bean.
     *
     * @return the bean
     */
    @Bean
    public LeveeGuarded leveeGuarded() {
      return new LeveeGuarded();
    }
  }

  /** Resilience4j's side: its Spring configurations, its properties, and the bean. */
  @Configuration(proxyBeanMethods = false)
  @EnableAspectJAutoProxy(proxyTargetClass = true)
  @Import({
    CircuitBreakerConfiguration.class,
    RetryConfiguration.class,
    RateLimiterConfiguration.class,
    BulkheadConfiguration.class,
    ThreadPoolBulkheadConfiguration.class,
    FallbackConfiguration.class,
    SpelResolverConfiguration.class
  })
  public static class Resilience4jContext {
    /** Spring makes it. */
    public Resilience4jContext() {}

    /**
     * The breaker: a count window of 100, as Levee's.
     *
     * @return the properties
     */
    @Bean
    public CircuitBreakerConfigurationProperties circuitBreakerProperties() {
      CircuitBreakerConfigurationProperties p = new CircuitBreakerConfigurationProperties();
      p.getInstances()
          .put(
              "bench",
              new CommonCircuitBreakerConfigurationProperties.InstanceProperties()
                  .setSlidingWindowSize(100)
                  .setMinimumNumberOfCalls(100)
                  .setFailureRateThreshold(50f)
                  .setWaitDurationInOpenState(Duration.ofSeconds(30)));
      return p;
    }

    /**
     * Three attempts, as Levee's two retries.
     *
     * @return the properties
     */
    @Bean
    public RetryConfigurationProperties retryProperties() {
      RetryConfigurationProperties p = new RetryConfigurationProperties();
      p.getInstances()
          .put(
              "bench",
              new CommonRetryConfigurationProperties.InstanceProperties()
                  .setMaxAttempts(3)
                  .setWaitDuration(Duration.ofMillis(50)));
      return p;
    }

    /**
     * 10^9 a second, no wait.
     *
     * @return the properties
     */
    @Bean
    public RateLimiterConfigurationProperties rateLimiterProperties() {
      RateLimiterConfigurationProperties p = new RateLimiterConfigurationProperties();
      p.getInstances()
          .put(
              "bench",
              new CommonRateLimiterConfigurationProperties.InstanceProperties()
                  .setLimitForPeriod(1_000_000_000)
                  .setLimitRefreshPeriod(Duration.ofSeconds(1))
                  .setTimeoutDuration(Duration.ZERO));
      return p;
    }

    /**
     * 25 places, no wait.
     *
     * @return the properties
     */
    @Bean
    public BulkheadConfigurationProperties bulkheadProperties() {
      BulkheadConfigurationProperties p = new BulkheadConfigurationProperties();
      p.getInstances()
          .put(
              "bench",
              new CommonBulkheadConfigurationProperties.InstanceProperties()
                  .setMaxConcurrentCalls(25)
                  .setMaxWaitDuration(Duration.ZERO));
      return p;
    }

    /**
     * Unused, but Resilience4j's bulkhead aspect asks for its registry.
     *
     * @return the properties
     */
    @Bean
    public CommonThreadPoolBulkheadConfigurationProperties threadPoolBulkheadProperties() {
      return new CommonThreadPoolBulkheadConfigurationProperties();
    }

    /**
     * The guarded bean.
     *
     * @return the bean
     */
    @Bean
    public Resilience4jGuarded resilience4jGuarded() {
      return new Resilience4jGuarded();
    }
  }

  private AnnotationConfigApplicationContext levee;
  private AnnotationConfigApplicationContext resilience4j;
  private Plain plain;
  private LeveeGuarded leveeBean;
  private Resilience4jGuarded resilience4jBean;
  private int i;

  /** Starts both contexts. */
  @Setup
  public void setUp() {
    levee = new AnnotationConfigApplicationContext();
    levee
        .getEnvironment()
        .getPropertySources()
        .addFirst(
            new MapPropertySource(
                "bench",
                Map.ofEntries(
                    Map.entry("levee.resilience.retry.instances.bench.max-retries", "2"),
                    Map.entry("levee.resilience.retry.instances.bench.backoff.initial", "50ms"),
                    Map.entry(
                        "levee.resilience.circuit-breaker.instances.bench.count-window", "100"),
                    Map.entry(
                        "levee.resilience.circuit-breaker.instances.bench.minimum-calls", "100"),
                    Map.entry(
                        "levee.resilience.circuit-breaker.instances.bench.failure-rate-threshold",
                        "50"),
                    Map.entry(
                        "levee.resilience.rate-limiter.instances.bench.permits", "1000000000"),
                    Map.entry("levee.resilience.rate-limiter.instances.bench.period", "1s"),
                    Map.entry("levee.resilience.bulkhead.instances.bench.max-concurrent", "25"),
                    Map.entry("levee.pipelines.bench.retry", "bench"),
                    Map.entry("levee.pipelines.bench.circuit-breaker", "bench"),
                    Map.entry("levee.pipelines.bench.rate-limiter", "bench"),
                    Map.entry("levee.pipelines.bench.bulkhead", "bench"),
                    Map.entry("levee.spring.checks.data-source", "false"),
                    Map.entry("levee.spring.checks.circuit-breakers", "false"),
                    Map.entry("levee.spring.checks.disk", "false"),
                    Map.entry("levee.spring.checks.deadlocks", "false"),
                    Map.entry("levee.shutdown.propagation-delay", "0s"))));
    levee.register(LeveeContext.class);
    levee.refresh();
    leveeBean = levee.getBean(LeveeGuarded.class);
    resilience4j = new AnnotationConfigApplicationContext(Resilience4jContext.class);
    resilience4jBean = resilience4j.getBean(Resilience4jGuarded.class);
    plain = new Plain();
  }

  /** Closes both. */
  @TearDown
  public void tearDown() {
    levee.close();
    resilience4j.close();
  }

  /**
   * The method on a plain bean.
   *
   * @return the result
   */
  @Benchmark
  public int baselineCall() {
    return plain.work(i++);
  }

  /**
   * Through Levee's proxy and pipeline.
   *
   * @return the result
   */
  @Benchmark
  public int leveeCall() {
    return leveeBean.work(i++);
  }

  /**
   * Through Resilience4j's proxy and aspects.
   *
   * @return the result
   */
  @Benchmark
  public int resilience4jCall() {
    return resilience4jBean.work(i++);
  }
}
