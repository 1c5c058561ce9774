package dev.levee.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.config.Levee;
import dev.levee.spring.annotated.Flaky;
import dev.levee.testkit.LeveeThreads;
import io.micrometer.core.instrument.FunctionCounter;
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

/** The per-policy annotations in a plain (non-web) Boot context. */
@Timeout(60)
class ResilientAnnotationsIT {
  /** The context: Levee and one annotated bean. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {
    @Bean
    Flaky flaky() {
      return new Flaky();
    }
  }

  private static double calls(Levee levee, String breaker) {
    FunctionCounter c =
        levee
            .meterRegistry()
            .find("circuitbreaker.requests")
            .tags("name", breaker, "result", "successful")
            .functionCounter();
    return c == null ? 0 : c.count();
  }

  @Test
  void retriesRepeatTheCallTypeAnnotationsApplyAndMethodAnnotationsReplaceThem() throws Exception {
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
      Flaky flaky = context.getBean(Flaky.class);
      Levee levee = context.getBean(Levee.class);
      assertThat(flaky.twiceThenOk()).isEqualTo("ok");
      assertThat(Flaky.ATTEMPTS).as("each attempt runs the method again").hasValue(3);
      assertThat(flaky.asyncTwiceThenOk().get(10, TimeUnit.SECONDS)).isEqualTo("ok");
      assertThat(Flaky.ASYNC_ATTEMPTS).as("retried on Levee's scheduler").hasValue(3);

      double before = calls(levee, "default");
      assertThat(flaky.ping()).isEqualTo("pong");
      assertThat(calls(levee, "default") - before).as("the type's breaker").isEqualTo(1.0);
      assertThat(flaky.bulk()).isEqualTo("bulk");
      assertThat(calls(levee, "default") - before)
          .as("the method's own annotation replaces the type's")
          .isEqualTo(1.0);
    }
    LeveeThreads.assertNoneSurvive(Duration.ofSeconds(10));
  }
}
