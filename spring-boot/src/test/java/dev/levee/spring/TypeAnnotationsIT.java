package dev.levee.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.config.Levee;
import dev.levee.spring.annotated.OrdersDao;
import dev.levee.testkit.LeveeThreads;
import io.micrometer.core.instrument.FunctionCounter;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * An annotation on a type guards the methods the type (or a subclass) declares, as Spring's
 * {@code @Transactional} on a class does, not those it inherits from an unannotated superclass: a
 * framework base class's public final methods do not fail startup.
 */
@Timeout(60)
class TypeAnnotationsIT {
  /** Levee and one bean guarded at its type, extending a framework-like base class. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {
    @Bean
    OrdersDao ordersDao() {
      return new OrdersDao();
    }
  }

  private static double calls(Levee levee) {
    FunctionCounter c =
        levee
            .meterRegistry()
            .find("circuitbreaker.requests")
            .tags("name", "default", "result", "successful")
            .functionCounter();
    return c == null ? 0 : c.count();
  }

  @Test
  void aTypeAnnotationGuardsWhatTheTypeDeclaresNotWhatItInherits() {
    try (ConfigurableApplicationContext context =
        new SpringApplicationBuilder(App.class)
            .web(WebApplicationType.NONE)
            .properties(
                Map.of("spring.main.banner-mode", "off", "levee.shutdown.propagation-delay", "0s"))
            .run()) {
      OrdersDao dao = context.getBean(OrdersDao.class);
      Levee levee = context.getBean(Levee.class);
      double before = calls(levee);
      assertThat(dao.find()).isEqualTo("found");
      assertThat(calls(levee) - before).as("its own method, through the breaker").isEqualTo(1.0);
      assertThat(dao.inherited()).isEqualTo("inherited");
      assertThat(dao.frameworkName()).isEqualTo("framework");
      assertThat(calls(levee) - before).as("inherited methods, straight through").isEqualTo(1.0);
    }
    LeveeThreads.assertNoneSurvive(Duration.ofSeconds(10));
  }
}
