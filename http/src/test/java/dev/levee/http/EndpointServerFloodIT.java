package dev.levee.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.testkit.Await;
import dev.levee.testkit.LeveeThreads;
import dev.levee.testkit.RawHttp;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Application traffic cannot starve probes (issue 14, point 2): an application endpoint on the same
 * {@link EndpointServer} that is stuck (every call waits) and flooded with requests takes its
 * workers and its queue, and gets 503s beyond them, while probes answer within the same bound as
 * under hostile clients.
 */
@Timeout(60)
class EndpointServerFloodIT {
  private static final int WORKERS = 4;
  private static final int QUEUE = 16;
  private static final int FLOOD = 100;

  @Test
  void aFloodOfStuckApplicationRequestsLeavesProbesAnsweringAtOnce() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger started = new AtomicInteger();
    HttpEndpoint stuck =
        new HttpEndpoint() {
          @Override
          public String basePath() {
            return "/api/orders";
          }

          @Override
          public HttpResponse handle(HttpRequest request) {
            started.incrementAndGet();
            try {
              release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return HttpResponse.of(201, Map.of(), "stored".getBytes(StandardCharsets.UTF_8));
          }
        };
    List<Socket> flood = new ArrayList<>();
    try (EndpointServer server =
        EndpointServer.builder()
            .endpoint(new ProbeEndpoint())
            .endpoint(stuck)
            .bind("127.0.0.1", 0)
            .workerThreads(WORKERS)
            .workerQueue(QUEUE)
            .start()) {
      RawHttp.status(server.port(), "GET", "/health/live"); // warm up
      for (int i = 0; i < FLOOD; i++) {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
        s.setSoTimeout(10_000);
        s.getOutputStream()
            .write(
                ("POST /api/orders HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n"
                        + i % 10
                        + "\n")
                    .getBytes(StandardCharsets.US_ASCII));
        flood.add(s);
      }
      Await.until(Duration.ofSeconds(10), "every worker is stuck", () -> started.get() == WORKERS);

      long[] nanos = new long[200];
      for (int i = 0; i < nanos.length; i++) {
        long start = System.nanoTime();
        assertThat(
                RawHttp.status(server.port(), "GET", i % 2 == 0 ? "/health/live" : "/health/ready"))
            .isEqualTo(200);
        nanos[i] = System.nanoTime() - start;
      }
      long p99 = HostileClients.quantile(nanos, 0.99);
      System.out.printf(
          "probe latency with %d stuck application requests: p50 %.2f ms, p99 %.2f ms%n",
          FLOOD, HostileClients.quantile(nanos, 0.5) / 1e6, p99 / 1e6);
      assertThat(Duration.ofNanos(p99))
          .as("probe p99")
          .isLessThan(HostileClientsContract.PROBE_P99);

      release.countDown();
      int created = 0;
      int busy = 0;
      for (Socket s : flood) {
        String answer = RawHttp.response(s);
        if (answer.startsWith("HTTP/1.1 201")) {
          created++;
        } else if (answer.startsWith("HTTP/1.1 503")) {
          assertThat(answer).contains("Retry-After: 1", "server busy");
          busy++;
        }
      }
      assertThat(created)
          .as("every request a worker or the queue took is answered")
          .isEqualTo(WORKERS + QUEUE);
      assertThat(busy).as("the rest got a 503 at once").isEqualTo(FLOOD - WORKERS - QUEUE);
    } finally {
      for (Socket s : flood) {
        s.close();
      }
    }
    LeveeThreads.assertNoneSurvive(Duration.ofSeconds(10));
  }
}
