package dev.levee.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.core.InFlightTracker;
import dev.levee.http.EndpointServer;
import dev.levee.http.HttpEndpoint;
import dev.levee.http.HttpRequest;
import dev.levee.http.HttpResponse;
import dev.levee.testkit.LeveeThreads;
import dev.levee.testkit.RawHttp;
import dev.levee.timeouts.Ticker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A graceful shutdown as a load balancer sees it, in real time on 127.0.0.1: a prober asks for
 * {@code /health/ready} every 20 ms, and clients keep calling an application endpoint on the same
 * server until the prober has seen readiness fall (plus a lag, as a load balancer notices late).
 * Readiness must answer 503 for the propagation delay before the port closes, and every request a
 * client sent must be answered.
 */
@Timeout(60)
class GracefulShutdownIT {
  private static final Duration PROPAGATION = Duration.ofMillis(600);
  private static final long POLL_NANOS = 20_000_000L;

  @Test
  void readinessAnswers503ForThePropagationDelayAndNoRequestIsLost() throws Exception {
    HealthMonitor monitor = HealthMonitor.builder().name("shutdown-it").build();
    monitor.markStarted();
    InFlightTracker tracker = InFlightTracker.create("api", Ticker.system());
    HttpEndpoint api =
        new HttpEndpoint() {
          @Override
          public String basePath() {
            return "/api/work";
          }

          @Override
          public HttpResponse handle(HttpRequest request) {
            long call = tracker.enter();
            try {
              LockSupport.parkNanos(30_000_000L); // the work a call does
              return HttpResponse.of(200, Map.of(), "done".getBytes(StandardCharsets.UTF_8));
            } finally {
              tracker.exit(call);
            }
          }
        };
    EndpointServer server =
        EndpointServer.start(List.of(HealthEndpoints.of(monitor), api), "127.0.0.1", 0);
    int port = server.port();
    GracefulShutdown shutdown =
        GracefulShutdown.builder(monitor)
            .propagationDelay(PROPAGATION)
            .drain(tracker.name(), tracker::inFlight)
            .drainTimeout(Duration.ofSeconds(5))
            .close("http", server)
            .close("health", monitor)
            .build();

    List<Integer> polls = new CopyOnWriteArrayList<>();
    LoadStop stopLoad = new LoadStop();
    Thread prober =
        new Thread(
            () -> {
              int refused = 0;
              long next = System.nanoTime();
              while (refused < 3) {
                int status = RawHttp.status(port, "GET", "/health/ready");
                polls.add(status);
                refused = status == -1 ? refused + 1 : 0;
                if (status == 503 && stopLoad.at == 0) {
                  stopLoad.at = System.nanoTime() + 200_000_000L; // the balancer notices late
                }
                next += POLL_NANOS;
                LockSupport.parkNanos(next - System.nanoTime());
              }
            },
            "test-prober");
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger afterReadinessFell = new AtomicInteger();
    List<String> lost = new CopyOnWriteArrayList<>();
    List<Thread> clients = new java.util.ArrayList<>();
    for (int i = 0; i < 4; i++) {
      clients.add(
          new Thread(
              () -> {
                while (stopLoad.at == 0 || System.nanoTime() - stopLoad.at < 0) {
                  boolean fallen = stopLoad.at != 0;
                  int status = RawHttp.status(port, "POST", "/api/work");
                  if (status == 200) {
                    ok.incrementAndGet();
                    if (fallen) {
                      afterReadinessFell.incrementAndGet();
                    }
                  } else {
                    lost.add("status " + status);
                  }
                }
              },
              "test-client-" + i));
    }
    prober.start();
    clients.forEach(Thread::start);
    while (ok.get() < 40) {
      LockSupport.parkNanos(5_000_000L);
    }
    GracefulShutdown.Report report = shutdown.run();
    prober.join(10_000);
    for (Thread c : clients) {
      c.join(10_000);
    }

    int firstDown = polls.indexOf(503);
    // The port closed at the first poll not answered. That poll is refused, or, for a probe that
    // connected in the moment the listener closed, reset (NO_ANSWER): the same to a kubelet, and a
    // race no server can close. Every later poll is refused.
    int firstClosed = firstDown;
    while (firstClosed < polls.size() && polls.get(firstClosed) >= 0) {
      firstClosed++;
    }
    long downs = polls.stream().filter(s -> s == 503).count();
    System.out.printf(
        "shutdown: %d polls of /health/ready: %d answered 200, then %d answered 503 before the port"
            + " closed; %d calls answered (%d after readiness fell), %d lost; %s%n",
        polls.size(), firstDown, downs, ok.get(), afterReadinessFell.get(), lost.size(), report);
    assertThat(report.clean()).as(report.toString()).isTrue();
    assertThat(firstDown).as("readiness fell after answering 200").isPositive();
    assertThat(polls.subList(0, firstDown)).containsOnly(200);
    assertThat(polls.subList(firstDown, firstClosed))
        .as("503 until the port closed, never 200 again")
        .containsOnly(503);
    assertThat(polls.get(firstClosed))
        .as("the first poll once the port closed: %s", polls)
        .isIn(RawHttp.REFUSED, RawHttp.NO_ANSWER);
    assertThat(polls.subList(firstClosed + 1, polls.size())).containsOnly(RawHttp.REFUSED);
    assertThat(downs)
        .as("503s over the propagation delay of %s, polled every 20 ms", PROPAGATION)
        .isGreaterThanOrEqualTo(PROPAGATION.toMillis() / 20 / 2);
    assertThat(lost).as("requests sent and not answered").isEmpty();
    assertThat(afterReadinessFell.get())
        .as("calls that came during the propagation delay were still served")
        .isPositive();
    LeveeThreads.assertNoneSurvive(Duration.ofSeconds(10));
  }

  /** A deadline written by the prober and read by the clients. */
  private static final class LoadStop {
    volatile long at;
  }
}
