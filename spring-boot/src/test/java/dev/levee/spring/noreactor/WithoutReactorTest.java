package dev.levee.spring.noreactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levee.testkit.LeveeThreads;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * The module without Reactor on the class path: it loads, and annotations on plain and asynchronous
 * methods work. Run by its own surefire execution ({@code without-reactor}), whose class path
 * leaves reactor-core out; the default execution skips it.
 */
@Timeout(60)
class WithoutReactorTest {
  /** Levee and one guarded bean. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {
    @Bean
    Quotes quotes() {
      return new Quotes();
    }
  }

  @Test
  void reactorIsAbsentAndGuardedMethodsStillWork() throws Exception {
    assertThatThrownBy(() -> Class.forName("reactor.core.publisher.Mono"))
        .as("this execution's class path leaves Reactor out")
        .isInstanceOf(ClassNotFoundException.class);
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
      Quotes quotes = context.getBean(Quotes.class);
      assertThat(quotes.quote(7)).isEqualTo("cached 7 (down)");
      assertThat(quotes.asyncTwiceThenOk().get(10, TimeUnit.SECONDS)).isEqualTo("ok");
      assertThat(Quotes.ASYNC_ATTEMPTS).as("retried on Levee's scheduler").hasValue(3);
    }
    LeveeThreads.assertNoneSurvive(Duration.ofSeconds(10));
  }
}
