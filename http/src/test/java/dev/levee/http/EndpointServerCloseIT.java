package dev.levee.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.testkit.Await;
import dev.levee.testkit.LeveeThreads;
import dev.levee.testkit.LogCapture;
import dev.levee.testkit.RawHttp;
import dev.levee.timeouts.testing.ManualTicker;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link EndpointServer#close()} in the cases a quick close does not show: while the loop has more
 * to do than answer (its summary line falls due), and from one of the server's own threads. Time
 * that the server measures is moved by a manual ticker.
 */
@Timeout(60)
class EndpointServerCloseIT {
  private static final Duration BOUND = Duration.ofSeconds(10);

  private final ManualTicker ticker = new ManualTicker();
  private final CountDownLatch release = new CountDownLatch(1);
  private final CountDownLatch slowStarted = new CountDownLatch(1);
  private EndpointServer server;

  /** Answers {@code /slow} once {@link #release} opens. */
  private final HttpEndpoint slow =
      new HttpEndpoint() {
        @Override
        public String basePath() {
          return "/slow";
        }

        @Override
        public HttpResponse handle(HttpRequest request) {
          slowStarted.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return HttpResponse.of(200, Map.of(), "done".getBytes(StandardCharsets.UTF_8));
        }
      };

  @AfterEach
  void stop() {
    release.countDown();
    if (server != null) {
      server.close();
    }
  }

  private EndpointServer start(EndpointServer.Builder b) {
    server =
        b.endpoint(new ProbeEndpoint()).endpoint(slow).bind("127.0.0.1", 0).ticker(ticker).start();
    return server;
  }

  private Socket connect() throws IOException {
    return RawHttp.connect(server.port());
  }

  /** Reads until the server closes the connection. */
  private static String readToEnd(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
  }

  private boolean portClosed() {
    return RawHttp.refused(server.port());
  }

  @Test
  void anAnswerUnderwayIsWrittenWhenTheSummaryLineFallsDueWhileClosing() throws Exception {
    start(EndpointServer.builder().closeTimeout(Duration.ofMinutes(5)));
    try (LogCapture log = LogCapture.of("dev.levee.http.EndpointServer");
        Socket inFlight = connect()) {
      try (Socket bad = connect()) {
        RawHttp.send(bad, "NONSENSE\r\n\r\n");
        assertThat(readToEnd(bad)).as("something to sum up").startsWith("HTTP/1.1 400");
      }
      RawHttp.send(inFlight, "GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(slowStarted.await(BOUND.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS))
          .isTrue();
      Thread closer = new Thread(server::close, "test-closer");
      closer.start();
      Await.until(BOUND, "the port closed", this::portClosed);

      ticker.advance(Duration.ofSeconds(61)); // the summary line falls due, the close has 5 min
      Await.until(
          BOUND,
          () -> "the summary line, or the loop's end; logged: " + log.lines(),
          () ->
              log.lines().stream()
                  .anyMatch(
                      l ->
                          l.message().contains("since the last summary")
                              || l.message().contains("I/O loop failed")));
      assertThat(log.lines())
          .as("the loop carries on")
          .noneMatch(l -> l.message().contains("I/O loop failed"));
      release.countDown();
      assertThat(readToEnd(inFlight))
          .as("the answer underway when close() began")
          .startsWith("HTTP/1.1 200")
          .endsWith("done");
      closer.join(BOUND.toMillis());
      assertThat(closer.isAlive()).isFalse();
    }
    LeveeThreads.assertNoneSurvive(BOUND);
  }

  @Test
  void closedByItsOwnEndpointTheServerStillStopsEveryThreadItStarted() throws Exception {
    HttpEndpoint stop =
        new HttpEndpoint() {
          @Override
          public String basePath() {
            return "/stop";
          }

          @Override
          public HttpResponse handle(HttpRequest request) {
            server.close(); // on a worker: starts the close and returns
            return HttpResponse.of(200, Map.of(), "closing".getBytes(StandardCharsets.UTF_8));
          }
        };
    start(EndpointServer.builder().endpoint(stop));
    try (Socket inFlight = connect();
        Socket stopper = connect()) {
      RawHttp.send(inFlight, "GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(slowStarted.await(BOUND.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS))
          .isTrue();
      RawHttp.send(stopper, "POST /stop HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(readToEnd(stopper)).startsWith("HTTP/1.1 200").endsWith("closing");
      Await.until(BOUND, "the port closed", this::portClosed);

      ticker.advance(Duration.ofSeconds(5)); // the close timeout: /slow is given up
      assertThat(readToEnd(inFlight)).as("the answer given up at the close timeout").isEmpty();
      // The worker still in /slow is interrupted, as when close() is called from outside.
      LeveeThreads.assertNoneSurvive(BOUND);
    }
  }

  @Test
  void requestsAlreadySentWhenTheCloseBeginsAreAnsweredNotReset() throws Exception {
    start(EndpointServer.builder());
    List<Socket> sent = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < 30; i++) {
        Socket s = connect(); // most still wait in the listen backlog when the close begins
        RawHttp.send(s, "GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n");
        sent.add(s);
      }
      server.close();
      for (int i = 0; i < sent.size(); i++) {
        String answer;
        try {
          answer = RawHttp.response(sent.get(i));
        } catch (IOException e) {
          answer = e.toString();
        }
        assertThat(answer)
            .as("request %d, sent before close() began", i)
            .startsWith("HTTP/1.1 200");
      }
    } finally {
      for (Socket s : sent) {
        s.close();
      }
    }
  }
}
