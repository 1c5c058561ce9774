package dev.levee.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.http.HostileClients.Held;
import dev.levee.http.HostileClients.Kind;
import dev.levee.http.servers.TestServers;
import dev.levee.testkit.Await;
import dev.levee.testkit.RawHttp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The hostile-client battery every adapter faces, on real sockets on 127.0.0.1: fifty connections
 * held open by clients that send half a request line, dribble header bytes one a second, declare a
 * body they never send, or send nothing, while an honest prober asks for {@code /health/live} and
 * {@code /health/ready} on fresh connections, as a kubelet does. Each adapter's IT starts its
 * server with the settings the README names for it, and states what it guarantees.
 */
@Timeout(120)
abstract class HostileClientsContract {
  /** The read timeout each adapter is configured with. */
  static final Duration READ_TIMEOUT = Duration.ofSeconds(2);

  /** The connection limit each adapter that has one is configured with. */
  static final int MAX_CONNECTIONS = 100;

  /** What probes must stay under at p99 (issue 14, point 1). */
  static final Duration PROBE_P99 = Duration.ofMillis(50);

  TestServers.Running server;
  HostileClients hostile;

  /**
   * Starts the adapter's server on 127.0.0.1, port 0, with {@link #READ_TIMEOUT} and {@link
   * #MAX_CONNECTIONS} where the adapter has such settings.
   */
  abstract TestServers.Running start(HttpEndpoint endpoints) throws Exception;

  /** Whether the adapter closes a connection whose request has not all arrived in time. */
  abstract boolean closesIncompleteRequests();

  @BeforeEach
  void startServer() throws Exception {
    server = start(new ProbeEndpoint());
    hostile = new HostileClients(server.port());
  }

  @AfterEach
  void stop() throws Exception {
    hostile.close();
    server.close();
  }

  /** Probes on fresh connections, alternating live and ready; each must answer 200. */
  long[] probe(int n) throws Exception {
    long[] nanos = new long[n];
    for (int i = 0; i < n; i++) {
      String path = i % 2 == 0 ? "/health/live" : "/health/ready";
      long start = System.nanoTime();
      int status = RawHttp.status(server.port(), "GET", path);
      nanos[i] = System.nanoTime() - start;
      assertThat(status).as("%s probe %d", path, i).isEqualTo(200);
    }
    return nanos;
  }

  List<Held> holdFifty() throws Exception {
    List<Held> all = new ArrayList<>();
    all.addAll(hostile.open(Kind.PARTIAL_LINE, 13));
    all.addAll(hostile.open(Kind.DRIBBLE, 13));
    all.addAll(hostile.open(Kind.BODY_NEVER_SENT, 12));
    all.addAll(hostile.open(Kind.SILENT, 12));
    return all;
  }

  @Test
  void probesAnswerWithinFiftyMillisecondsWhileFiftyConnectionsAreHeld() throws Exception {
    probe(40); // warm up: class loading and JIT are not what this measures
    holdFifty();
    long[] nanos = probe(200);
    long p50 = HostileClients.quantile(nanos, 0.50);
    long p99 = HostileClients.quantile(nanos, 0.99);
    System.out.printf(
        "%s: probe latency with 50 hostile connections held: p50 %.2f ms, p99 %.2f ms, max %.2f"
            + " ms (200 probes)%n",
        getClass().getSimpleName(),
        p50 / 1e6,
        p99 / 1e6,
        HostileClients.quantile(nanos, 1.0) / 1e6);
    assertThat(Duration.ofNanos(p99)).as("probe p99").isLessThan(PROBE_P99);
    assertThat(hostile.poll())
        .as("the hostile connections were still held while the probes ran")
        .isGreaterThan(0);
  }

  @Test
  void heldConnectionsAreClosedAfterTheReadTimeout() throws Exception {
    List<Held> held = holdFifty();
    Duration bound = READ_TIMEOUT.plusSeconds(2);
    if (!closesIncompleteRequests()) {
      // Documented: this adapter's settings cannot bound a dribbling client. Show what it does.
      Await.until(
          bound.plusSeconds(1),
          "the partial and silent connections closed",
          () -> {
            hostile.poll();
            return held.stream().filter(h -> h.kind != Kind.DRIBBLE).allMatch(h -> h.closedAt != 0);
          });
      return;
    }
    Await.until(
        bound.plusSeconds(1),
        () -> "every held connection closed; still open: " + stillOpen(held),
        () -> hostile.poll() == 0);
    for (Held h : held) {
      Duration open = Duration.ofNanos(h.closedAt - h.openedAt);
      assertThat(open)
          .as("%s connection closed after the read timeout, not before", h.kind)
          .isGreaterThanOrEqualTo(READ_TIMEOUT.minusMillis(100))
          .isLessThan(bound);
    }
  }

  private static List<String> stillOpen(List<Held> held) {
    return held.stream().filter(h -> h.closedAt == 0).map(h -> h.kind.name()).toList();
  }

  /**
   * What a new connection gets once {@link #MAX_CONNECTIONS} are held by clients that sent half a
   * request line: its status and the longest it may wait for it.
   */
  record AtTheLimit(int status, Duration within) {}

  /** What this adapter does at its connection limit (documented in the README). */
  abstract AtTheLimit atTheLimit();

  @Test
  void beyondTheConnectionLimitANewConnectionIsAnsweredWithoutHanging() throws Exception {
    hostile.open(Kind.PARTIAL_LINE, MAX_CONNECTIONS);
    AtTheLimit expected = atTheLimit();
    long start = System.nanoTime();
    int status = RawHttp.status(server.port(), "GET", "/health/live");
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    System.out.printf(
        "%s: a probe beyond %d held connections got %d after %d ms%n",
        getClass().getSimpleName(), MAX_CONNECTIONS, status, took.toMillis());
    assertThat(status).as("status beyond the limit").isEqualTo(expected.status());
    assertThat(took).as("time to the answer").isLessThan(expected.within());
  }

  /** Targets whose percent-encoding does not decode: bad escapes, or bytes that are not UTF-8. */
  static final List<String> BAD_ENCODINGS =
      List.of(
          "/health/ready?exclude=%zz",
          "/health/ready?exclude=%E0%A4%A",
          "/health/ready?exclude=%FF",
          "/health/%zz",
          "/health/ready/%",
          "/health/%C3%28");

  /**
   * The targets of {@link #BAD_ENCODINGS} this adapter's server refuses with a 400 of its own
   * before any handler runs (documented in the README); Levee answers the rest.
   */
  abstract Set<String> refusedByTheServerItself();

  @Test
  void percentEncodingThatDoesNotDecodeGetsA400AndLeveesJsonWhereverLeveeSeesIt() throws Exception {
    for (String target : BAD_ENCODINGS) {
      String answer =
          RawHttp.exchange(
              server.port(),
              "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
      assertThat(answer).as(target).startsWith("HTTP/1.1 400");
      String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
      if (refusedByTheServerItself().contains(target)) {
        assertThat(body).as(target + " (refused by the server itself)").doesNotContain("malformed");
      } else {
        assertThat(body).as(target).startsWith("{\"error\":\"malformed ");
      }
    }
    assertThat(RawHttp.status(server.port(), "GET", "/health/live")).isEqualTo(200);
  }
}
