package dev.levee.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.levee.core.Bulkhead;
import dev.levee.core.BulkheadConfig;
import dev.levee.core.CircuitBreaker;
import dev.levee.core.CircuitBreakerConfig;
import dev.levee.core.RateLimiter;
import dev.levee.core.RateLimiterConfig;
import dev.levee.core.Registry;
import dev.levee.core.Retry;
import dev.levee.core.RetryConfig;
import dev.levee.http.HttpRequest;
import dev.levee.http.HttpResponse;
import dev.levee.timeouts.testing.ManualScheduler;
import dev.levee.timeouts.testing.ManualTicker;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The status JSON, version 1, field by field, on manual time. */
class StatusPageJsonTest {
  static final Instant T0 = Instant.parse("2026-12-07T12:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ManualTicker ticker = new ManualTicker();
  private final ManualScheduler scheduler = new ManualScheduler(ticker);
  private final Clock clock = new TickerClock(ticker, T0);
  private final HealthMonitor monitor =
      HealthMonitor.builder()
          .name("orders")
          .ticker(ticker)
          .clock(clock)
          .scheduler(scheduler)
          .executor(new Checks.DirectExecutor())
          .build();
  private final Registry<CircuitBreaker, CircuitBreakerConfig> breakers =
      CircuitBreaker.registry(
          CircuitBreakerConfig.builder("default")
              .countWindow(4)
              .minimumCalls(2)
              .failureRateThreshold(50)
              .openDuration(Duration.ofSeconds(30))
              .ticker(ticker)
              .clock(clock)
              .build());

  @AfterEach
  void close() {
    monitor.close();
  }

  static HttpResponse get(StatusPage page, String path, String query, boolean loopback) {
    return page.handle(HttpRequest.builder("GET", path).rawQuery(query).loopback(loopback).build());
  }

  static JsonNode json(HttpResponse response) throws Exception {
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.headers()).containsEntry("Content-Type", "application/json");
    return JSON.readTree(response.body());
  }

  @Test
  void theJsonHasEveryFieldOfVersionOne() throws Exception {
    Map<String, String> info = new LinkedHashMap<>();
    info.put("phase", "steady");
    monitor.register(
        HealthCheckConfig.builder("db").interval(Duration.ofSeconds(5)).build(),
        () -> HealthResult.up().withData("pool", 3));
    CircuitBreaker payments = breakers.getOrCreate("payments");
    Registry<RateLimiter, RateLimiterConfig> limiters =
        RateLimiter.registry(
            RateLimiterConfig.builder("default")
                .limit(10, Duration.ofSeconds(1))
                .ticker(ticker)
                .clock(clock)
                .build());
    Registry<Bulkhead, BulkheadConfig> bulkheads =
        Bulkhead.registry(
            BulkheadConfig.builder("default").maxConcurrent(4).ticker(ticker).clock(clock).build());
    Registry<Retry, RetryConfig> retries = Retry.registry(RetryConfig.builder("default").build());
    limiters.getOrCreate("api").tryAcquire();
    bulkheads.getOrCreate("db").tryAcquire();
    retries.getOrCreate("fetch");
    StatusPage page =
        StatusPage.builder(monitor)
            .title("Orders")
            .info(() -> info)
            .circuitBreakers(breakers)
            .rateLimiters(limiters)
            .bulkheads(bulkheads)
            .retries(retries)
            .build();

    scheduler.runDue(); // db's first result, at T0
    ticker.advance(Duration.ofSeconds(1));
    payments.onSuccess(payments.tryAcquire(), 0);
    payments.onFailure(payments.tryAcquire(), new ConnectException("refused"));
    payments.tryAcquire(); // rejected: open
    scheduler.runDue(); // sample 0, at T0 + 1 s
    ticker.advance(Duration.ofSeconds(1));
    scheduler.runDue(); // sample 1, at T0 + 2 s

    JsonNode actual = json(get(page, "/status/status.json", null, true));

    String expected =
        """
        {"version": 1, "generated_at": "2026-12-07T12:00:02Z", "title": "Orders",
         "details": true, "status": "DOWN",
         "groups": [{"name": "live", "status": "UP"}, {"name": "ready", "status": "DOWN"},
                    {"name": "started", "status": "DOWN"}, {"name": "raft", "status": "UP"}],
         "info": {"phase": "steady"},
         "checks": [
           {"name": "db", "status": "UP", "pending": false, "critical": true,
            "groups": ["ready"], "reason": null, "error": null, "duration_ms": 0.0,
            "checked_at": "2026-12-07T12:00:00Z", "since": "2026-12-07T12:00:00Z",
            "consecutive_failures": 0, "consecutive_successes": 1, "data": {"pool": 3}},
           {"name": "shutdown", "status": "UP", "pending": false, "critical": true,
            "groups": ["ready"], "reason": null, "error": null, "duration_ms": 0.0,
            "checked_at": null, "since": "2026-12-07T12:00:00Z",
            "consecutive_failures": 0, "consecutive_successes": 0, "data": {}},
           {"name": "startup", "status": "DOWN", "pending": false, "critical": true,
            "groups": ["ready", "started"], "reason": "starting", "error": null,
            "duration_ms": 0.0, "checked_at": null, "since": "2026-12-07T12:00:00Z",
            "consecutive_failures": 0, "consecutive_successes": 0, "data": {}}],
         "samples": {"interval_ms": 1000, "first": 0, "last": 1,
                     "last_at": "2026-12-07T12:00:02Z"},
         "circuit_breakers": [
           {"name": "payments", "state": "OPEN", "failure_rate": null, "slow_call_rate": null,
            "window": {"calls": 0, "failures": 0, "slow_calls": 0, "successes": 0},
            "totals": {"successes": 1, "failures": 1, "slow_calls": 0, "ignored": 0,
                       "rejected": 1},
            "last_transition_at": "2026-12-07T12:00:01Z",
            "series": {"calls": [2, 0], "failures": [1, 0], "rejections": [1, 0]}}],
         "rate_limiters": [{"name": "api", "permitted": 1, "rejected": 0, "available": 10}],
         "bulkheads": [{"name": "db", "in_flight": 1, "max_concurrent": 4, "rejected": 0}],
         "retries": [{"name": "fetch", "success_without_retry": 0, "success_with_retry": 0,
                      "failed_without_retry": 0, "failed_with_retry": 0, "retries": 0,
                      "budget_exhausted": 0}],
         "timeline": [
           {"at": "2026-12-07T12:00:01Z", "kind": "circuit_breaker", "name": "payments",
            "from": "CLOSED", "to": "OPEN",
            "reason": "failure rate 50.0% >= 50.0% over 2 calls"},
           {"at": "2026-12-07T12:00:00Z", "kind": "check", "name": "db", "from": null,
            "to": "UP", "reason": null}]}
        """;
    assertThat(actual).isEqualTo(JSON.readTree(expected));
  }

  @Test
  void sinceGivesOnlyTheNewerSamples() throws Exception {
    CircuitBreaker payments = breakers.getOrCreate("payments");
    StatusPage page = StatusPage.builder(monitor).circuitBreakers(breakers).build();
    for (int second = 0; second < 3; second++) {
      for (int i = 0; i <= second; i++) {
        payments.onSuccess(payments.tryAcquire(), 0);
      }
      scheduler.advance(Duration.ofSeconds(1));
    }

    JsonNode all = json(get(page, "/status/status.json", "since=-1", true));
    assertThat(all.at("/samples/first").asLong()).isZero();
    assertThat(all.at("/samples/last").asLong()).isEqualTo(2);
    assertThat(all.at("/circuit_breakers/0/series/calls").toString()).isEqualTo("[1,2,3]");

    JsonNode newer = json(get(page, "/status/status.json", "since=1", true));
    assertThat(newer.at("/samples/first").asLong()).isEqualTo(2);
    assertThat(newer.at("/circuit_breakers/0/series/calls").toString()).isEqualTo("[3]");

    JsonNode none = json(get(page, "/status/status.json", "since=2", true));
    assertThat(none.at("/samples/first").asLong()).isEqualTo(-1);
    assertThat(none.at("/circuit_breakers/0/series/calls").toString()).isEqualTo("[]");
  }

  @Test
  void theChartsKeepTheLastThreeMinutes() throws Exception {
    CircuitBreaker payments = breakers.getOrCreate("payments");
    StatusPage page = StatusPage.builder(monitor).circuitBreakers(breakers).build();
    for (int second = 0; second < StatusPage.SAMPLES + 20; second++) {
      payments.onSuccess(payments.tryAcquire(), 0);
      scheduler.advance(Duration.ofSeconds(1));
    }
    JsonNode all = json(get(page, "/status/status.json", null, true));
    assertThat(all.at("/samples/first").asLong()).isEqualTo(20);
    assertThat(all.at("/samples/last").asLong()).isEqualTo(StatusPage.SAMPLES + 19);
    assertThat(all.at("/circuit_breakers/0/series/calls").size()).isEqualTo(StatusPage.SAMPLES);
  }

  @Test
  void aBreakerAddedLaterIsCountedFromZeroAndARemovedOneIsDropped() throws Exception {
    CircuitBreaker first = breakers.getOrCreate("a");
    first.onSuccess(first.tryAcquire(), 0); // before the page: not a spike in its chart
    StatusPage page = StatusPage.builder(monitor).circuitBreakers(breakers).build();
    scheduler.advance(Duration.ofSeconds(1));
    CircuitBreaker later = breakers.getOrCreate("b");
    later.onSuccess(later.tryAcquire(), 0);
    scheduler.advance(Duration.ofSeconds(1));

    JsonNode view = json(get(page, "/status/status.json", null, true));
    assertThat(view.at("/circuit_breakers/0/series/calls").toString()).isEqualTo("[0,0]");
    assertThat(view.at("/circuit_breakers/1/name").asText()).isEqualTo("b");
    assertThat(view.at("/circuit_breakers/1/series/calls").toString()).isEqualTo("[0,1]");

    breakers.remove("a");
    scheduler.advance(Duration.ofSeconds(1));
    JsonNode after = json(get(page, "/status/status.json", null, true));
    assertThat(after.at("/circuit_breakers").size()).isEqualTo(1);
    assertThat(after.at("/circuit_breakers/0/name").asText()).isEqualTo("b");
  }

  @Test
  void theSamplerIsOneTimerTaskThatStopsWithThePageOrTheMonitor() {
    int before = scheduler.pending();
    StatusPage page = StatusPage.builder(monitor).circuitBreakers(breakers).build();
    assertThat(scheduler.pending()).as("the sampler's next sample").isEqualTo(before + 1);
    scheduler.advance(Duration.ofSeconds(1));
    assertThat(scheduler.pending()).as("it reschedules itself, once").isEqualTo(before + 1);
    page.close();
    assertThat(scheduler.pending()).isEqualTo(before);

    StatusPage other = StatusPage.builder(monitor).circuitBreakers(breakers).build();
    assertThat(scheduler.pending()).isEqualTo(before + 1);
    monitor.close();
    assertThat(scheduler.pending()).as("closing the monitor stops it").isZero();
    other.close(); // idempotent after the monitor's close
  }

  @Test
  void pathsMethodsAndBadQueries() {
    StatusPage page = StatusPage.builder(monitor).basePath("/ops/status").build();
    assertThat(page.jsonPath()).isEqualTo("/ops/status/status.json");
    assertThat(get(page, "/ops/status/other", null, true).status()).isEqualTo(404);
    HttpResponse post =
        page.handle(HttpRequest.builder("POST", "/ops/status").loopback(true).build());
    assertThat(post.status()).isEqualTo(405);
    assertThat(post.headers()).containsEntry("Allow", "GET, HEAD");
    HttpResponse bad = get(page, "/ops/status/status.json", "since=abc", true);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(new String(bad.body(), StandardCharsets.UTF_8))
        .contains("since must be a sample number (or -1), was \\\"abc\\\"");
    HttpResponse head =
        page.handle(HttpRequest.builder("HEAD", "/ops/status").loopback(true).build());
    HttpResponse get = get(page, "/ops/status", null, true);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().get("Content-Length")).isEqualTo(Integer.toString(get.body().length));
    assertThat(get.headers()).containsEntry("Cache-Control", "no-store");

    StatusPage root = StatusPage.builder(monitor).basePath("/").build();
    assertThat(root.jsonPath()).isEqualTo("/status.json");
    assertThat(get(root, "/status.json", null, true).status()).isEqualTo(200);
    assertThat(get(root, "/", null, true).headers().get("Content-Type"))
        .isEqualTo("text/html; charset=utf-8");
  }
}
