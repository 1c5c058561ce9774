package dev.levee.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levee.testkit.LeveeThreads;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The assembled runtime: what the configuration asks for runs, and close leaves nothing. */
@Timeout(60)
class LeveeTest {
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
  void healthAndMetricsShareAPortWhenConfiguredSoAndCloseLeavesNothing() throws Exception {
    LeveeConfig config =
        LeveeConfig.load(
            """
            resilience:
              circuit_breaker: { instances: { db: { failure_threshold: 3 } } }
            health: { http: { port: 0, bind_address: 127.0.0.1 } }
            metrics: { port: 0, prefix: levee }
            shutdown: { propagation_delay: 0s }
            """);
    int port;
    try (Levee levee = Levee.start(config)) {
      port = levee.healthPort().orElseThrow();
      assertThat(levee.metricsPort()).hasValue(port);
      assertThat(levee.circuitBreakers().find("db")).isPresent();
      assertThat(get(port, "/health/ready").statusCode()).as("starting").isEqualTo(503);
      levee.health().markStarted();
      assertThat(get(port, "/health/ready").statusCode()).isEqualTo(200);
      assertThat(get(port, "/metrics").body())
          .contains(
              "levee_circuitbreaker_state{name=\"db\"} 0.0",
              "levee_health_status{group=\"ready\"} 1.0");
    }
    assertThatThrownBy(
            () -> {
              try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
              }
            })
        .isInstanceOf(ConnectException.class);
    LeveeThreads.assertNoneSurvive(Duration.ofSeconds(10));
  }

  @Test
  void separatePortsAndSwitchedOffParts() throws Exception {
    try (Levee levee =
        Levee.start(
            LeveeConfig.load(
                "health: { http: { enabled: false, bind_address: 127.0.0.1 } }\n"
                    + "metrics: { port: 0, path: /prom }\n"
                    + "shutdown: { propagation_delay: 0s }\n"))) {
      assertThat(levee.healthPort()).isEmpty();
      int port = levee.metricsPort().orElseThrow();
      assertThat(get(port, "/prom").statusCode()).isEqualTo(200);
      assertThat(get(port, "/health").statusCode()).isEqualTo(404);
    }
    try (Levee levee =
        Levee.start(
            LeveeConfig.load(
                "health: { http: { enabled: false } }\nmetrics: { enabled: false }\n"
                    + "shutdown: { propagation_delay: 0s }\n"))) {
      assertThat(levee.healthPort()).isEmpty();
      assertThat(levee.metricsPort()).isEmpty();
      assertThat(levee.prometheus()).isNull();
    }
  }

  @Test
  void closeCalledFromWhatItClosesReturnsInsteadOfWaitingForItself() throws Exception {
    Levee levee =
        Levee.start(
            LeveeConfig.load(
                "health: { http: { port: 0, bind_address: 127.0.0.1 } }\n"
                    + "metrics: { port: 0 }\n"
                    + "shutdown: { propagation_delay: 0s, hook: false }\n"));
    List<String> events = new CopyOnWriteArrayList<>();
    // An application object that owns Levee and closes it in its own close(), registered with it.
    levee.closeOnShutdown(
        "app",
        () -> {
          levee.close();
          events.add("app closed");
        });
    Thread closer = new Thread(levee::close, "test-closer");
    closer.setDaemon(true); // if it deadlocks, it must not keep the test JVM alive
    closer.start();
    closer.join(10_000);
    assertThat(closer.isAlive())
        .as("close() still waiting, for itself, after 10s: %s", List.of(closer.getStackTrace()))
        .isFalse();
    assertThat(events).containsExactly("app closed");
    LeveeThreads.assertNoneSurvive(Duration.ofSeconds(10));
  }

  @Test
  void aTakenPortFailsStartAndClosesWhatStarted() throws IOException {
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      LeveeConfig config =
          LeveeConfig.load(
              "health: { http: { port: 0, bind_address: 127.0.0.1 } }\nmetrics: { port: "
                  + taken.getLocalPort()
                  + " }\n");
      assertThatThrownBy(() -> Levee.start(config))
          .hasMessage(
              "endpoint server: cannot bind 127.0.0.1:"
                  + taken.getLocalPort()
                  + " (Address already in use)");
    }
    LeveeThreads.assertNoneSurvive(Duration.ofSeconds(10));
  }
}
