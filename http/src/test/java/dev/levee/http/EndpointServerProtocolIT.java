package dev.levee.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levee.testkit.Await;
import dev.levee.testkit.LeveeThreads;
import dev.levee.testkit.RawHttp;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link EndpointServer}'s HTTP/1.1 over raw sockets: keep-alive, pipelining, HTTP/1.0, HEAD,
 * {@code Expect: 100-continue}, the limits and what it answers when one is passed, timeouts, and
 * what {@code close()} leaves.
 */
@Timeout(60)
class EndpointServerProtocolIT {
  private static final Duration BOUND = Duration.ofSeconds(10);

  private EndpointServer server;

  /** A header larger than a socket's send buffer (Linux allows 4 MiB at most by default). */
  private static final int WIDE = 8 * 1024 * 1024;

  /**
   * Answers {@code /app/...} with the path, {@code /app/big} with 32 MiB, {@code /app/wide} with a
   * header of {@link #WIDE} bytes, {@code /app/boom} fails, {@code /app/null-body} answers a body
   * of {@code null}.
   */
  private static final HttpEndpoint APP =
      new HttpEndpoint() {
        @Override
        public String basePath() {
          return "/app";
        }

        @Override
        public HttpResponse handle(HttpRequest request) {
          if (request.path().equals("/app/boom")) {
            throw new IllegalStateException("boom");
          }
          if (request.path().equals("/app/null-body")) {
            return HttpResponse.of(200, Map.of(), null);
          }
          byte[] body =
              request.path().equals("/app/big")
                  ? new byte[32 * 1024 * 1024]
                  : (request.method() + " " + request.path()).getBytes(StandardCharsets.UTF_8);
          Map<String, String> headers =
              request.path().equals("/app/wide")
                  ? Map.of("Content-Type", "text/plain", "X-Wide", "w".repeat(WIDE))
                  : Map.of("Content-Type", "text/plain");
          return HttpResponse.of(200, headers, body);
        }
      };

  private EndpointServer start(EndpointServer.Builder b) {
    server = b.endpoint(new ProbeEndpoint()).endpoint(APP).bind("127.0.0.1", 0).start();
    return server;
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    LeveeThreads.assertNoneSurvive(BOUND);
  }

  private Socket connect() throws IOException {
    return RawHttp.connect(server.port());
  }

  @Test
  void keepsAliveAndAnswersPipelinedRequestsInOrder() throws Exception {
    start(EndpointServer.builder());
    try (Socket s = connect()) {
      RawHttp.send(s, "GET /app/one HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(RawHttp.response(s)).startsWith("HTTP/1.1 200 OK").endsWith("GET /app/one");
      RawHttp.send(
          s,
          "GET /app/two HTTP/1.1\r\nHost: x\r\n\r\nGET /health/live HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(RawHttp.response(s)).endsWith("GET /app/two");
      assertThat(RawHttp.response(s))
          .startsWith("HTTP/1.1 200")
          .contains("Cache-Control: no-store");
      assertThat(server.openConnections()).isEqualTo(1);
    }
  }

  @Test
  void hundredsOfPipelinedRequestsAreAnsweredInOrder() throws Exception {
    start(EndpointServer.builder());
    try (Socket s = connect()) {
      StringBuilder burst = new StringBuilder();
      for (int i = 0; i < 600; i++) {
        burst.append("GET /app/").append(i).append(" HTTP/1.1\r\nHost: x\r\n\r\n");
      }
      RawHttp.send(s, burst.toString());
      for (int i = 0; i < 600; i++) {
        assertThat(RawHttp.response(s)).endsWith("GET /app/" + i);
      }
    }
  }

  @Test
  void aHeadAnswerTheSocketTakesInPartIsWrittenToItsEnd() throws Exception {
    // A HEAD answer is a head and an empty body: when the socket takes the head only in part (a
    // slow reader, a full send buffer), the rest must still be written before the next answer.
    start(EndpointServer.builder());
    try (Socket s = connect()) {
      RawHttp.send(
          s,
          "HEAD /app/wide HTTP/1.1\r\nHost: x\r\n\r\nGET /app/after HTTP/1.1\r\nHost: x\r\n\r\n");
      InputStream in = new java.io.BufferedInputStream(s.getInputStream());
      StringBuilder head = new StringBuilder(WIDE + 1024);
      while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) {
          throw new IOException("closed after " + head.length() + " bytes of the head");
        }
        head.append((char) b);
      }
      assertThat(head).startsWith("HTTP/1.1 200 OK\r\n");
      int from = head.indexOf("X-Wide: ") + "X-Wide: ".length();
      int to = head.indexOf("\r\n", from);
      assertThat(to - from).as("bytes of the X-Wide value that arrived").isEqualTo(WIDE);
      assertThat(head.indexOf("HTTP/1.1", 1))
          .as("a second status line inside the head")
          .isEqualTo(-1);
      assertThat(RawHttp.response(in)).startsWith("HTTP/1.1 200").endsWith("GET /app/after");
    }
  }

  @Test
  void http10ClosesUnlessAskedToKeepAlive() throws Exception {
    start(EndpointServer.builder());
    try (Socket s = connect()) {
      RawHttp.send(s, "GET /app/x HTTP/1.0\r\n\r\n");
      assertThat(RawHttp.response(s)).contains("Connection: close").endsWith("GET /app/x");
      assertThat(RawHttp.closedByServer(s)).isTrue();
    }
    try (Socket s = connect()) {
      RawHttp.send(s, "GET /app/x HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
      assertThat(RawHttp.response(s)).contains("Connection: keep-alive");
      RawHttp.send(s, "GET /app/y HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
      assertThat(RawHttp.response(s)).endsWith("GET /app/y");
    }
  }

  @Test
  void headGetsTheLengthAndNoBodyAndExpectContinueGetsItsInterimAnswer() throws Exception {
    start(EndpointServer.builder());
    try (Socket s = connect()) {
      RawHttp.send(s, "GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n");
      String get = RawHttp.response(s);
      assertThat(get)
          .containsPattern(
              "\r\nDate: [A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9:]{8} GMT\r\n");
      String length = get.substring(get.indexOf("Content-Length: ")).split("\r\n")[0];
      RawHttp.send(s, "HEAD /health/live HTTP/1.1\r\nHost: x\r\n\r\n");
      StringBuilder head = new StringBuilder();
      InputStream in = s.getInputStream();
      while (!head.toString().endsWith("\r\n\r\n")) {
        head.append((char) in.read());
      }
      assertThat(head.toString()).startsWith("HTTP/1.1 200").contains(length);
      RawHttp.send(s, "GET /app/after-head HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(RawHttp.response(s))
          .as("no body was sent for HEAD")
          .startsWith("HTTP/1.1 200")
          .endsWith("GET /app/after-head");

      RawHttp.send(
          s,
          "POST /app/c HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
      assertThat(RawHttp.response(s)).startsWith("HTTP/1.1 100 Continue");
      RawHttp.send(s, "hello");
      assertThat(RawHttp.response(s)).startsWith("HTTP/1.1 200").endsWith("POST /app/c");
    }
  }

  @Test
  void requestsOverALimitOrNotUnderstoodAreRefusedAndTheConnectionCloses() throws Exception {
    start(EndpointServer.builder().maxHeadBytes(4096).maxBodyBytes(1000));
    String[][] cases = {
      {"GET /app/x HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(5000) + "\r\n\r\n", "431"},
      {"POST /app/x HTTP/1.1\r\nHost: x\r\nContent-Length: 1001\r\n\r\n", "413"},
      {"POST /app/x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", "411"},
      {"POST /app/x HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", "400"},
      {"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "505"},
      {"GET /app/x HTTP/1.1\r\nHost : x\r\n\r\n", "400"},
      {"GET /app/x HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n", "400"},
      {"GET /app/x HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", "400"},
      {"GET /app/\u0001 HTTP/1.1\r\n\r\n", "400"},
      {"POST /app/x HTTP/1.1\r\nHost: x\r\nContent-Length: \u000b5\r\n\r\nhello", "400"},
      {"POST /app/x HTTP/1.1\r\nHost: x\r\nContent-Length: 5\u000c\r\n\r\nhello", "400"},
      {"GET /app/x HTTP/1.1\r\nHost: x\r\nX-Note: a\u0001b\r\n\r\n", "400"},
      {"GET /app/x HTTP/1.1\r\nHost: x\r\nX-Note: a\u007fb\r\n\r\n", "400"},
      {"\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003\r\n\r\n", "400"},
    };
    for (String[] c : cases) {
      try (Socket s = connect()) {
        RawHttp.send(s, c[0]);
        String answer = RawHttp.response(s);
        assertThat(answer)
            .as(c[0].substring(0, Math.min(40, c[0].length())))
            .startsWith("HTTP/1.1 " + c[1])
            .contains("Connection: close", "{\"error\":");
        assertThat(RawHttp.closedByServer(s)).isTrue();
      }
    }
    assertThat(RawHttp.status(server.port(), "GET", "/health/live")).isEqualTo(200);
  }

  @Test
  void unknownPathsAndFailingEndpointsGetJsonAndTheServerCarriesOn() throws Exception {
    start(EndpointServer.builder());
    try (Socket s = connect()) {
      RawHttp.send(s, "GET /healthcheck HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(RawHttp.response(s))
          .startsWith("HTTP/1.1 404")
          .endsWith("{\"error\":\"not found\"}");
      RawHttp.send(s, "GET /app/boom HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(RawHttp.response(s))
          .startsWith("HTTP/1.1 500")
          .endsWith("{\"error\":\"internal error\"}");
      RawHttp.send(s, "GET /app/null-body HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(RawHttp.response(s))
          .as("an answer the server cannot write is the endpoint's failure")
          .startsWith("HTTP/1.1 500")
          .endsWith("{\"error\":\"internal error\"}");
      RawHttp.send(s, "GET http://127.0.0.1/app/absolute?q=1 HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(RawHttp.response(s)).endsWith("GET /app/absolute");
    }
    assertThat(RawHttp.status(server.port(), "GET", "/health/live")).isEqualTo(200);
  }

  @Test
  void aKeptAliveConnectionIsClosedWhenIdleAndASlowReaderAfterTheReadTimeout() throws Exception {
    start(
        EndpointServer.builder()
            .idleTimeout(Duration.ofMillis(300))
            .readTimeout(Duration.ofMillis(500)));
    try (Socket s = connect()) {
      RawHttp.send(s, "GET /app/x HTTP/1.1\r\nHost: x\r\n\r\n");
      RawHttp.response(s);
      long start = System.nanoTime();
      assertThat(RawHttp.closedByServer(s)).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isGreaterThanOrEqualTo(Duration.ofMillis(250))
          .isLessThan(Duration.ofSeconds(3));
    }
    try (Socket reader = new Socket()) {
      reader.setReceiveBufferSize(4096);
      reader.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
      RawHttp.send(reader, "GET /app/big HTTP/1.1\r\nHost: x\r\n\r\n");
      // This client takes nothing of its 32 MiB: the server drops it after the read timeout, and
      // answers others meanwhile (no thread is held by it).
      assertThat(RawHttp.status(server.port(), "GET", "/health/ready")).isEqualTo(200);
      Await.until(
          BOUND, "the slow reader's connection closed", () -> server.openConnections() == 0);
    }
  }

  @Test
  void closeFinishesAnAnswerUnderwayClosesThePortAndLeavesNoThread() throws Exception {
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    HttpEndpoint slow =
        new HttpEndpoint() {
          @Override
          public String basePath() {
            return "/slow";
          }

          @Override
          public HttpResponse handle(HttpRequest request) {
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return HttpResponse.of(200, Map.of(), "done".getBytes(StandardCharsets.UTF_8));
          }
        };
    start(EndpointServer.builder().endpoint(slow));
    int port = server.port();
    try (Socket inFlight = connect();
        Socket idle = connect()) {
      RawHttp.send(inFlight, "GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
      Await.until(BOUND, "both connections accepted", () -> server.openConnections() == 2);
      Thread closer = new Thread(server::close, "test-closer");
      closer.start();
      Await.until(
          BOUND,
          "the port closed while an answer is underway",
          () -> {
            try (Socket s = new Socket()) {
              s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
              return false;
            } catch (ConnectException refused) {
              return true;
            } catch (IOException other) {
              return false;
            }
          });
      assertThat(RawHttp.closedByServer(idle))
          .as("a connection with no request is closed at once")
          .isTrue();
      release.countDown();
      assertThat(RawHttp.response(inFlight))
          .as("the request accepted before close is answered")
          .startsWith("HTTP/1.1 200")
          .contains("Connection: close")
          .endsWith("done");
      closer.join(BOUND.toMillis());
      assertThat(closer.isAlive()).isFalse();
    }
    assertThatThrownBy(
            () -> {
              try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
              }
            })
        .isInstanceOf(ConnectException.class);
    server = null;
  }

  @Test
  void atTheLimitANewcomerTakesTheRoomOfOneWaitingAndIsRefusedOnlyWhenAllAreAnswered()
      throws Exception {
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.atomic.AtomicInteger answering =
        new java.util.concurrent.atomic.AtomicInteger();
    HttpEndpoint stuck =
        new HttpEndpoint() {
          @Override
          public String basePath() {
            return "/stuck";
          }

          @Override
          public HttpResponse handle(HttpRequest request) {
            answering.incrementAndGet();
            try {
              release.await(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return HttpResponse.of(200, Map.of(), new byte[0]);
          }
        };
    start(EndpointServer.builder().endpoint(stuck).maxConnections(2));
    try (Socket half = connect();
        Socket answered = connect()) {
      RawHttp.send(half, "GET /health/li");
      RawHttp.send(answered, "GET /stuck HTTP/1.1\r\nHost: x\r\n\r\n");
      Await.until(BOUND, "two connections held", () -> server.openConnections() == 2);
      Await.until(BOUND, "the second one's request is being answered", () -> answering.get() == 1);
      assertThat(RawHttp.status(server.port(), "GET", "/health/live"))
          .as("the half-sent request's connection made room")
          .isEqualTo(200);
      assertThat(RawHttp.response(half))
          .startsWith("HTTP/1.1 503")
          .contains("needed its connection");
      // With both connections being answered, a newcomer cannot take the room of either.
      try (Socket second = connect()) {
        RawHttp.send(second, "GET /stuck HTTP/1.1\r\nHost: x\r\n\r\n");
        Await.until(BOUND, "two answers underway", () -> answering.get() == 2);
        try (Socket third = connect()) {
          assertThat(RawHttp.response(third))
              .startsWith("HTTP/1.1 503")
              .endsWith("too many connections\"}");
        }
        release.countDown();
        assertThat(RawHttp.response(second)).startsWith("HTTP/1.1 200");
      }
      assertThat(RawHttp.response(answered)).startsWith("HTTP/1.1 200");
    }
  }

  @Test
  void settingsAreCheckedWhenSet() {
    assertThatThrownBy(() -> EndpointServer.builder().readTimeout(Duration.ofMillis(1)))
        .hasMessage("endpoint server: readTimeout must be in [10ms, 10m], was 1ms");
    assertThatThrownBy(() -> EndpointServer.builder().maxConnections(0))
        .hasMessage("endpoint server: maxConnections must be in [1, 100000], was 0");
    assertThatThrownBy(() -> EndpointServer.builder().bind("127.0.0.1", 65536))
        .hasMessage("endpoint server: port must be in [0, 65535], was 65536");
    assertThatThrownBy(
            () -> EndpointServer.builder().bind("no-such-host.invalid", 0).endpoint(APP).start())
        .hasMessage("endpoint server: cannot resolve the bind address \"no-such-host.invalid\"");
    assertThatThrownBy(() -> EndpointServer.builder().start())
        .hasMessage("endpoint server: no endpoint to serve");
    assertThatThrownBy(() -> EndpointServer.builder().endpoint(APP).endpoint(APP))
        .hasMessage("endpoint server: two endpoints have the base path /app");
  }

  @Test
  void aBadBindIsReportedWithTheAddress() {
    start(EndpointServer.builder());
    assertThatThrownBy(() -> EndpointServer.start(APP, "127.0.0.1", server.port()))
        .isInstanceOf(java.io.UncheckedIOException.class)
        .hasMessageStartingWith("endpoint server: cannot bind 127.0.0.1:" + server.port() + " (")
        .hasMessageContaining("in use");
    assertThatThrownBy(() -> EndpointServer.start(APP, "127.0.0.1", 70000))
        .hasMessage("endpoint server: port must be in [0, 65535], was 70000");
  }

  @Test
  void itsThreadsAreNamedAfterItsPortAndEndWithIt() throws Exception {
    start(EndpointServer.builder().workerThreads(2));
    String io = "levee-http-" + server.port();
    assertThat(RawHttp.status(server.port(), "GET", "/app/x")).isEqualTo(200); // on a worker
    assertThat(LeveeThreads.alive()).contains(io).anyMatch(t -> t.startsWith(io + "-worker-"));
    server.close();
    Await.until(
        BOUND,
        "the server's I/O and worker threads ended",
        () -> LeveeThreads.alive().stream().noneMatch(t -> t.startsWith(io)));
  }
}
