package dev.levee.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.levee.config.LeveeConfig;
import dev.levee.testkit.Await;
import dev.levee.testkit.LeveeThreads;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo service's edge, in-process on 127.0.0.1 and an ephemeral port, without chaos: the port
 * is bound and the probes answer before the heavy parts start, and a failed start closes it; the
 * status page answers only GET and HEAD; H2 listens on loopback only and refuses the empty
 * password.
 */
@Timeout(120)
class DemoEdgeIT {
  private static final Duration BOUND = Duration.ofSeconds(30);
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private DemoService demo;

  @TempDir Path workDir;

  private DemoService bind() throws Exception {
    return bind(workDir);
  }

  private DemoService bind(Path where) throws Exception {
    demo =
        DemoService.bind(
            new DemoService.Options(
                "127.0.0.1",
                0,
                false,
                Duration.ofSeconds(10),
                Duration.ofSeconds(12),
                Duration.ofSeconds(6),
                5,
                LeveeConfig.load("shutdown: { propagation_delay: 300ms }"),
                where),
            new PrintStream(printed, true, StandardCharsets.UTF_8));
    return demo;
  }

  @AfterEach
  void closeTheDemo() {
    if (demo != null) {
      demo.close();
    }
    LeveeThreads.assertNoneSurvive(BOUND);
  }

  private HttpResponse<String> send(String method, String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + demo.port() + path))
            .method(method, HttpRequest.BodyPublishers.ofString(method.equals("POST") ? "1" : ""))
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private int status(String method, String path) {
    try {
      return send(method, path).statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  @Test
  void theProbesAnswerWhileTheServiceStarts() throws Exception {
    bind();
    Await.until(BOUND, "liveness UP before the start", () -> status("GET", "/health/live") == 200);
    HttpResponse<String> ready = send("GET", "/health/ready");
    assertThat(ready.statusCode()).as("readiness before the start").isEqualTo(503);
    assertThat(send("GET", "/health/ready?verbose").body()).contains("starting");
    HttpResponse<String> order = send("POST", "/api/orders");
    assertThat(order.statusCode()).as("the API before the start").isEqualTo(503);
    assertThat(order.body()).startsWith("starting");
    assertThat(send("GET", "/").body()).contains("<dt>phase</dt><dd>starting</dd>");
    assertThat(printed.toString(StandardCharsets.UTF_8)).as("no status line yet").isEmpty();

    demo.start();
    Await.until(BOUND, "ready once started", () -> status("GET", "/health/ready") == 200);
    assertThat(send("POST", "/api/orders").statusCode()).isEqualTo(201);
    assertThat(send("GET", "/").body()).contains("<dt>phase</dt><dd>steady</dd>", DB_CLOSED);
  }

  @Test
  void aFailedStartClosesWhatWasStarted() throws Exception {
    Path notADirectory = Files.createFile(workDir.resolve("not-a-directory"));
    bind(notADirectory);
    int port = demo.port();
    Await.until(BOUND, "liveness UP before the start", () -> status("GET", "/health/live") == 200);
    assertThatThrownBy(demo::start)
        .as("H2's directory cannot be made in a file")
        .isInstanceOf(IOException.class);
    assertThatThrownBy(
            () -> {
              try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
              }
            })
        .as("the HTTP port is closed after the failed start")
        .isInstanceOf(ConnectException.class);
    // @AfterEach: close() is harmless after a failed start, and no Levee thread survives.
  }

  /** The breaker's row on the status page, server-rendered, CLOSED. */
  static final String DB_CLOSED =
      "<tr data-breaker=\"db\"><td>db</td><td class=\"state\"><span class=\"badge s-CLOSED\">"
          + "CLOSED</span>";

  @Test
  void theDemosPageAtTheRootIsLeveesStatusPage() throws Exception {
    bind().start();
    HttpResponse<String> page = send("GET", "/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(page.headers().firstValue("Content-Security-Policy")).isPresent();
    assertThat(page.body())
        .contains("<title>Levee demo</title>", "data-json=\"status.json\"", DB_CLOSED)
        .contains("data-check=\"db\"", "<script>");
    HttpResponse<String> json = send("GET", "/status.json");
    assertThat(json.statusCode()).isEqualTo(200);
    assertThat(json.body())
        .startsWith("{\"version\":1,")
        .contains("\"title\":\"Levee demo\"", "\"info\":{\"phase\":\"steady\"}")
        .contains("{\"name\":\"db\",\"state\":\"CLOSED\"");
  }

  @Test
  void theStatusPageAnswersOnlyGetAndHead() throws Exception {
    bind().start();
    for (String method : List.of("POST", "PUT", "DELETE", "PATCH", "OPTIONS")) {
      HttpResponse<String> r = send(method, "/");
      assertThat(r.statusCode()).as(method + " /").isEqualTo(405);
      assertThat(r.headers().firstValue("Allow")).as(method + " /").hasValue("GET, HEAD");
    }
    assertThat(send("GET", "/nothing-here").statusCode()).isEqualTo(404);
    HttpResponse<String> order = send("GET", "/api/orders");
    assertThat(order.statusCode()).as("GET on the orders API").isEqualTo(405);
    assertThat(order.headers().firstValue("Allow")).hasValue("POST");

    // The page shows live statuses, so GET, HEAD, GET until the two GETs agree: then the HEAD
    // answered for the same page.
    List<String> seen = new ArrayList<>();
    Await.until(
        BOUND,
        () -> "HEAD's Content-Length equal to the GET's around it; saw " + seen,
        () -> {
          try {
            HttpResponse<String> before = send("GET", "/");
            HttpResponse<String> head = send("HEAD", "/");
            HttpResponse<String> after = send("GET", "/");
            long length = before.body().getBytes(StandardCharsets.UTF_8).length;
            String headLength = head.headers().firstValue("Content-Length").orElse("none");
            seen.add(length + "/" + headLength + "/" + after.body().length());
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.body()).as("HEAD has no body").isEmpty();
            assertThat(before.headers().firstValue("Content-Length"))
                .hasValue(Long.toString(length));
            return before.body().equals(after.body()) && headLength.equals(Long.toString(length));
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        });
  }

  @Test
  void h2ListensOnLoopbackOnlyAndRefusesTheEmptyPassword() throws Exception {
    bind().start();
    int port = demo.databasePort();
    try (Socket loopback = new Socket()) {
      loopback.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
      assertThat(loopback.isConnected()).as("H2 on 127.0.0.1:%d", port).isTrue();
    }
    Throwable refused =
        catchThrowable(() -> DriverManager.getConnection(demo.jdbcUrl(), "sa", "").close());
    assertThat(refused).as("the empty password").isInstanceOf(SQLException.class);
    assertThat(((SQLException) refused).getErrorCode())
        .as("H2's code for a wrong user or password: %s", refused.getMessage())
        .isEqualTo(28000);

    List<InetAddress> others = nonLoopbackAddresses();
    assumeFalse(
        others.isEmpty(),
        "this machine has no non-loopback address: H2's loopback-only binding cannot be shown");
    for (InetAddress address : others) {
      assertThatThrownBy(
              () -> {
                try (Socket s = new Socket()) {
                  s.connect(new InetSocketAddress(address, port), 2_000);
                }
              })
          .as("connecting to H2 on %s:%d", address.getHostAddress(), port)
          .isInstanceOf(ConnectException.class);
    }
  }

  private static List<InetAddress> nonLoopbackAddresses() throws SocketException {
    List<InetAddress> found = new ArrayList<>();
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (nic.isUp() && !nic.isLoopback()) {
        for (InetAddress a : Collections.list(nic.getInetAddresses())) {
          if (!a.isLoopbackAddress() && !a.isAnyLocalAddress()) {
            found.add(a);
          }
        }
      }
    }
    return found;
  }
}
