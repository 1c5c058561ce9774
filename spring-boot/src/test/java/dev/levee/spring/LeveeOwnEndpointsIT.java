package dev.levee.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.testkit.LeveeThreads;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Levee's own health JSON on the application's server is switched by {@code
 * levee.spring.endpoints.enabled} alone: it is not Actuator's, so switching Levee's Actuator
 * indicators off ({@code management.health.levee.enabled=false}) leaves it served. A web
 * application's cold start took 40 s on a loaded 2-core machine: 120 s, as {@code
 * LeveeSpringBootIT}.
 */
@Timeout(120)
class LeveeOwnEndpointsIT {
  /** A web application with Levee and nothing else of its own. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {}

  @Test
  void leveesOwnJsonIsServedWithLeveesActuatorIndicatorsOff() throws Exception {
    try (ConfigurableApplicationContext context =
        new SpringApplicationBuilder(App.class)
            .web(WebApplicationType.SERVLET)
            .properties(
                Map.of(
                    "server.port", "0",
                    "server.address", "127.0.0.1",
                    "spring.main.banner-mode", "off",
                    "management.health.levee.enabled", "false",
                    "levee.spring.endpoints.enabled", "true",
                    "levee.shutdown.propagation-delay", "0s"))
            .run()) {
      int port = ((WebServerApplicationContext) context).getWebServer().getPort();
      HttpResponse<String> live =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + port + "/levee/health/live"))
                      .timeout(Duration.ofSeconds(5))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(live.statusCode()).as("GET /levee/health/live").isEqualTo(200);
      assertThat(live.body()).contains("\"status\":\"UP\"");
    }
    LeveeThreads.assertNoneSurvive(Duration.ofSeconds(10));
  }

  @Test
  void withoutTheSwitchNoServletIsRegisteredAtAll() throws Exception {
    try (ConfigurableApplicationContext context =
        new SpringApplicationBuilder(App.class)
            .web(WebApplicationType.SERVLET)
            .properties(
                Map.of(
                    "server.port", "0",
                    "server.address", "127.0.0.1",
                    "spring.main.banner-mode", "off",
                    "levee.shutdown.propagation-delay", "0s"))
            .run()) {
      assertThat(context.containsBean("leveeHealthEndpoints"))
          .as("a disabled registration bean only logs that it was not registered")
          .isFalse();
      int port = ((WebServerApplicationContext) context).getWebServer().getPort();
      HttpResponse<String> live =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + port + "/levee/health/live"))
                      .timeout(Duration.ofSeconds(5))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(live.statusCode()).as("GET /levee/health/live").isEqualTo(404);
    }
    LeveeThreads.assertNoneSurvive(Duration.ofSeconds(10));
  }
}
