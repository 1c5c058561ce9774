package dev.levee.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.levee.http.servers.TestServers;
import dev.levee.testkit.LeveeThreads;
import dev.levee.timeouts.testing.ManualScheduler;
import dev.levee.timeouts.testing.ManualTicker;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the health endpoints answer on every HTTP adapter alike, over real HTTP on 127.0.0.1 with an
 * ephemeral port. Each adapter's IT starts its server ({@code levee-http}'s {@link TestServers});
 * the requests and expectations are shared. The adapters' own behaviour (protocol, limits, hostile
 * clients) is tested in {@code levee-http}.
 */
@Timeout(60)
abstract class HealthAdapterContract {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "an-operator-token-0123";

  private final ManualTicker ticker = new ManualTicker();
  private final ManualScheduler scheduler = new ManualScheduler(ticker);
  private final HealthMonitor monitor =
      HealthMonitor.builder()
          .ticker(ticker)
          .scheduler(scheduler)
          .executor(new Checks.DirectExecutor())
          .build();
  private final Checks.Scripted db = new Checks.Scripted();
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /**
   * Starts the adapter's server on 127.0.0.1, port 0.
   *
   * @param endpoints what to serve
   * @return the running server
   */
  abstract TestServers.Running start(HealthEndpoints endpoints) throws Exception;

  /** Waits, with a bound, for the server's own threads to end after close. */
  abstract void assertServerThreadsEnded();

  TestServers.Running server;

  @BeforeEach
  void startServer() throws Exception {
    monitor.markStarted();
    db.set(HealthResult.up().withData("active", 2));
    monitor.register(HealthCheckConfig.builder("db").failureAttempts(1).build(), db);
    monitor.register(
        HealthCheckConfig.builder("deadlocks").groups(HealthGroup.LIVE).build(), HealthResult::up);
    scheduler.runDue();
    HealthEndpoints endpoints =
        HealthEndpoints.builder(monitor).details(DetailPolicy.bearerToken(TOKEN)).build();
    server = start(endpoints);
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    monitor.close();
  }

  private HttpResponse<String> send(String method, String target, String... headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + target))
            .timeout(Duration.ofSeconds(5))
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (headers.length > 0) {
      b.headers(headers);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void answersProbesWithStatusCodesHeadersAndJson() throws Exception {
    HttpResponse<String> ready = send("GET", "/health/ready");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(ready.headers().firstValue("Cache-Control")).contains("no-store");
    assertThat(ready.body()).isEqualTo("{\"status\":\"UP\",\"checks\":[]}");

    db.set(HealthResult.down("connection refused"));
    scheduler.advance(Duration.ofSeconds(5));
    assertThat(send("GET", "/health/ready").statusCode()).isEqualTo(503);
    assertThat(send("GET", "/health/live").statusCode()).isEqualTo(200);
    assertThat(send("GET", "/health").statusCode()).isEqualTo(503);
    assertThat(send("GET", "/health/ready?exclude=db").statusCode()).isEqualTo(200);
    assertThat(send("GET", "/health/ready/db").statusCode()).isEqualTo(503);
    assertThat(send("GET", "/health/nope").statusCode()).isEqualTo(404);
    assertThat(send("GET", "/health/ready/nope").statusCode()).isEqualTo(404);
  }

  @Test
  void detailsNeedTheTokenAndComeInBothShapes() throws Exception {
    HttpResponse<String> mp =
        send("GET", "/health/ready?verbose", "Authorization", "Bearer " + TOKEN);
    JsonNode body = JSON.readTree(mp.body());
    JsonNode dbNode = body.get("checks").get(0);
    assertThat(dbNode.get("name").asText()).isEqualTo("db");
    assertThat(dbNode.get("data").get("active").asInt()).isEqualTo(2);
    assertThat(dbNode.get("data").has("duration_ms")).isTrue();

    HttpResponse<String> ietf =
        send(
            "GET",
            "/health/ready",
            "Accept",
            "application/health+json",
            "Authorization",
            "Bearer " + TOKEN);
    assertThat(ietf.headers().firstValue("Content-Type")).contains("application/health+json");
    JsonNode draft = JSON.readTree(ietf.body());
    assertThat(draft.get("status").asText()).isEqualTo("pass");
    assertThat(draft.get("checks").get("db:active").get(0).get("observedValue").asInt())
        .isEqualTo(2);

    HttpResponse<String> wrong =
        send("GET", "/health/ready?verbose", "Authorization", "Bearer not-the-token");
    assertThat(wrong.body()).isEqualTo("{\"status\":\"UP\",\"checks\":[]}");
  }

  @Test
  void headAndOtherMethods() throws Exception {
    HttpResponse<String> head = send("HEAD", "/health/ready");
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().firstValue("Content-Length"))
        .contains(Integer.toString(send("GET", "/health/ready").body().length()));
    for (String method : new String[] {"POST", "PUT", "DELETE", "PATCH", "OPTIONS"}) {
      HttpResponse<String> r = send(method, "/health/ready");
      assertThat(r.statusCode()).as(method).isEqualTo(405);
      assertThat(r.headers().firstValue("Allow")).contains("GET, HEAD");
    }
  }

  @Test
  void malformedRequestsAreAnsweredCleanlyAndTheServerCarriesOn() throws Exception {
    HttpResponse<String> longQuery = send("GET", "/health/ready?exclude=" + "x".repeat(5000));
    assertThat(longQuery.statusCode()).isEqualTo(400);
    assertThat(longQuery.body()).contains("query longer than 2048 characters");
    assertThat(
            raw("GET /health/ready?exclude=%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
        .startsWith("HTTP/1.1 400");
    assertThat(send("GET", "/health/ready/db/extra").statusCode()).isEqualTo(404);
    assertThat(send("GET", "/healthcheck").statusCode()).isEqualTo(404);
    assertThat(send("GET", "/other").statusCode()).isEqualTo(404);

    String garbage = raw("NONSENSE\r\n\r\n");
    assertThat(garbage)
        .as("a garbage request line gets an answer or a closed socket")
        .doesNotContain("UP");
    String noVersion = raw("GET /health/ready\r\n\r\n");
    assertThat(noVersion).doesNotContain("\"status\"");
    assertThat(send("GET", "/health/ready").statusCode()).as("still serving").isEqualTo(200);
  }

  @Test
  void absoluteFormRequestsAreAnsweredLikeOriginForm() throws Exception {
    String host = "127.0.0.1:" + server.port();
    assertThat(
            raw(
                "GET http://"
                    + host
                    + "/health/ready HTTP/1.1\r\nHost: "
                    + host
                    + "\r\nConnection: close\r\n\r\n"))
        .as("what a forward proxy sends (RFC 7230 5.3.2)")
        .startsWith("HTTP/1.1 200")
        .contains("\"status\":\"UP\"");
  }

  private String raw(String request) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[4096];
      int n;
      StringBuilder answer = new StringBuilder();
      try {
        while ((n = in.read(buffer)) > 0) {
          answer.append(new String(buffer, 0, n, StandardCharsets.US_ASCII));
        }
      } catch (java.net.SocketTimeoutException | java.net.SocketException closed) {
        // the server may close or keep the socket: either is a clean answer
      }
      return answer.toString();
    }
  }

  @Test
  void closeStopsListeningAndLeavesNoThread() throws Exception {
    int port = server.port();
    assertThat(send("GET", "/health/live").statusCode()).isEqualTo(200);
    server.close();
    monitor.close();
    assertThatThrownBy(
            () -> {
              try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
              }
            })
        .isInstanceOf(ConnectException.class);
    LeveeThreads.assertNoneSurvive(Duration.ofSeconds(10));
    assertServerThreadsEnded();
  }
}
