package dev.levee.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.config.Levee;
import dev.levee.testkit.LeveeThreads;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Spring's readiness follows Levee's drain in an application without a web server too (a web
 * server's context turns readiness itself when it closes; a plain one does not).
 */
@Timeout(60)
class LeveeLifecycleIT {
  /** Levee and nothing else of the application's. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {}

  @Test
  void springsReadinessRefusesTrafficWhileLeveeDrainsWithoutAWebServer() {
    ConfigurableApplicationContext context =
        new SpringApplicationBuilder(App.class)
            .web(WebApplicationType.NONE)
            .properties(
                Map.of("spring.main.banner-mode", "off", "levee.shutdown.propagation-delay", "0s"))
            .run();
    ApplicationAvailability availability = context.getBean(ApplicationAvailability.class);
    assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.ACCEPTING_TRAFFIC);
    List<ReadinessState> duringDrain = new CopyOnWriteArrayList<>();
    context
        .getBean(Levee.class)
        .drainOnShutdown(
            "probe",
            () -> {
              if (duringDrain.isEmpty()) {
                duringDrain.add(availability.getReadinessState());
              }
              return 0;
            });
    context.close();
    assertThat(duringDrain).containsExactly(ReadinessState.REFUSING_TRAFFIC);
    LeveeThreads.assertNoneSurvive(Duration.ofSeconds(10));
  }
}
