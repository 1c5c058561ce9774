package dev.levee.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levee.core.Bulkhead;
import dev.levee.core.BulkheadConfig;
import dev.levee.core.CircuitBreaker;
import dev.levee.core.CircuitBreakerConfig;
import dev.levee.core.RateLimiter;
import dev.levee.core.RateLimiterConfig;
import dev.levee.core.Retry;
import dev.levee.core.RetryConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * levee-health is optional for levee-metrics: a service without it binds every other family. Here
 * the metrics classes are loaded by a class loader of their own that hides levee-health (and the
 * Jackson it brings) and records every class they ask for, as a service without levee-health on its
 * class path would load them; {@link BindsCoreFamilies} binds through it in plain code, not
 * reflection (which would resolve every method's parameter types, the health ones too).
 */
class MetricsWithoutHealthTest {
  /** Binds the four core families to a registry; run with the metrics classes of the loader. */
  public static final class BindsCoreFamilies implements Consumer<MeterRegistry> {
    /** Creates the binder. */
    public BindsCoreFamilies() {}

    @Override
    public void accept(MeterRegistry registry) {
      var breakers = CircuitBreaker.registry(CircuitBreakerConfig.defaults());
      breakers.getOrCreate("db");
      var retries = Retry.registry(RetryConfig.defaults());
      retries.getOrCreate("db");
      var limiters = RateLimiter.registry(RateLimiterConfig.builder("default").build());
      limiters.getOrCreate("api");
      var bulkheads = Bulkhead.registry(BulkheadConfig.builder("default").build());
      bulkheads.getOrCreate("db");
      LeveeMetrics.builder()
          .circuitBreakers(breakers)
          .retries(retries)
          .rateLimiters(limiters)
          .bulkheads(bulkheads)
          .build()
          .bindTo(registry);
    }
  }

  /** Binds a health monitor: the control, which needs levee-health. */
  public static final class BindsHealth implements Consumer<MeterRegistry> {
    /** Creates the binder. */
    public BindsHealth() {}

    @Override
    public void accept(MeterRegistry registry) {
      LeveeMetrics.builder()
          .health(dev.levee.health.HealthMonitor.builder().build())
          .build()
          .bindTo(registry);
    }
  }

  /** Loads {@code dev.levee.metrics.*} itself; refuses levee-health and Jackson. */
  static final class WithoutHealth extends URLClassLoader {
    final Set<String> asked = ConcurrentHashMap.newKeySet();

    WithoutHealth() {
      super(
          new URL[] {
            LeveeMetrics.class.getProtectionDomain().getCodeSource().getLocation(),
            MetricsWithoutHealthTest.class.getProtectionDomain().getCodeSource().getLocation()
          },
          MetricsWithoutHealthTest.class.getClassLoader());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      asked.add(name);
      if (name.startsWith("dev.levee.health.") || name.startsWith("com.fasterxml.jackson.")) {
        throw new ClassNotFoundException(name + " (levee-health is hidden from this class loader)");
      }
      if (!name.startsWith("dev.levee.metrics.")) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> c = findLoadedClass(name);
        if (c == null) {
          c = findClass(name);
        }
        if (resolve) {
          resolveClass(c);
        }
        return c;
      }
    }
  }

  @Test
  void everyCoreFamilyIsBoundWithoutLoadingAHealthClass() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (WithoutHealth loader = new WithoutHealth()) {
      Class<?> binds = Class.forName(BindsCoreFamilies.class.getName(), true, loader);
      assertThat(binds.getClassLoader()).isSameAs(loader);
      @SuppressWarnings("unchecked")
      Consumer<MeterRegistry> bind = (Consumer<MeterRegistry>) binds.getConstructor().newInstance();
      bind.accept(registry);
      assertThat(loader.asked)
          .as("the binding ran on this loader's metrics classes")
          .contains(LeveeMetrics.class.getName(), CircuitBreakerMetrics.class.getName());
      assertThat(loader.asked)
          .as("health or Jackson classes asked for")
          .noneMatch(n -> n.startsWith("dev.levee.health.") || n.startsWith("com.fasterxml."));
    }
    assertThat(registry.find("circuitbreaker.state").tag("name", "db").gauge()).isNotNull();
    assertThat(registry.find("retry.calls").tag("name", "db").functionCounter()).isNotNull();
    assertThat(registry.find("bulkhead.max.allowed").tag("name", "db").gauge()).isNotNull();
  }

  @Test
  void theLoaderRefusesAHealthClassWhenBindingReachesForOne() throws Exception {
    // The control for the test above: binding a health monitor needs levee-health, and without it
    // fails on the first health class, which this loader sees asked for.
    try (WithoutHealth loader = new WithoutHealth()) {
      @SuppressWarnings("unchecked")
      Consumer<MeterRegistry> bind =
          (Consumer<MeterRegistry>)
              Class.forName(BindsHealth.class.getName(), true, loader)
                  .getConstructor()
                  .newInstance();
      assertThatThrownBy(() -> bind.accept(new SimpleMeterRegistry()))
          .isInstanceOf(NoClassDefFoundError.class)
          .hasMessageContaining("dev/levee/health/");
      assertThat(loader.asked).anyMatch(n -> n.startsWith("dev.levee.health."));
    }
  }
}
