package dev.levee.http.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.core.AdaptiveLimiter;
import dev.levee.core.AdaptiveLimiterConfig;
import dev.levee.http.EndpointServer;
import dev.levee.http.HttpEndpoint;
import dev.levee.http.HttpRequest;
import dev.levee.http.HttpResponse;
import dev.levee.testkit.Await;
import dev.levee.testkit.LeveeThreads;
import dev.levee.testkit.RawHttp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
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
 * {@link Admission#guard} on Levee's own {@link EndpointServer}: decided on the I/O thread, so a
 * shed request is answered at once even when every worker is taken, and probes on an unguarded
 * endpoint still answer. Critical requests are marked by path, the only way through an {@link
 * HttpRequest} (it carries no custom header).
 */
@Timeout(60)
class AdmissionEndpointServerIT {
  private static final Duration BOUND = Duration.ofSeconds(10);

  private final AdaptiveLimiter limit =
      AdaptiveLimiter.of(
          "api",
          AdaptiveLimiterConfig.builder("api").initialLimit(2).minLimit(2).maxLimit(2).build());
  private final Admission admission =
      Admission.builder("api")
          .limiter(limit)
          .sheddableShare(0.5)
          .critical(r -> r.path().startsWith("/api/critical"))
          .build();
  private final CountDownLatch gate = new CountDownLatch(1);
  private final ExecutorService clients = Executors.newCachedThreadPool();
  private EndpointServer server;

  @BeforeEach
  void start() {
    server =
        EndpointServer.builder()
            .endpoint(endpoint("/health", false))
            .endpoint(admission.guard(endpoint("/api", true)))
            .bind("127.0.0.1", 0)
            .workerThreads(2)
            .workerQueue(4)
            .start();
  }

  @AfterEach
  void stop() throws Exception {
    gate.countDown();
    server.close();
    clients.shutdownNow();
    assertThat(clients.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    LeveeThreads.assertNoneSurvive(BOUND);
  }

  private HttpEndpoint endpoint(String base, boolean slow) {
    return new HttpEndpoint() {
      @Override
      public String basePath() {
        return base;
      }

      @Override
      public boolean nonBlocking() {
        return !slow; // probes answer on the I/O thread, as Levee's health endpoints do
      }

      @Override
      public HttpResponse handle(HttpRequest request) {
        if (request.path().endsWith("/boom")) {
          throw new IllegalStateException("the application failed");
        }
        if (slow) {
          try {
            assertThat(gate.await(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        return HttpResponse.of(200, Map.of(), "ok".getBytes(StandardCharsets.US_ASCII));
      }
    };
  }

  private Future<String> getLater(String path) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return RawHttp.exchange(
                server.port(),
                "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
          } catch (IOException e) {
            return "failed: " + e;
          }
        },
        clients);
  }

  private void awaitInFlight(int n) {
    Await.until(
        BOUND,
        () -> "in flight " + n + ", was " + admission.inFlight(),
        () -> admission.inFlight() == n && limit.inFlight() == n);
  }

  @Test
  void aShedRequestIsAnsweredAtOnceWhileEveryWorkerIsTaken() throws Exception {
    Future<String> sheddable = getLater("/api/orders");
    awaitInFlight(1);
    Future<String> critical = getLater("/api/critical/orders");
    awaitInFlight(2); // both workers are now waiting for the gate

    String shed =
        RawHttp.exchange(
            server.port(),
            "GET /api/orders HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    assertThat(shed).startsWith("HTTP/1.1 503").containsIgnoringCase("Retry-After: 1");
    assertThat(shed).contains("\"error\":\"overloaded: too many requests in progress");
    assertThat(RawHttp.status(server.port(), "GET", "/api/critical/orders"))
        .as("a critical request beyond the whole limit")
        .isEqualTo(503);
    for (int i = 0; i < 10; i++) {
      assertThat(RawHttp.status(server.port(), "GET", "/health/live"))
          .as("probe %d", i)
          .isEqualTo(200);
    }
    gate.countDown();
    assertThat(sheddable.get(10, TimeUnit.SECONDS)).startsWith("HTTP/1.1 200");
    assertThat(critical.get(10, TimeUnit.SECONDS)).startsWith("HTTP/1.1 200");
    awaitInFlight(0);
    assertThat(
            admission.shedCount(
                Admission.Priority.SHEDDABLE, Admission.ShedReason.CONCURRENCY_LIMIT))
        .isEqualTo(1);
    assertThat(
            admission.shedCount(
                Admission.Priority.CRITICAL, Admission.ShedReason.CONCURRENCY_LIMIT))
        .isEqualTo(1);
  }

  @Test
  void anEndpointThatThrowsGivesItsPlaceBack() {
    for (int i = 0; i < 4; i++) {
      assertThat(RawHttp.status(server.port(), "GET", "/api/boom")).isEqualTo(500);
    }
    awaitInFlight(0);
    assertThat(admission.finishedCount(Admission.Outcome.FAILED)).isEqualTo(4);
  }
}
