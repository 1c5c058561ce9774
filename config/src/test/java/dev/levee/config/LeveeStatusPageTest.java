package dev.levee.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.testkit.LeveeThreads;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Levee's health server also serves the status page, over Levee's own registries. */
@Timeout(60)
class LeveeStatusPageTest {
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private HttpResponse<String> get(int port, String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theHealthPortServesTheStatusPageAndItsJson() throws Exception {
    LeveeConfig config =
        LeveeConfig.load(
            """
            resilience:
              circuit_breaker: { instances: { db: { failure_threshold: 3 } } }
            health: { http: { port: 0, bind_address: 127.0.0.1 } }
            metrics: { enabled: false }
            shutdown: { propagation_delay: 0s }
            """);
    try (Levee levee = Levee.start(config)) {
      int port = levee.healthPort().orElseThrow();
      assertThat(levee.statusPage().basePath()).isEqualTo("/status");
      HttpResponse<String> page = get(port, "/status");
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).contains("<tr data-breaker=\"db\">");
      HttpResponse<String> json = get(port, "/status/status.json");
      assertThat(json.statusCode()).isEqualTo(200);
      assertThat(json.body())
          .startsWith("{\"version\":1,")
          .contains("{\"name\":\"db\",\"state\":\"CLOSED\"");
    }
    LeveeThreads.assertNoneSurvive(Duration.ofSeconds(10));
  }
}
