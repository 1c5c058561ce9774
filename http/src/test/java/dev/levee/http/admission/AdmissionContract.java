package dev.levee.http.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.core.AdaptiveLimiter;
import dev.levee.core.AdaptiveLimiterConfig;
import dev.levee.core.RateLimiter;
import dev.levee.core.RateLimiterConfig;
import dev.levee.http.servers.TestServers;
import dev.levee.testkit.Await;
import dev.levee.testkit.LeveeThreads;
import dev.levee.testkit.RawHttp;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What admission control does on every server, on real sockets on 127.0.0.1: with an adaptive
 * limiter forced low (min = max = 2 places, sheddable requests may use 1), sheddable requests are
 * shed first with a 503 and {@code Retry-After} while critical ones still pass, probes always pass,
 * and every place comes back: after a normal answer, an exception, a client that disconnects
 * mid-response, and a flood.
 *
 * <p>Each server's IT serves the same application: {@code /slow} waits for {@link #gate} (a bounded
 * wait), {@code /boom} throws, {@code /big} writes 32 MiB in 64 KiB pieces, {@code /health/live}
 * answers 200 at once; critical requests carry {@code X-Priority: critical}.
 */
@Timeout(120)
abstract class AdmissionContract {
  /** The most any wait of these tests takes. */
  static final Duration BOUND = Duration.ofSeconds(10);

  /** The body /big writes: far more than the sockets' buffers hold. */
  static final int BIG = 32 << 20;

  final AdaptiveLimiter limit =
      AdaptiveLimiter.of(
          "api",
          AdaptiveLimiterConfig.builder("api").initialLimit(2).minLimit(2).maxLimit(2).build());
  Admission admission;
  TestServers.Running server;
  volatile CountDownLatch gate = new CountDownLatch(1);
  final ExecutorService clients = Executors.newCachedThreadPool();

  /** Starts the server on 127.0.0.1, port 0, with the application behind {@code admission}. */
  abstract TestServers.Running start(Admission admission) throws Exception;

  static Admission.Builder configured() {
    return Admission.builder("api").criticalHeader("X-Priority", "critical").sheddableShare(0.5);
  }

  @BeforeEach
  void startServer() throws Exception {
    admission = configured().limiter(limit).build();
    server = start(admission);
  }

  @AfterEach
  void stop() throws Exception {
    gate.countDown();
    server.close();
    clients.shutdownNow();
    assertThat(clients.awaitTermination(10, TimeUnit.SECONDS)).as("clients ended").isTrue();
    LeveeThreads.assertNoneSurvive(BOUND);
  }

  /** What the /slow handlers call: waits for the gate, at most {@link #BOUND}. */
  void awaitGate() {
    try {
      if (!gate.await(BOUND.toSeconds(), TimeUnit.SECONDS)) {
        throw new IllegalStateException("the test never opened the gate");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for the gate", e);
    }
  }

  /** One GET on a fresh connection, with {@code Connection: close}: the whole answer. */
  String get(String path, boolean critical) throws IOException {
    return RawHttp.exchange(
        server.port(),
        "GET "
            + path
            + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + (critical ? "X-Priority: critical\r\n" : "")
            + "Connection: close\r\n\r\n");
  }

  Future<String> getLater(String path, boolean critical) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return get(path, critical);
          } catch (IOException e) {
            return "failed: " + e;
          }
        },
        clients);
  }

  static int status(String answer) {
    return answer.startsWith("HTTP/1.1 ") ? Integer.parseInt(answer.substring(9, 12)) : -1;
  }

  void awaitInFlight(long n) {
    Await.until(
        BOUND,
        () ->
            "in flight "
                + n
                + ", was "
                + admission.inFlight()
                + " (limit: "
                + limit.inFlight()
                + ")",
        () -> admission.inFlight() == n && limit.inFlight() == n);
  }

  @Test
  void sheddableRequestsAreShedFirstWhileCriticalOnesAndProbesPass() throws Exception {
    Future<String> sheddable = getLater("/slow", false);
    awaitInFlight(1);

    String shed = get("/slow", false);
    assertThat(status(shed)).as(shed).isEqualTo(503);
    assertThat(shed).containsIgnoringCase("Retry-After: 1").contains("\"error\":\"overloaded: ");
    String head =
        RawHttp.exchange(
            server.port(), "HEAD /slow HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    assertThat(status(head)).as(head).isEqualTo(503);
    assertThat(head).as("a shed HEAD has no body").endsWith("\r\n\r\n");

    Future<String> critical = getLater("/slow", true);
    awaitInFlight(2);
    String criticalShed = get("/slow", true);
    assertThat(status(criticalShed)).as("a critical request beyond the whole limit").isEqualTo(503);

    for (int i = 0; i < 20; i++) {
      assertThat(RawHttp.status(server.port(), "GET", "/health/live"))
          .as("probe %d with the limit full", i)
          .isEqualTo(200);
    }

    gate.countDown();
    assertThat(status(sheddable.get(10, TimeUnit.SECONDS))).isEqualTo(200);
    assertThat(status(critical.get(10, TimeUnit.SECONDS))).isEqualTo(200);
    awaitInFlight(0);
    assertThat(
            admission.shedCount(
                Admission.Priority.SHEDDABLE, Admission.ShedReason.CONCURRENCY_LIMIT))
        .as("the GET and the HEAD")
        .isEqualTo(2);
    assertThat(
            admission.shedCount(
                Admission.Priority.CRITICAL, Admission.ShedReason.CONCURRENCY_LIMIT))
        .isEqualTo(1);
    assertThat(admission.admittedCount(Admission.Priority.CRITICAL)).isEqualTo(1);
    assertThat(admission.finishedCount(Admission.Outcome.SUCCESS))
        .as("both answered 200: latency samples")
        .isEqualTo(2);
  }

  @Test
  void aRateLimiterShedsSheddableRequestsWithItsRetryAfterWhileCriticalOnesPass() throws Exception {
    server.close();
    RateLimiter oneAnHour =
        RateLimiter.of(
            "api", RateLimiterConfig.builder("api").limit(1, Duration.ofHours(1)).burst(1).build());
    admission = configured().rateLimiter(oneAnHour).build();
    server = start(admission);
    gate.countDown();

    assertThat(status(get("/slow", false))).isEqualTo(200);
    String shed = get("/slow", false);
    assertThat(status(shed)).as(shed).isEqualTo(503);
    assertThat(shed).containsIgnoringCase("Retry-After: 3600");
    for (int i = 0; i < 5; i++) {
      assertThat(status(get("/slow", true))).as("critical request %d", i).isEqualTo(200);
      assertThat(RawHttp.status(server.port(), "GET", "/health/live")).isEqualTo(200);
    }
    Await.until(BOUND, "nothing in flight", () -> admission.inFlight() == 0);
    assertThat(admission.shedCount(Admission.Priority.SHEDDABLE, Admission.ShedReason.RATE_LIMIT))
        .isEqualTo(1);
  }

  @Test
  void aHandlerThatThrowsGivesItsPlaceBack() throws Exception {
    for (int i = 0; i < 5; i++) {
      String answer = get("/boom", i % 2 == 0);
      assertThat(status(answer)).as("answer %d: %s", i, answer).isNotEqualTo(200);
      // The client may see the connection end a moment before the server gives the place back.
      awaitInFlight(0);
    }
    assertThat(admission.admittedCount(Admission.Priority.CRITICAL)).isEqualTo(3);
    assertThat(admission.admittedCount(Admission.Priority.SHEDDABLE)).isEqualTo(2);
    assertThat(admission.finishedCount(Admission.Outcome.SUCCESS))
        .as("no failure counts as a success")
        .isZero();
    gate.countDown();
    assertThat(status(get("/slow", false))).as("the server still serves").isEqualTo(200);
  }

  @Test
  void aClientThatDisconnectsMidResponseGivesItsPlaceBack() throws Exception {
    for (int i = 0; i < 3; i++) {
      try (Socket s = RawHttp.connect(server.port())) {
        RawHttp.send(s, "GET /big HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        InputStream in = s.getInputStream();
        assertThat(in.readNBytes(1024)).as("the response started").hasSize(1024);
        s.setSoLinger(true, 0); // a reset, as a client that gave up sends
      }
      awaitInFlight(0);
    }
    assertThat(admission.admittedCount(Admission.Priority.SHEDDABLE)).isEqualTo(3);
    gate.countDown();
    assertThat(status(get("/slow", false))).as("the server still serves").isEqualTo(200);
  }

  @Test
  void aFloodIsShedFastAndProbesStillAnswer() throws Exception {
    Future<String> holder = getLater("/slow", false);
    awaitInFlight(1);
    int threads = 4;
    int each = 100;
    List<Future<long[]>> flood = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      flood.add(
          clients.submit(
              () -> {
                long[] nanos = new long[each];
                for (int i = 0; i < each; i++) {
                  long start = System.nanoTime();
                  int status = RawHttp.status(server.port(), "GET", "/slow");
                  nanos[i] = System.nanoTime() - start;
                  if (status != 503) {
                    throw new AssertionError("a flood request got " + status + ", not 503");
                  }
                }
                return nanos;
              }));
    }
    long[] probes = new long[50];
    for (int i = 0; i < probes.length; i++) {
      long start = System.nanoTime();
      assertThat(RawHttp.status(server.port(), "GET", "/health/live"))
          .as("probe %d during the flood", i)
          .isEqualTo(200);
      probes[i] = System.nanoTime() - start;
    }
    long[] all = new long[threads * each];
    for (int t = 0; t < threads; t++) {
      System.arraycopy(flood.get(t).get(60, TimeUnit.SECONDS), 0, all, t * each, each);
    }
    java.util.Arrays.sort(all);
    java.util.Arrays.sort(probes);
    System.out.printf(
        "%s: %d flood requests shed: p50 %.2f ms, p99 %.2f ms; probes during the flood: p50 %.2f"
            + " ms, max %.2f ms%n",
        getClass().getSimpleName(),
        all.length,
        all[all.length / 2] / 1e6,
        all[all.length * 99 / 100] / 1e6,
        probes[probes.length / 2] / 1e6,
        probes[probes.length - 1] / 1e6);
    assertThat(Duration.ofNanos(all[all.length * 99 / 100]))
        .as("p99 of a shed answer: it never waits for the held request")
        .isLessThan(Duration.ofSeconds(1));
    assertThat(
            admission.shedCount(
                Admission.Priority.SHEDDABLE, Admission.ShedReason.CONCURRENCY_LIMIT))
        .isEqualTo((long) threads * each);
    gate.countDown();
    assertThat(status(holder.get(10, TimeUnit.SECONDS))).isEqualTo(200);
    awaitInFlight(0);
  }
}
