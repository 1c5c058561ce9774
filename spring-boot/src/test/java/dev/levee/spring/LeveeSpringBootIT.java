package dev.levee.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.levee.config.Levee;
import dev.levee.core.CallNotPermittedException;
import dev.levee.core.CircuitBreakerState;
import dev.levee.core.Pipeline;
import dev.levee.health.HealthGroup;
import dev.levee.health.HealthMonitor;
import dev.levee.health.Status;
import dev.levee.spring.app.OrdersApp;
import dev.levee.spring.app.OrdersRepository;
import dev.levee.testkit.Await;
import dev.levee.testkit.H2TcpDatabase;
import dev.levee.testkit.LeveeThreads;
import java.io.File;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * A real Spring Boot application (embedded server on a random port, Actuator, Boot's HikariCP pool)
 * over H2 running as a TCP server, which the test stops and restarts: one context shared by every
 * test, in order, the last one closing it.
 */
@Timeout(120)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LeveeSpringBootIT {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** What the application reported at each phase of the outage, for the record. */
  private static final List<String> PHASES = new CopyOnWriteArrayList<>();

  private static H2TcpDatabase h2;
  private static ConfigurableApplicationContext context;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    h2 = H2TcpDatabase.start();
    try (Connection c = DriverManager.getConnection(h2.jdbcUrl("orders"), "sa", "")) {
      c.createStatement()
          .execute("CREATE TABLE orders(id IDENTITY PRIMARY KEY, item VARCHAR(100) NOT NULL)");
    }
    context =
        new SpringApplicationBuilder(OrdersApp.class)
            .properties(
                Map.ofEntries(
                    Map.entry("server.port", "0"),
                    Map.entry("server.address", "127.0.0.1"),
                    Map.entry("spring.main.banner-mode", "off"),
                    Map.entry("spring.datasource.url", h2.jdbcUrl("orders")),
                    Map.entry("spring.datasource.username", "sa"),
                    Map.entry("spring.datasource.password", ""),
                    Map.entry("spring.datasource.hikari.maximum-pool-size", "4"),
                    Map.entry("spring.datasource.hikari.connection-timeout", "250"),
                    Map.entry("spring.datasource.hikari.validation-timeout", "250"),
                    Map.entry(
                        "spring.datasource.hikari.exception-override-class-name",
                        H2TcpDatabase.H2BrokenConnections.class.getName()),
                    Map.entry("management.endpoints.web.exposure.include", "health,prometheus"),
                    Map.entry("management.endpoint.health.show-details", "always"),
                    // Levee's keys as Spring users write them: kebab-case and snake_case alike.
                    Map.entry(
                        "levee.resilience.circuit-breaker.instances.db.failure-threshold", "3"),
                    Map.entry("levee.resilience.circuit_breaker.instances.db.timeout", "1s"),
                    Map.entry("levee.resilience.retry.instances.db.max-retries", "1"),
                    Map.entry("levee.resilience.retry.instances.db.backoff.initial", "10ms"),
                    Map.entry("levee.pipelines.orders-db.timeout", "5s"),
                    Map.entry("levee.pipelines.orders-db.retry", "db"),
                    Map.entry("levee.pipelines.orders-db.circuit-breaker", "db"),
                    Map.entry("levee.pipelines.orders-db.bulkhead", "db"),
                    Map.entry("levee.health.check-interval", "200ms"),
                    Map.entry("levee.health.checks.db.interval", "100ms"),
                    Map.entry("levee.health.checks.db.failure-attempts", "1"),
                    Map.entry("levee.health.checks.db.groups[0]", "ready"),
                    Map.entry("levee.shutdown.propagation-delay", "300ms"),
                    Map.entry("levee.spring.endpoints.enabled", "true")))
            .initializers(
                ctx ->
                    // An environment variable, as the JVM would give it (Spring maps the names of
                    // sources named *-systemEnvironment as it does the JVM's environment).
                    ctx.getEnvironment()
                        .getPropertySources()
                        .addFirst(
                            new SystemEnvironmentPropertySource(
                                "test-systemEnvironment",
                                Map.of(
                                    "LEVEE_RESILIENCE_BULKHEAD_INSTANCES_DB_MAXCONCURRENT", "7"))))
            .run();
    port = ((WebServerApplicationContext) context).getWebServer().getPort();
  }

  @AfterAll
  static void stop() {
    if (context != null) {
      context.close();
    }
    if (h2 != null) {
      h2.close();
    }
    System.out.println("phases of the H2 outage, as the application reported them:");
    PHASES.forEach(p -> System.out.println("  " + p));
  }

  private static JsonNode json(String body) {
    try {
      return new ObjectMapper().readTree(body);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + body, e);
    }
  }

  private static HttpResponse<String> get(String path) {
    try {
      return CLIENT.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
              .timeout(Duration.ofSeconds(5))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError("GET " + path + " failed: " + e, e);
    }
  }

  private static int status(String path) {
    return get(path).statusCode();
  }

  private static Levee levee() {
    return context.getBean(Levee.class);
  }

  private static void phase(String name) {
    PHASES.add(
        name
            + ": readiness "
            + status("/actuator/health/readiness")
            + ", liveness "
            + status("/actuator/health/liveness")
            + ", breaker db "
            + levee().circuitBreakers().find("db").orElseThrow().state());
  }

  @Test
  @Order(1)
  void propertiesBindInEveryFormThroughLeveesRules() {
    var config = levee().config();
    assertThat(config.circuitBreakers().get("db").failureThreshold()).isEqualTo(3);
    assertThat(config.circuitBreakers().get("db").openDuration()).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.retries().get("db").maxRetries()).isEqualTo(1);
    assertThat(levee().bulkheads().find("db").orElseThrow().maxConcurrent())
        .as("from LEVEE_RESILIENCE_BULKHEAD_INSTANCES_DB_MAXCONCURRENT")
        .isEqualTo(7);
  }

  @Test
  @Order(2)
  void registriesMonitorAndPipelinesAreBeans() {
    Levee levee = levee();
    assertThat(context.getBean("orders-db", Pipeline.class)).isSameAs(levee.pipeline("orders-db"));
    assertThat(context.getBean(HealthMonitor.class)).isSameAs(levee.health());
    assertThat(context.getBean("leveeCircuitBreakers")).isSameAs(levee.circuitBreakers());
    assertThat(context.getBean("leveeRetries")).isSameAs(levee.retries());
    assertThat(context.getBean("leveeRateLimiters")).isSameAs(levee.rateLimiters());
    assertThat(context.getBean("leveeBulkheads")).isSameAs(levee.bulkheads());
    assertThat(levee.healthPort()).as("no port of Levee's own").isEmpty();
    assertThat(levee.meterRegistry())
        .as("the application's registry")
        .isSameAs(context.getBean(io.micrometer.core.instrument.MeterRegistry.class));
  }

  @Test
  @Order(3)
  void everyReturnTypeGoesThroughThePipeline() throws Exception {
    OrdersRepository orders = context.getBean(OrdersRepository.class);
    var successes =
        levee()
            .meterRegistry()
            .get("circuitbreaker.requests")
            .tags("name", "db", "result", "successful")
            .functionCounter();
    double before = successes.count();
    assertThat(orders.save("first")).isEqualTo(1);
    assertThat(orders.count()).isEqualTo(1);
    assertThat(orders.countAsync().get(5, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(orders.countMono().block(Duration.ofSeconds(5))).isEqualTo(1);
    assertThat(orders.items().collectList().block(Duration.ofSeconds(5))).containsExactly("first");
    assertThat(successes.count() - before)
        .as("five calls, each counted by the db breaker, in the application's registry")
        .isEqualTo(5.0);
  }

  @Test
  @Order(4)
  void actuatorHealthShowsLeveesChecksAndProbes() {
    Await.until(
        Duration.ofSeconds(20),
        () ->
            "readiness 200 once the db check is UP and the app ready: "
                + get("/actuator/health/readiness").body(),
        () -> status("/actuator/health/readiness") == 200);
    phase("healthy");
    JsonNode health = json(get("/actuator/health").body());
    assertThat(health.at("/components/levee/status").asText()).isEqualTo("UP");
    assertThat(health.at("/components/levee/components/db/status").asText()).isEqualTo("UP");
    assertThat(health.at("/components/levee/components/db/details/pool").asText())
        .as("the check of Boot's HikariCP pool")
        .isNotEmpty();
    assertThat(health.at("/components/levee/components/deadlocks/status").asText()).isEqualTo("UP");
    assertThat(health.at("/components/levee/components/circuit-breakers/details/db").asText())
        .isEqualTo("CLOSED");
    assertThat(health.at("/components").has("leveeReadiness"))
        .as("the probe groups' indicators stay out of the root")
        .isFalse();
    assertThat(get("/actuator/health/readiness").body())
        .contains("\"leveeReadiness\"", "\"readinessState\"");
    assertThat(get("/actuator/health/liveness").body())
        .contains("\"leveeLiveness\"", "\"livenessState\"");
  }

  @Test
  @Order(5)
  void leveesOwnJsonIsServedOnTheApplicationsServerWhenAskedFor() {
    HttpResponse<String> mp = get("/levee/health/ready");
    assertThat(mp.statusCode()).isEqualTo(200);
    assertThat(json(mp.body()).at("/status").asText()).isEqualTo("UP");
    HttpResponse<String> ietf;
    try {
      ietf =
          CLIENT.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/levee/health/live"))
                  .header("Accept", "application/health+json")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    assertThat(ietf.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/health+json"));
    assertThat(json(ietf.body()).at("/status").asText()).isEqualTo("pass");
  }

  @Test
  @Order(6)
  void anOutageOpensTheBreakerTurnsReadinessDownNotLivenessAndRecovers() throws Exception {
    OrdersRepository orders = context.getBean(OrdersRepository.class);
    var breaker = levee().circuitBreakers().find("db").orElseThrow();
    h2.stop();
    Await.until(
        Duration.ofSeconds(20),
        "the db breaker opens as saves fail",
        () -> {
          try {
            orders.save("lost");
          } catch (Exception e) {
            // failing, as the database is down
          }
          return breaker.state() == CircuitBreakerState.OPEN;
        });
    long start = System.nanoTime();
    assertThatThrownBy(() -> orders.save("rejected")).isInstanceOf(CallNotPermittedException.class);
    long rejectedMillis = (System.nanoTime() - start) / 1_000_000;
    assertThat(orders.count()).as("the count's fallback").isEqualTo(-1);
    assertThat(orders.countMono().block(Duration.ofSeconds(5)))
        .as("the Mono's fallback")
        .isEqualTo(-1);
    Await.until(
        Duration.ofSeconds(20),
        "readiness 503 while H2 is down",
        () -> status("/actuator/health/readiness") == 503);
    assertThat(status("/actuator/health/liveness")).as("liveness stays UP").isEqualTo(200);
    Await.until(
        Duration.ofSeconds(10),
        "the circuit-breakers check sees the open breaker",
        () ->
            json(get("/actuator/health").body())
                .at("/components/levee/components/circuit-breakers/details/degraded")
                .asBoolean());
    JsonNode breakers = json(get("/actuator/health").body()).at("/components/levee/components");
    assertThat(breakers.at("/circuit-breakers/status").asText())
        .as("an open breaker: Levee's DEGRADED, shown as UP")
        .isEqualTo("UP");
    assertThat(breakers.at("/circuit-breakers/details/degraded").asBoolean()).isTrue();
    assertThat(breakers.at("/db/status").asText()).isEqualTo("DOWN");
    phase("H2 stopped (a rejected call took " + rejectedMillis + " ms)");

    h2.restart();
    Await.until(
        Duration.ofSeconds(30),
        "the breaker closes again as saves succeed in half-open",
        () -> {
          try {
            orders.save("back");
          } catch (Exception e) {
            // still rejected, or the pool still reconnecting
          }
          return breaker.state() == CircuitBreakerState.CLOSED;
        });
    Await.until(
        Duration.ofSeconds(20),
        "readiness 200 again, and Levee's ready group UP (not DEGRADED by a half-open breaker)",
        () ->
            status("/actuator/health/readiness") == 200
                && levee().health().report(HealthGroup.READY, java.util.Set.of()).status()
                    == Status.UP);
    assertThat(breaker.state()).isEqualTo(CircuitBreakerState.CLOSED);
    assertThat(status("/actuator/health/liveness")).isEqualTo(200);
    phase("H2 restarted");
  }

  @Test
  @Order(7)
  void prometheusShowsLeveesSeriesAndPassesPromtool() throws Exception {
    String scrape = get("/actuator/prometheus").body();
    assertThat(scrape)
        .contains(
            "circuitbreaker_state{name=\"db\"}",
            "circuitbreaker_state_changes_total{from=\"closed\",name=\"db\",to=\"open\"}",
            "retry_calls_total{name=\"db\"",
            "bulkhead_max_allowed{name=\"db\"} 7.0",
            "health_status{group=\"ready\"} 1.0");
    String promtool = onPath("promtool");
    assumeTrue(
        promtool != null,
        "promtool not found on PATH: install Debian's 'prometheus' package (.ci/run does) to run"
            + " this check");
    // Boot's and Micrometer's own series draw promtool's lint (no help text on Tomcat's, units in
    // the JVM's names): Levee's families are checked, alone and within the whole scrape.
    String leveeOnly =
        scrape
            .lines()
            .filter(l -> LEVEE_FAMILY.matcher(l).lookingAt())
            .collect(java.util.stream.Collectors.joining("\n", "", "\n"));
    assertThat(leveeOnly).contains("circuitbreaker_state{name=\"db\"}");
    String alone = promtool(promtool, leveeOnly);
    assertThat(alone).as("promtool on Levee's series").isEqualTo("exit 0: ");
    String all = promtool(promtool, scrape);
    assertThat(all.lines().filter(l -> LEVEE_FAMILY.matcher(l).lookingAt()))
        .as("promtool's findings on the whole scrape about Levee's series")
        .isEmpty();
  }

  /** The start of a line (a sample, its HELP or TYPE, or a finding) about a Levee family. */
  private static final java.util.regex.Pattern LEVEE_FAMILY =
      java.util.regex.Pattern.compile(
          "(# (HELP|TYPE) )?(circuitbreaker|retry|ratelimiter|bulkhead|health|timelimiter"
              + "|inflight|pipeline)_");

  private static String promtool(String promtool, String text) throws Exception {
    Process p = new ProcessBuilder(promtool, "check", "metrics").redirectErrorStream(true).start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(text.getBytes(StandardCharsets.UTF_8));
    }
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("promtool finished within 60s").isTrue();
    return "exit "
        + p.exitValue()
        + ": "
        + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }

  @Test
  @Order(8)
  void closingDrainsWhileTheServerStillAnswersAndLeavesNoThread() {
    List<Integer> duringDrain = new CopyOnWriteArrayList<>();
    levee()
        .drainOnShutdown(
            "probe",
            () -> {
              if (duringDrain.isEmpty()) {
                duringDrain.add(status("/actuator/health/readiness"));
                duringDrain.add(status("/actuator/health/liveness"));
              }
              return 0;
            });
    HealthMonitor monitor = levee().health();
    context.close();
    assertThat(duringDrain)
        .as("readiness 503 and liveness 200 from the application's server during Levee's drain")
        .containsExactly(503, 200);
    assertThat(monitor.isDraining()).isTrue();
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
