package dev.levee.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.spring.annotated.FlakyGreeting;
import dev.levee.spring.annotated.Greeting;
import dev.levee.testkit.LeveeThreads;
import java.lang.reflect.Proxy;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * An annotation on an interface's method, or on a superclass's method that a bean overrides, guards
 * the bean's method: startup checks such methods as guarded, so calls must be guarded too.
 */
@Timeout(60)
class InheritedAnnotationsIT {
  /** The context: Levee and one bean that inherits its annotations. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {
    @Bean
    FlakyGreeting greeting() {
      return new FlakyGreeting();
    }
  }

  /** Attempts of the JDK proxy's {@code hello()}. */
  static final AtomicInteger PROXY_ATTEMPTS = new AtomicInteger();

  /**
   * A bean that is a JDK proxy of the annotated interface, as an HTTP interface client or a
   * repository is: Spring advises it through the interface, so its proxy class being final is no
   * problem.
   */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class JdkProxyApp {
    @Bean
    Greeting greeting() {
      return (Greeting)
          Proxy.newProxyInstance(
              Greeting.class.getClassLoader(),
              new Class<?>[] {Greeting.class},
              (proxy, method, args) -> {
                if (!method.getName().equals("hello")) {
                  return method.invoke(this, args);
                }
                if (PROXY_ATTEMPTS.incrementAndGet() <= 2) {
                  throw new SocketTimeoutException("slow");
                }
                return "hello from a proxy";
              });
    }
  }

  private static final Map<String, Object> PROPERTIES =
      Map.of(
          "spring.main.banner-mode", "off",
          "levee.resilience.retry.instances.twice.max-retries", "2",
          "levee.resilience.retry.instances.twice.backoff.initial", "1ms",
          "levee.shutdown.propagation-delay", "0s");

  @Test
  void aJdkProxyOfAnAnnotatedInterfaceIsGuarded() throws Exception {
    try (ConfigurableApplicationContext context =
        new SpringApplicationBuilder(JdkProxyApp.class)
            .web(WebApplicationType.NONE)
            .properties(PROPERTIES)
            .run()) {
      assertThat(context.getBean(Greeting.class).hello()).isEqualTo("hello from a proxy");
      assertThat(PROXY_ATTEMPTS).as("@Retry on Greeting.hello retries the proxy").hasValue(3);
    }
    LeveeThreads.assertNoneSurvive(Duration.ofSeconds(10));
  }

  @Test
  void anInterfacesOrSuperclassesMethodAnnotationGuardsTheOverride() throws Exception {
    try (ConfigurableApplicationContext context =
        new SpringApplicationBuilder(App.class)
            .web(WebApplicationType.NONE)
            .properties(
                Map.of(
                    "spring.main.banner-mode", "off",
                    "levee.resilience.retry.instances.twice.max-retries", "2",
                    "levee.resilience.retry.instances.twice.backoff.initial", "1ms",
                    "levee.shutdown.propagation-delay", "0s"))
            .run()) {
      assertThat(context.getBean(Greeting.class).hello()).isEqualTo("hello");
      assertThat(FlakyGreeting.HELLO_ATTEMPTS)
          .as("@Retry on Greeting.hello retries the implementation")
          .hasValue(3);
      assertThat(context.getBean(FlakyGreeting.class).farewell()).isEqualTo("bye");
      assertThat(FlakyGreeting.FAREWELL_ATTEMPTS)
          .as("@Retry on PoliteBase.farewell retries the override")
          .hasValue(3);
    }
    LeveeThreads.assertNoneSurvive(Duration.ofSeconds(10));
  }
}
