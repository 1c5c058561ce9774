package dev.levee.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levee.health.HealthResult;
import dev.levee.http.HttpRequest;
import dev.levee.http.HttpResponse;
import dev.levee.http.servlet.EndpointServlet;
import dev.levee.testkit.LeveeThreads;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Levee inside an application: its meter registry, no port of its own, its server. */
@Timeout(60)
class LeveeEmbeddedTest {
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private java.net.http.HttpResponse<String> get(int port, String path) throws Exception {
    return client.send(
        java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(5))
            .build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
  }

  /** A port free now: one the configuration names, to show that nothing listens on it. */
  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void assertNothingListens(int port) {
    assertThatThrownBy(
            () -> {
              try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
              }
            })
        .as("port %d", port)
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void anyRegistryGetsLeveesSeriesNoPortOpensAndTheAppServerServesHealth() throws Exception {
    int healthPort = freePort();
    int metricsPort = freePort();
    LeveeConfig config =
        LeveeConfig.load(
            "resilience: { circuit_breaker: { instances: { db: { failure_threshold: 3 } } },"
                + " retry: { instances: { db: { max_retries: 2 } } } }\n"
                + "health: { http: { port: "
                + healthPort
                + ", bind_address: 127.0.0.1 } }\n"
                + "metrics: { port: "
                + metricsPort
                + " }\n"
                + "shutdown: { propagation_delay: 0s }\n");
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (Levee levee =
        Levee.builder(config).meterRegistry(registry).servers(false).shutdownHook(false).start()) {
      assertThat(levee.meterRegistry()).isSameAs(registry);
      assertThat(levee.prometheus()).isNull();
      assertThat(levee.metricsEndpoint()).isEmpty();
      assertThat(registry.find("circuitbreaker.state").tag("name", "db").gauge())
          .as("the breaker's state gauge in the application's registry")
          .isNotNull();
      assertThat(registry.find("retry.calls").tag("name", "db").functionCounters()).isNotEmpty();
      assertThat(registry.find("health.status").tag("group", "ready").gauge()).isNotNull();
      levee.circuitBreakers().getOrCreate("later");
      assertThat(registry.find("circuitbreaker.state").tag("name", "later").gauge())
          .as("an instance created after start follows")
          .isNotNull();

      assertThat(levee.healthPort()).isEmpty();
      assertThat(levee.metricsPort()).isEmpty();
      assertNothingListens(healthPort);
      assertNothingListens(metricsPort);

      levee
          .health()
          .register(
              dev.levee.health.HealthCheckConfig.builder("db")
                  .interval(Duration.ofMillis(50))
                  .build(),
              HealthResult::up);
      // The application's server: Jetty, with Levee's health endpoint mounted as a servlet.
      Server jetty = new Server();
      ServerConnector connector = new ServerConnector(jetty);
      connector.setHost("127.0.0.1");
      connector.setPort(0);
      jetty.addConnector(connector);
      ServletContextHandler context = new ServletContextHandler("/");
      ServletHolder holder = new ServletHolder(new EndpointServlet(levee.healthEndpoint()));
      context.addServlet(holder, "/health");
      context.addServlet(holder, "/health/*");
      jetty.setHandler(context);
      jetty.start();
      try {
        int port = connector.getLocalPort();
        assertThat(get(port, "/health/live").statusCode()).isEqualTo(200);
        assertThat(get(port, "/health/ready").statusCode()).as("not started yet").isEqualTo(503);
        levee.health().markStarted();
        dev.levee.testkit.Await.until(
            Duration.ofSeconds(10),
            "readiness 200 on Jetty after markStarted and the db check's first result",
            () -> {
              try {
                return get(port, "/health/ready").statusCode() == 200;
              } catch (Exception e) {
                return false;
              }
            });
        assertThat(get(port, "/health").body()).contains("\"name\":\"db\"");
      } finally {
        jetty.stop();
      }
    }
    assertThat(registry.isClosed()).as("the application's registry stays open").isFalse();
    LeveeThreads.assertNoneSurvive(Duration.ofSeconds(10));
  }

  @Test
  void aPrometheusRegistryGivenIsServedByTheMetricsEndpointForTheAppToMount() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (Levee levee =
        Levee.builder(
                LeveeConfig.load(
                    "resilience: { bulkhead: { instances: { pool: { max_concurrent: 4 } } } }\n"
                        + "metrics: { path: /prom }\n"
                        + "shutdown: { propagation_delay: 0s }\n"))
            .meterRegistry(registry)
            .servers(false)
            .shutdownHook(false)
            .start()) {
      assertThat(levee.prometheus()).isSameAs(registry);
      HttpResponse r =
          levee
              .metricsEndpoint()
              .orElseThrow()
              .handle(HttpRequest.builder("GET", "/prom").loopback(true).build());
      assertThat(r.status()).isEqualTo(200);
      assertThat(new String(r.body(), StandardCharsets.UTF_8))
          .contains("bulkhead_max_allowed{name=\"pool\"} 4.0");
    }
    assertThat(registry.isClosed()).isFalse();
  }

  @Test
  void aMetricsPortWithARegistryThatIsNotPrometheusFailsWithOneMessage() {
    LeveeConfig config = LeveeConfig.load("metrics: { port: 9191 }\n");
    assertThatThrownBy(() -> Levee.builder(config).meterRegistry(new SimpleMeterRegistry()).start())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "levee: metrics.port 9191 serves Prometheus text, but the meter registry given is a"
                + " SimpleMeterRegistry, not a PrometheusMeterRegistry: give a"
                + " PrometheusMeterRegistry, start with servers(false) and serve the application's"
                + " registry, or set metrics.enabled: false");
    LeveeThreads.assertNoneSurvive(Duration.ofSeconds(10));
  }

  @Test
  void metricsOffBindsNothingToTheGivenRegistry() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (Levee levee =
        Levee.builder(
                LeveeConfig.load(
                    "metrics: { enabled: false }\nshutdown: { propagation_delay: 0s }\n"))
            .meterRegistry(registry)
            .servers(false)
            .start()) {
      assertThat(levee.meterRegistry()).isNull();
      assertThat(registry.getMeters()).isEmpty();
    }
  }

  @Test
  void closeNowClosesWhatWasRegisteredAtOnceAndACloseAfterItReturns() {
    java.util.List<String> closed = new java.util.concurrent.CopyOnWriteArrayList<>();
    Levee levee =
        Levee.builder(LeveeConfig.load("shutdown: { propagation_delay: 30s }\n"))
            .meterRegistry(new SimpleMeterRegistry())
            .servers(false)
            .shutdownHook(false)
            .start();
    levee.closeOnShutdown("pool", () -> closed.add("pool"));
    levee.closeOnShutdown("client", () -> closed.add("client"));
    levee.closeNow();
    assertThat(closed)
        .as("closeNow closes what closeOnShutdown registered, newest first, without the delay")
        .containsExactly("client", "pool");
    levee.close();
    assertThat(closed).as("a close after closeNow closes nothing twice").hasSize(2);
    LeveeThreads.assertNoneSurvive(Duration.ofSeconds(10));
  }
}
