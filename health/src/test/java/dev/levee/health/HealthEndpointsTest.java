package dev.levee.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.levee.http.HttpRequest;
import dev.levee.http.HttpResponse;
import dev.levee.timeouts.testing.ManualScheduler;
import dev.levee.timeouts.testing.ManualTicker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Paths, codes, headers, both JSON shapes and detail exposure, without a server. */
class HealthEndpointsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "s3cret-token-0123456789";

  private final ManualTicker ticker = new ManualTicker();
  private final ManualScheduler scheduler = new ManualScheduler(ticker);
  private final HealthMonitor monitor =
      HealthMonitor.builder()
          .ticker(ticker)
          .scheduler(scheduler)
          .executor(new Checks.DirectExecutor())
          .build();
  private final Checks.Scripted db = new Checks.Scripted();
  private final HealthEndpoints endpoints =
      HealthEndpoints.builder(monitor)
          .details(DetailPolicy.loopback().or(DetailPolicy.bearerToken(TOKEN)))
          .build();

  @BeforeEach
  void setUp() {
    monitor.markStarted();
    db.set(HealthResult.up().withData("active", 3).withData("url_password", "hunter2"));
    monitor.register(HealthCheckConfig.builder("db").failureAttempts(1).build(), db);
    monitor.register(
        HealthCheckConfig.builder("deadlocks").groups(HealthGroup.LIVE).build(), HealthResult::up);
    monitor.register(
        HealthCheckConfig.builder("cache").critical(false).failureAttempts(1).build(),
        () -> HealthResult.degraded("hit ratio 0.2").withData("hit_ratio", 0.2));
    scheduler.runDue();
  }

  @AfterEach
  void close() {
    monitor.close();
  }

  private HttpResponse get(String path) {
    return handle("GET", path, null, true, null);
  }

  private HttpResponse handle(
      String method, String target, String accept, boolean loopback, String authorization) {
    int q = target.indexOf('?');
    return endpoints.handle(
        HttpRequest.builder(method, q < 0 ? target : target.substring(0, q))
            .rawQuery(q < 0 ? null : target.substring(q + 1))
            .accept(accept)
            .authorization(authorization)
            .loopback(loopback)
            .build());
  }

  private static JsonNode json(HttpResponse r) throws Exception {
    return JSON.readTree(new String(r.body(), StandardCharsets.UTF_8));
  }

  @Test
  void groupsAnswer200WhenUpOrDegradedAnd503WhenDown() throws Exception {
    HttpResponse ready = get("/health/ready");
    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.headers())
        .containsEntry("Content-Type", "application/json")
        .containsEntry("Cache-Control", "no-store")
        .containsEntry("Content-Length", Integer.toString(ready.body().length));
    JsonNode body = json(ready);
    assertThat(body.get("status").asText()).isEqualTo("UP");
    JsonNode cache = body.get("checks").get(0);
    assertThat(cache.get("name").asText()).isEqualTo("cache");
    assertThat(cache.get("status").asText()).as("MicroProfile knows UP and DOWN").isEqualTo("UP");
    assertThat(cache.get("data").get("degraded").asBoolean()).isTrue();
    assertThat(cache.get("data").get("reason").asText()).isEqualTo("hit ratio 0.2");
    assertThat(cache.get("data").get("hit_ratio").asDouble()).isEqualTo(0.2);
    JsonNode dbNode = body.get("checks").get(1);
    assertThat(dbNode.get("data").get("active").asInt()).isEqualTo(3);
    assertThat(dbNode.get("data").get("url_password").asText()).isEqualTo("****");

    db.set(HealthResult.down("connection refused"));
    scheduler.advance(Duration.ofSeconds(5));
    HttpResponse down = get("/health/ready");
    assertThat(down.status()).isEqualTo(503);
    assertThat(json(down).get("status").asText()).isEqualTo("DOWN");
    assertThat(get("/health/live").status()).as("liveness ignores the database").isEqualTo(200);
    assertThat(get("/health").status()).isEqualTo(503);
    assertThat(get("/health/ready?exclude=db").status()).isEqualTo(200);
    assertThat(get("/health/ready?exclude=cache,db").status()).isEqualTo(200);
    assertThat(get("/health/started").status()).isEqualTo(200);
    assertThat(get("/health/raft").status()).as("an empty group is UP").isEqualTo(200);
  }

  @Test
  void aSingleCheckHasItsOwnPath() throws Exception {
    HttpResponse r = get("/health/ready/db");
    assertThat(r.status()).isEqualTo(200);
    assertThat(json(r).get("checks")).hasSize(1);
    assertThat(get("/health/live/db").status()).as("db is not in live").isEqualTo(404);
    assertThat(get("/health/ready/nope").status()).isEqualTo(404);
  }

  @Test
  void detailsOnlyForLoopbackOrTheToken() throws Exception {
    HttpResponse remote = handle("GET", "/health/ready?verbose", null, false, null);
    assertThat(remote.status()).isEqualTo(200);
    assertThat(json(remote).toString()).isEqualTo("{\"status\":\"UP\",\"checks\":[]}");
    HttpResponse wrong = handle("GET", "/health/ready", null, false, "Bearer nope");
    assertThat(json(wrong).get("checks")).isEmpty();
    HttpResponse token = handle("GET", "/health/ready", null, false, "Bearer " + TOKEN);
    assertThat(json(token).get("checks")).hasSize(4);
  }

  @Test
  void verboseAddsTimingAndAttempts() throws Exception {
    JsonNode plain = json(get("/health/ready")).get("checks").get(1).get("data");
    assertThat(plain.has("duration_ms")).isFalse();
    JsonNode verbose = json(get("/health/ready?verbose")).get("checks").get(1).get("data");
    assertThat(verbose.get("duration_ms").isNumber()).isTrue();
    assertThat(verbose.get("checked_at").asText()).endsWith("Z");
    assertThat(verbose.get("consecutive_successes").asInt()).isEqualTo(1);
    assertThat(verbose.get("groups").asText()).isEqualTo("ready");
    assertThat(verbose.get("critical").asBoolean()).isTrue();
    assertThat(
            json(get("/health/ready?verbose=false"))
                .get("checks")
                .get(1)
                .get("data")
                .has("duration_ms"))
        .isFalse();
  }

  @Test
  void theIetfShapeWhenAskedFor() throws Exception {
    HttpResponse r =
        handle("GET", "/health/ready", "application/health+json, application/json", true, null);
    assertThat(r.headers()).containsEntry("Content-Type", "application/health+json");
    JsonNode body = json(r);
    assertThat(body.get("status").asText()).isEqualTo("warn");
    JsonNode cache = body.get("checks").get("cache:responseTime").get(0);
    assertThat(cache.get("status").asText()).isEqualTo("warn");
    assertThat(cache.get("observedUnit").asText()).isEqualTo("ms");
    assertThat(cache.get("output").asText()).isEqualTo("hit ratio 0.2");
    assertThat(body.get("checks").get("cache:hit_ratio").get(0).get("observedValue").asDouble())
        .isEqualTo(0.2);
    assertThat(body.get("checks").get("db:active").get(0).get("observedValue").asInt())
        .isEqualTo(3);
    HttpResponse remote = handle("GET", "/health/ready", "application/health+json", false, null);
    assertThat(json(remote).toString()).isEqualTo("{\"status\":\"warn\"}");
  }

  @Test
  void headMethodsPathsAndQueriesAreAnsweredCleanly() throws Exception {
    HttpResponse head = handle("HEAD", "/health/ready", null, true, null);
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().get("Content-Length"))
        .isEqualTo(Integer.toString(get("/health/ready").body().length));
    HttpResponse post = handle("POST", "/health/ready", null, true, null);
    assertThat(post.status()).isEqualTo(405);
    assertThat(post.headers()).containsEntry("Allow", "GET, HEAD");
    assertThat(handle("DELETE", "/health", null, true, null).status()).isEqualTo(405);
    for (String path :
        new String[] {
          "/health/",
          "/healthz",
          "/health/nope",
          "/health/ready/db/extra",
          "/health/READY",
          "/health/%2e%2e",
          "/",
          "/health//db"
        }) {
      HttpResponse r = get(path);
      assertThat(r.status()).as(path).isEqualTo(404);
      assertThat(json(r).get("error").asText()).isEqualTo("not found");
      assertThat(r.headers()).containsEntry("Cache-Control", "no-store");
    }
    HttpResponse longQuery = get("/health/ready?exclude=" + "a".repeat(3000));
    assertThat(longQuery.status()).isEqualTo(400);
    assertThat(json(longQuery).get("error").asText())
        .isEqualTo("query longer than 2048 characters (3008)");
    HttpResponse badEscape = get("/health/ready?exclude=%zz");
    assertThat(badEscape.status()).isEqualTo(400);
    assertThat(json(badEscape).get("error").asText())
        .isEqualTo("malformed query: bad percent-encoding at character 0");
    HttpResponse notUtf8 = get("/health/ready?exclude=%C3%28");
    assertThat(notUtf8.status()).isEqualTo(400);
    assertThat(json(notUtf8).get("error").asText())
        .isEqualTo("malformed query: percent-encoded bytes that are not UTF-8");
    HttpResponse badPath = get("/health/ready/db%2");
    assertThat(badPath.status()).isEqualTo(400);
    assertThat(json(badPath).get("error").asText())
        .isEqualTo("malformed path: bad percent-encoding at character 2");
    // An escape is % and two of RFC 3986's HEXDIG, which are ASCII: fullwidth digits and letters
    // (U+FF10, U+FF21) are not hex digits, though Character.digit reads them as 0 and 10.
    HttpResponse fullwidth = get("/health/%\uFF10\uFF21");
    assertThat(fullwidth.status()).isEqualTo(400);
    assertThat(json(fullwidth).get("error").asText())
        .isEqualTo("malformed path: bad percent-encoding at character 0");
    assertThat(get("/health/ready?exclude=%\uFF14\uFF11").status()).isEqualTo(400);
    assertThat(get("/health/re%61dy").status()).as("a segment is decoded").isEqualTo(200);
    assertThat(get("/health/ready?unknown=1&&verbose").status()).isEqualTo(200);
  }
}
