package dev.levee.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.config.LeveeConfig;
import dev.levee.health.Status;
import dev.levee.testkit.Await;
import dev.levee.testkit.LeveeThreads;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The demo service in-process on an ephemeral port, with its built-in configuration and a short
 * chaos timeline: the database slows down after 2 s for 5 s, stops 6 s later and comes back 5 s
 * after that. Checks what its endpoints report in each phase.
 */
@Timeout(120)
class DemoServiceIT {
  private static final Duration BOUND = Duration.ofSeconds(30);
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private String get(int port, String path) {
    try {
      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() + " " + r.body();
    } catch (Exception e) {
      return "error " + e;
    }
  }

  private static String line(String metrics, String prefix) {
    for (String l : metrics.split("\n")) {
      if (l.startsWith(prefix)) {
        return l;
      }
    }
    return "(none)";
  }

  /** The demo's own built-in configuration (its db limiter), with a short propagation delay. */
  private static LeveeConfig demoConfig() throws java.io.IOException {
    try (java.io.InputStream in = DemoServiceIT.class.getResourceAsStream("/demo-levee.yaml")) {
      java.util.Properties props = new java.util.Properties();
      props.setProperty("levee.shutdown.propagation_delay", "300ms");
      return LeveeConfig.load(
          "demo-levee.yaml",
          new String(in.readAllBytes(), StandardCharsets.UTF_8),
          java.util.Map.of(),
          props);
    }
  }

  /** The value of a series' line, or NaN if there is none. */
  private static double value(String line) {
    return line.startsWith("(none)")
        ? Double.NaN
        : Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
  }

  @Test
  void theChaosStoryPlaysOutOnTheEndpoints() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    StringBuilder phases = new StringBuilder();
    LeveeConfig config = demoConfig();
    try (DemoService demo =
        DemoService.bind(
            new DemoService.Options(
                "127.0.0.1",
                0,
                true,
                Duration.ofSeconds(2),
                Duration.ofSeconds(5),
                Duration.ofSeconds(6),
                50,
                config,
                Path.of(System.getProperty("java.io.tmpdir"))),
            out)) {
      demo.start();
      int port = demo.port();
      Await.until(
          BOUND, "ready before the outage", () -> get(port, "/health/ready").startsWith("200 "));
      phases.append("steady: /health/ready ").append(get(port, "/health/ready").substring(0, 3));
      phases.append(", ").append(line(get(port, "/metrics"), "circuitbreaker_state{"));

      // The slowdown: every write 300 ms longer inside H2. The limit starts at the configured
      // initial_limit and, with writes of 20 ms, stays there until the database slows down.
      String limitSeries = "adaptive_limit{name=\"db\"}";
      int initial = config.adaptiveLimiters().get("db").initialLimit();
      assertThat(value(line(get(port, "/metrics"), limitSeries)))
          .as("/metrics has the db limit")
          .isPositive()
          .isLessThanOrEqualTo(initial);
      double[] shrunk = {Double.NaN};
      Await.until(
          BOUND,
          "the limit shrinks to half its initial "
              + initial
              + " or less while the database is slow",
          () -> {
            double now = value(line(get(port, "/metrics"), limitSeries));
            if (demo.phase().equals("database slow") && now <= initial / 2) {
              shrunk[0] = now;
            }
            return !Double.isNaN(shrunk[0]);
          });
      Await.until(
          BOUND,
          "the database's writes rejected at once by the limit while it is slow",
          () ->
              demo.phase().equals("database slow")
                  && line(get(port, "/metrics"), "adaptive_limiter_rejected_total{name=\"db\"}")
                      .matches(".* [1-9][0-9.]*E?[0-9]*$"));
      phases
          .append("\ndatabase slow: ")
          .append(limitSeries)
          .append(" ")
          .append(initial)
          .append(" -> ")
          .append(shrunk[0])
          .append(", ")
          .append(line(get(port, "/metrics"), "adaptive_limiter_rejected_total{name=\"db\"}"));
      Await.until(
          BOUND, "the database fast again", () -> demo.phase().equals("database fast again"));
      phases.append("\ndatabase fast again: ").append(line(get(port, "/metrics"), limitSeries));

      Await.until(
          BOUND,
          "readiness DOWN and the breaker open while the database is stopped",
          () ->
              demo.phase().equals("database stopped")
                  && get(port, "/health/ready").startsWith("503 ")
                  && get(port, "/metrics").contains("circuitbreaker_state{name=\"db\"} 1.0"));
      phases
          .append("\noutage: /health/ready 503, ")
          .append(line(get(port, "/metrics"), "circuitbreaker_state{"));
      phases.append(", /health/live ").append(get(port, "/health/live").substring(0, 3));
      assertThat(get(port, "/health/live")).as("liveness ignores the database").startsWith("200 ");
      Await.until(
          BOUND,
          "calls rejected at once by the open breaker",
          () ->
              line(
                      get(port, "/metrics"),
                      "circuitbreaker_requests_total{name=\"db\",result=\"not_permitted\"}")
                  .matches(".* [1-9][0-9.]*E?[0-9]*$"));
      phases
          .append(", ")
          .append(
              line(
                  get(port, "/metrics"),
                  "circuitbreaker_requests_total{name=\"db\",result=\"not_permitted\"}"));
      assertThat(
              line(
                  get(port, "/metrics"),
                  "pipeline_calls_seconds_count{name=\"db\",result=\"rejected\"}"))
          .as("the demo's pipeline timer counts the rejected calls")
          .matches(".* [1-9][0-9.]*E?[0-9]*$");

      Await.until(
          BOUND,
          "ready again with the breaker closed after the restart",
          () ->
              demo.phase().equals("database restarted")
                  && demo.readiness() == Status.UP
                  && get(port, "/metrics").contains("circuitbreaker_state{name=\"db\"} 0.0"));
      phases
          .append("\nrecovered: /health/ready ")
          .append(get(port, "/health/ready").substring(0, 3));
      phases.append(", ").append(line(get(port, "/metrics"), "circuitbreaker_state{"));
      assertThat(get(port, "/")).startsWith("200 ").contains(DemoEdgeIT.DB_CLOSED);
      assertThat(get(port, "/health/raft")).as("raft before its chaos").startsWith("200 ");

      Await.until(
          BOUND,
          "raft DEGRADED with one server stopped: quorum held, tolerance 0",
          () ->
              demo.phase().equals("raft: n2 stopped")
                  && get(port, "/health/raft?verbose").contains("\"failure_tolerance\":0"));
      phases
          .append("\nraft n2 stopped: /health/raft ")
          .append(get(port, "/health/raft").substring(0, 3));
      phases.append(", ").append(line(get(port, "/metrics"), "raft_leader{"));
      Await.until(
          BOUND,
          "raft DOWN with two servers stopped",
          () ->
              demo.phase().equals("raft: n3 stopped")
                  && get(port, "/health/raft").startsWith("503 "));
      phases.append("\nraft n3 stopped: /health/raft 503");
      Await.until(
          BOUND,
          "raft UP again once both are back (n1 leads or follows; tolerance is judged on the leader)",
          () ->
              demo.phase().equals("raft: restored")
                  && get(port, "/health/raft").startsWith("200 "));
      phases
          .append("\nraft restored: /health/raft 200, ")
          .append(line(get(port, "/metrics"), "raft_leadership_changes_total{"));
    }
    String printed = bytes.toString(StandardCharsets.UTF_8);
    System.out.println(phases);
    System.out.println(printed);
    assertThat(printed)
        .contains("== chaos: stopping the H2 server")
        .contains("== chaos: H2 is back")
        .contains("breaker db=OPEN")
        .contains("== chaos: stopping Raft server n2")
        .contains("== chaos: stopping Raft server n3")
        .contains("== chaos: H2 slows down")
        .contains("== chaos: H2 is fast again")
        .containsPattern("\\[database slow\\] .* limit=[0-9]+ ")
        .contains("== stopped (clean)");
    LeveeThreads.assertNoneSurvive(BOUND);
  }
}
