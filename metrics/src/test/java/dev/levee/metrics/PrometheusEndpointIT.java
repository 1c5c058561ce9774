package dev.levee.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.levee.core.Bulkhead;
import dev.levee.core.BulkheadConfig;
import dev.levee.core.CircuitBreaker;
import dev.levee.core.CircuitBreakerConfig;
import dev.levee.core.RateLimiter;
import dev.levee.core.RateLimiterConfig;
import dev.levee.core.Registry;
import dev.levee.core.Retry;
import dev.levee.core.RetryConfig;
import dev.levee.health.HealthCheckConfig;
import dev.levee.health.HealthEndpoints;
import dev.levee.health.HealthGroup;
import dev.levee.health.HealthMonitor;
import dev.levee.health.HealthResult;
import dev.levee.health.raft.RaftHealthCheck;
import dev.levee.health.raft.RaftRole;
import dev.levee.health.raft.RaftStatus;
import dev.levee.http.EndpointServer;
import dev.levee.metrics.prometheus.PrometheusEndpoint;
import dev.levee.testkit.LeveeThreads;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.File;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A registry holding every meter family, served by {@link PrometheusEndpoint} next to the health
 * endpoints on one EndpointServer (127.0.0.1, ephemeral port), and checked by a real Prometheus
 * parser: {@code promtool check metrics}.
 */
@Timeout(120)
class PrometheusEndpointIT {
  private final PrometheusMeterRegistry prometheus =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private HealthMonitor monitor;
  private EndpointServer server;
  private dev.levee.timeouts.TimeLimiter limiter;
  private Registry<CircuitBreaker, CircuitBreakerConfig> breakers;
  private Registry<Retry, RetryConfig> retries;
  private Registry<RateLimiter, RateLimiterConfig> limiters;
  private Registry<Bulkhead, BulkheadConfig> bulkheads;
  private dev.levee.core.InFlightTracker tracker;

  @BeforeEach
  void start() throws Exception {
    // Fields, not locals: function counters hold their primitives weakly (a primitive nobody can
    // reach records nothing more), so the registries must outlive the test's scrapes.
    breakers = CircuitBreaker.registry(CircuitBreakerConfig.defaults());
    retries = Retry.registry(RetryConfig.defaults());
    limiters = RateLimiter.registry(RateLimiterConfig.builder("default").build());
    bulkheads = Bulkhead.registry(BulkheadConfig.builder("default").build());
    breakers.getOrCreate("db").run(() -> {});
    retries.getOrCreate("db").run(() -> {});
    limiters.getOrCreate("partner").tryAcquire();
    bulkheads.getOrCreate("db").run(() -> {});
    monitor = HealthMonitor.builder().name("prom").build();
    monitor.markStarted();
    monitor.register(
        HealthCheckConfig.builder("db").groups(HealthGroup.READY, HealthGroup.LIVE).build(),
        HealthResult::up);
    RaftStatus raft =
        RaftStatus.builder()
            .nodeId("n1")
            .role(RaftRole.FOLLOWER)
            .term(2)
            .leaderId("n2")
            .commitIndex(7)
            .appliedIndex(7)
            .sinceLeaderContact(Duration.ZERO)
            .voters(3)
            .peers(List.of())
            .alive(true)
            .storageHealthy(true)
            .leaderReady(false)
            .build();
    RaftHealthCheck raftCheck = RaftHealthCheck.builder(() -> raft).build();
    limiter = dev.levee.timeouts.TimeLimiter.builder("prom").build();
    try {
      limiter.call(
          "proposal",
          Duration.ofMillis(1),
          () -> {
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofSeconds(5).toNanos());
            return 1;
          },
          null);
    } catch (Exception timedOut) {
      // one violation of "proposal", for the timeouts family
    }
    tracker = dev.levee.core.InFlightTracker.create("api", dev.levee.timeouts.Ticker.system());
    raftCheck.check();
    PipelineTimer timer = PipelineTimer.builder("orders").histogram(true).build();
    dev.levee.core.Pipeline orders =
        dev.levee.core.Pipeline.builder("orders")
            .circuitBreaker(breakers.getOrCreate("orders"))
            .observer(timer)
            .build();
    LeveeMetrics.builder()
        .pipelineTimer(timer)
        .circuitBreakers(breakers)
        .retries(retries)
        .rateLimiters(limiters)
        .bulkheads(bulkheads)
        .health(monitor)
        .raft(raftCheck, "n1")
        .timeLimiter(limiter)
        .inFlight(tracker, Duration.ofSeconds(30))
        .build()
        .bindTo(prometheus);
    orders.run(() -> {}); // one timed call: the timer family with values, buckets included
    server =
        EndpointServer.start(
            List.of(HealthEndpoints.of(monitor), PrometheusEndpoint.of(prometheus)),
            "127.0.0.1",
            0);
  }

  @AfterEach
  void stop() {
    server.close();
    monitor.close();
    limiter.close();
  }

  private HttpResponse<String> send(String method, String path, String accept) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .timeout(Duration.ofSeconds(5))
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (accept != null) {
      b.header("Accept", accept);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesBothFormatsBesideTheHealthEndpoints() throws Exception {
    HttpResponse<String> text = send("GET", "/metrics", null);
    assertThat(text.statusCode()).isEqualTo(200);
    assertThat(text.headers().firstValue("Content-Type")).contains(PrometheusEndpoint.TEXT_004);
    assertThat(text.body())
        .contains(
            "circuitbreaker_state{name=\"db\"} 0.0",
            "circuitbreaker_requests_total{name=\"db\",result=\"successful\"} 1.0",
            "circuitbreaker_state_changes_total{from=\"closed\",name=\"db\",to=\"open\"} 0.0",
            "retry_calls_total{name=\"db\",result=\"successful_without_retry\"} 1.0",
            "retry_budget_exhausted_total{name=\"db\"} 0.0",
            "ratelimiter_requests_total{name=\"partner\",result=\"permitted\"} 1.0",
            "ratelimiter_available_permits{name=\"partner\"}",
            "bulkhead_in_flight{name=\"db\"} 0.0",
            "bulkhead_max_allowed{name=\"db\"} 25.0",
            "bulkhead_rejected_total{name=\"db\"} 0.0",
            "health_status{group=\"ready\"}",
            "health_check_status{check=\"db\",group=\"live\"}",
            "health_check_duration_seconds{check=\"db\"}",
            "raft_term{node=\"n1\"} 2.0",
            "raft_leadership_changes_total{node=\"n1\"} 0.0",
            "timeouts_violations_total{operation=\"proposal\"} 1.0",
            "inflight_hung{name=\"api\"} 0.0",
            "pipeline_calls_seconds_count{name=\"orders\",result=\"successful\"} 1",
            "pipeline_calls_seconds_bucket{name=\"orders\",result=\"rejected\",le=\"+Inf\"} 0");
    HttpResponse<String> open =
        send("GET", "/metrics", "application/openmetrics-text; version=1.0.0");
    assertThat(open.headers().firstValue("Content-Type"))
        .contains(PrometheusEndpoint.OPENMETRICS_100);
    assertThat(open.body()).endsWith("# EOF\n");
    assertThat(send("HEAD", "/metrics", null).body()).isEmpty();
    HttpResponse<String> post = send("POST", "/metrics", null);
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).contains("GET, HEAD");
    assertThat(send("GET", "/metrics/x", null).statusCode()).isEqualTo(404);
    assertThat(send("GET", "/health/ready", null).statusCode())
        .as("health beside it")
        .isEqualTo(200);
  }

  @Test
  void promtoolFindsNoProblem() throws Exception {
    String promtool = onPath("promtool");
    assumeTrue(
        promtool != null,
        "promtool not found on PATH: install Debian's 'prometheus' package (.ci/run does) to run"
            + " this check");
    String scrape = send("GET", "/metrics", null).body();
    Process p = new ProcessBuilder(promtool, "check", "metrics").redirectErrorStream(true).start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(scrape.getBytes(StandardCharsets.UTF_8));
    }
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("promtool finished within 60s").isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(out).as("promtool's findings").isEmpty();
    assertThat(p.exitValue()).as("promtool's exit code; it said: " + out).isZero();
  }

  @Test
  void closingLeavesNoThread() {
    server.close();
    monitor.close();
    limiter.close();
    LeveeThreads.assertNoneSurvive(Duration.ofSeconds(10));
  }

  private static String onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      File f = new File(dir, tool);
      if (f.canExecute()) {
        return f.getPath();
      }
    }
    return null;
  }
}
