package dev.levee.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levee.core.Bulkhead;
import dev.levee.testkit.LeveeThreads;
import dev.levee.testkit.RawHttp;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Levee#close()} as Kubernetes sees it, without the user ordering anything: readiness
 * answers 503 for the propagation delay while a prober asks every 20 ms, intake stops, a bulkhead's
 * call drains, the application's resource closes while the port still answers, and the HTTP server
 * closes last.
 */
@Timeout(60)
class LeveeShutdownIT {
  @Test
  void closeServesReadinessDownThenDrainsThenClosesTheServerLast() throws Exception {
    LeveeConfig config =
        LeveeConfig.load(
            """
            resilience: { bulkhead: { instances: { db: { max_concurrent: 2 } } } }
            health: { http: { port: 0, bind_address: 127.0.0.1, read_timeout: 2s } }
            metrics: { port: 0 }
            shutdown: { propagation_delay: 500ms, drain_timeout: 5s }
            """);
    assertThat(config.http().readTimeout()).isEqualTo(Duration.ofSeconds(2));
    List<String> events = new CopyOnWriteArrayList<>();
    List<Integer> polls = new CopyOnWriteArrayList<>();
    AtomicBoolean polling = new AtomicBoolean(true);
    Levee levee = Levee.start(config);
    int port = levee.healthPort().orElseThrow();
    Bulkhead db = levee.bulkheads().getOrCreate("db");
    levee.health().markStarted();
    assertThat(db.tryAcquire()).as("a call in flight").isTrue();
    levee
        .stopIntakeOnShutdown(
            "consumer",
            () ->
                events.add("intake stopped, ready " + RawHttp.status(port, "GET", "/health/ready")))
        .drainOnShutdown("jobs", () -> 0)
        .closeOnShutdown(
            "pool",
            () -> {
              events.add(
                  "pool closed, ready "
                      + RawHttp.status(port, "GET", "/health/ready")
                      + ", in flight "
                      + db.inFlight());
            });
    Thread prober =
        new Thread(
            () -> {
              while (polling.get()) {
                polls.add(RawHttp.status(port, "GET", "/health/ready"));
                LockSupport.parkNanos(20_000_000L);
              }
            },
            "test-prober");
    prober.start();
    while (polls.size() < 5) {
      LockSupport.parkNanos(5_000_000L);
    }
    Thread releaser =
        new Thread(
            () -> {
              while (events.isEmpty()) {
                LockSupport.parkNanos(5_000_000L);
              }
              LockSupport.parkNanos(100_000_000L); // the call ends 100 ms into the drain
              db.release();
            },
            "test-releaser");
    releaser.start();
    long start = System.nanoTime();
    levee.close();
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    dev.levee.testkit.Await.until(
        Duration.ofSeconds(5), "the prober found the port closed", () -> polls.contains(-1));
    polling.set(false);
    prober.join(10_000);
    releaser.join(10_000);

    int firstDown = polls.indexOf(503);
    // The port closed at the first poll not answered: refused, or reset for a probe that connected
    // in the moment the listener closed (the same to a kubelet).
    int firstRefused = Math.max(firstDown, 0);
    while (firstRefused < polls.size() && polls.get(firstRefused) >= 0) {
      firstRefused++;
    }
    System.out.printf("Levee.close(): %s; polls %s; events %s%n", took, polls, events);
    assertThat(took)
        .as("the delay and the drain were waited for")
        .isGreaterThan(Duration.ofMillis(550));
    assertThat(firstDown).as("200 before close").isPositive();
    assertThat(polls.subList(0, firstDown)).containsOnly(200);
    assertThat(firstRefused).as("refused once closed").isGreaterThan(firstDown);
    assertThat(polls.subList(firstDown, firstRefused)).containsOnly(503);
    assertThat(firstRefused - firstDown)
        .as("503s over 500 ms, polled every 20 ms")
        .isGreaterThanOrEqualTo(8);
    assertThat(events)
        .containsExactly("intake stopped, ready 503", "pool closed, ready 503, in flight 0");
    assertThatThrownBy(
            () -> {
              try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
              }
            })
        .isInstanceOf(ConnectException.class);
    levee.close(); // idempotent
    LeveeThreads.assertNoneSurvive(Duration.ofSeconds(10));
  }
}
