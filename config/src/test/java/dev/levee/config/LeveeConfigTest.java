package dev.levee.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levee.core.TripMode;
import dev.levee.health.HealthGroup;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class LeveeConfigTest {
  static final String PLAN =
      """
      resilience:
        circuit_breaker:
          failure_threshold: 5
          success_threshold: 2
          timeout: 30s
          max_requests_half_open: 3
          instances:
            db: { failure_threshold: 3 }
            search: { count_window: 50, minimum_calls: 10, failure_rate_threshold: 25 }
        retry:
          max_retries: 3
          backoff: { initial: 100ms, multiplier: 2, max: 1m, jitter: full }
          instances:
            partner: { max_retries: 1, max_duration: PT5S }
        rate_limiter: { permits: 50, period: 1s, burst: 10, prefetch: 3 }
        bulkhead: { max_concurrent: 20, max_wait: 50ms }
        timeouts:
          proposal: 5s
          health_check: 2s
          rebalance: 30s
          heartbeat_interval: 10s
          heartbeat_timeout: 30s
          billing.charge: 1500ms
      health:
        check_interval: 5s
        http: { enabled: true, port: 8080, bind_address: "0.0.0.0" }
        checks:
          db: { groups: [ready], failure_attempts: 2, timeout: 1s }
          deadlocks: { groups: live, interval: 10s }
      metrics: { enabled: true, port: 9090, path: "/metrics" }
      logging: { level: info, format: json }
      """;

  @Test
  void thePlansShapeLoadsIntoTheModulesOwnConfigs() {
    LeveeConfig c = LeveeConfig.load(PLAN);
    assertThat(c.circuitBreakerDefaults().failureThreshold()).isEqualTo(5);
    assertThat(c.circuitBreakerDefaults().successThreshold()).isEqualTo(2);
    assertThat(c.circuitBreakerDefaults().openDuration()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.circuitBreakerDefaults().halfOpenMaxCalls()).isEqualTo(3);
    assertThat(c.circuitBreakers().get("db").failureThreshold()).isEqualTo(3);
    assertThat(c.circuitBreakers().get("db").openDuration())
        .as("instances inherit the defaults")
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(c.circuitBreakers().get("search").tripMode()).isEqualTo(TripMode.COUNT_WINDOW);
    assertThat(c.circuitBreakers().get("search").failureRateThreshold()).isEqualTo(25);
    assertThat(c.circuitBreakerRegistry().all()).containsOnlyKeys("db", "search");
    assertThat(c.retryDefaults().maxRetries()).isEqualTo(3);
    assertThat(c.retries().get("partner").maxRetries()).isEqualTo(1);
    assertThat(c.retries().get("partner").maxDuration()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.rateLimiterDefaults().permits()).isEqualTo(50);
    assertThat(c.rateLimiterDefaults().burst()).isEqualTo(10);
    assertThat(c.rateLimiterDefaults().prefetch()).isEqualTo(3);
    assertThat(c.bulkheadDefaults().maxConcurrent()).isEqualTo(20);
    assertThat(c.bulkheadDefaults().maxWait()).isEqualTo(Duration.ofMillis(50));
    assertThat(c.timeouts().proposal()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.timeouts().timeoutFor("billing.charge")).isEqualTo(Duration.ofMillis(1500));
    assertThat(c.healthCheck("db").groups()).containsExactly(HealthGroup.READY);
    assertThat(c.healthCheck("db").failureAttempts()).isEqualTo(2);
    assertThat(c.healthCheck("db").timeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.healthCheck("deadlocks").groups()).containsExactly(HealthGroup.LIVE);
    assertThat(c.healthCheck("other").interval())
        .as("unconfigured: the defaults")
        .isEqualTo(Duration.ofSeconds(5));
    assertThat(c.http().toString())
        .isEqualTo(
            "Http[enabled=true, port=8080, bindAddress=0.0.0.0, readTimeout=PT5S,"
                + " idleTimeout=PT30S, maxConnections=512, workerThreads=8, workerQueue=256]");
    assertThat(c.http()).isEqualTo(LeveeConfig.load("logging: { format: json }").http());
    assertThat(c.shutdown().toString())
        .isEqualTo("Shutdown[propagationDelay=PT5S, drainTimeout=PT30S, hook=true]");
    assertThat(c.metrics().toString())
        .isEqualTo("Metrics[enabled=true, port=9090, path=/metrics, prefix=null]");
    assertThat(c.logging().level()).isEqualTo("info");
    assertThat(c.logging().format()).isEqualTo("json");
    assertThat(c.logging()).isEqualTo(LeveeConfig.load("logging: { format: json }").logging());
    assertThat(c.logging()).isNotEqualTo(LeveeConfig.load("").logging());
  }

  @Test
  void anEmptyFileIsEveryDefault() {
    LeveeConfig c = LeveeConfig.load("");
    assertThat(c.circuitBreakers()).isEmpty();
    assertThat(c.timeouts().healthCheck()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.http().port()).isEqualTo(8080);
  }

  @Test
  void everyProblemOfAFileIsReportedAtOnceWithPathValueAndRule() {
    String yaml =
        """
        resilience:
          circuit_breaker:
            failure_treshold: 5
            timeout: 30 seconds
            instances:
              db: { failure_threshold: -1 }
          retry: { max_retries: many }
          bulkhead: { max_concurrent: 0 }
        health:
          http: { port: 70000 }
          checks:
            db: { groups: [Ready] }
        logging: { format: xml }
        metric: { enabled: true }
        """;
    assertThatThrownBy(() -> LeveeConfig.load(yaml))
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e ->
                assertThat(((ConfigException) e).problems())
                    .containsExactlyInAnyOrder(
                        "resilience.circuit_breaker.timeout: must be a duration such as 100ms, 5s,"
                            + " 1m, 2h, 1d or PT5S, was \"30 seconds\"",
                        "resilience.circuit_breaker.failure_treshold: unknown key; did you mean"
                            + " \"failure_threshold\"? (known here: failure_threshold,"
                            + " count_window, minimum_calls, failure_rate_threshold,"
                            + " success_threshold, timeout, max_requests_half_open,"
                            + " half_open_max_wait, instances)",
                        "resilience.circuit_breaker.instances.db.failure_threshold: must be at least"
                            + " 1, was -1",
                        "resilience.retry.max_retries: must be an integer, was \"many\"",
                        "resilience.bulkhead.max_concurrent: must be at least 1, was 0",
                        "health.http.port: must be in [0, 65535], was 70000",
                        "health.checks.db.groups: must be lowercase letters, digits, '-' or '_',"
                            + " starting with a letter or digit, at most 63 characters, was"
                            + " \"Ready\"",
                        "logging.format: must be one of [console, json], was \"xml\"",
                        "metric: unknown key; did you mean \"metrics\"? (known here: resilience,"
                            + " health, metrics, logging, shutdown,"
                            + " pipelines, admission)"));
  }

  @Test
  void aNonMappingOfNamesIsReportedOnce() {
    assertThatThrownBy(
            () ->
                LeveeConfig.load(
                    "resilience: { circuit_breaker: { instances: 3 } }\n"
                        + "health: { checks: [db, cache] }\n"))
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e ->
                assertThat(((ConfigException) e).problems())
                    .containsExactly(
                        "resilience.circuit_breaker.instances: must be a mapping, was 3",
                        "health.checks: must be a mapping, was [\"db\",\"cache\"]"));
  }

  @Test
  void aBlankNameIsAProblemAtItsMapping() {
    assertThatThrownBy(
            () ->
                LeveeConfig.load(
                    """
                    resilience:
                      circuit_breaker:
                        instances:
                          '': { failure_threshold: 2 }
                      bulkhead: { instances: { ' ': {} } }
                    health: { checks: { '': {} } }
                    """))
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e ->
                assertThat(((ConfigException) e).problems())
                    .containsExactly(
                        "resilience.circuit_breaker.instances: names must not be blank, was \"\"",
                        "resilience.bulkhead.instances: names must not be blank, was \" \"",
                        "health.checks: names must not be blank, was \"\""));
    assertThatThrownBy(
            () ->
                LeveeConfig.load(
                    "test",
                    "",
                    Map.of("LEVEE_RESILIENCE__RETRY__INSTANCES____MAX_RETRIES", "2"),
                    new Properties()))
        .as("an empty part between a variable's separators")
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e ->
                assertThat(((ConfigException) e).problems())
                    .containsExactly(
                        "resilience.retry.instances: names must not be blank, was \"\" (set by"
                            + " LEVEE_RESILIENCE__RETRY__INSTANCES____MAX_RETRIES)"));
  }

  @Test
  void theHealthCheckDefaultsFollowHealthCheckConfigsRulesAtTheirOwnKeys() {
    String checks = "health: { checks: { db: {} } }\n";
    assertThatThrownBy(() -> LeveeConfig.load("health: { check_interval: 5ms }\n"))
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e ->
                assertThat(((ConfigException) e).problems())
                    .containsExactly("health.check_interval: must be in [10ms, 24h], was 5ms"));
    assertThatThrownBy(
            () -> LeveeConfig.load("health: { check_interval: 2d, checks: { db: {} } }\n"))
        .as("reported once, at the key the file has, not at each check")
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e ->
                assertThat(((ConfigException) e).problems())
                    .containsExactly("health.check_interval: must be in [10ms, 24h], was 48h"));
    assertThatThrownBy(
            () -> LeveeConfig.load("resilience: { timeouts: { health_check: 2h } }\n" + checks))
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e ->
                assertThat(((ConfigException) e).problems())
                    .containsExactly(
                        "resilience.timeouts.health_check: must be in [1ms, 1h], was 2h"));
    assertThat(
            LeveeConfig.load(
                    "resilience: { timeouts: { health_check: 1h } }\nhealth: { check_interval: 10ms }\n")
                .healthCheck("other"))
        .as("the limits themselves")
        .satisfies(c -> assertThat(c.timeout()).isEqualTo(Duration.ofHours(1)))
        .satisfies(c -> assertThat(c.interval()).isEqualTo(Duration.ofMillis(10)));
  }

  @Test
  void environmentAndSystemPropertiesOverrideTheFile() {
    Properties props = new Properties();
    props.setProperty("levee.resilience.circuit_breaker.timeout", "10s");
    props.setProperty("not.levee", "ignored");
    LeveeConfig c =
        LeveeConfig.load(
            "test",
            PLAN,
            Map.of(
                "LEVEE_RESILIENCE__CIRCUIT_BREAKER__INSTANCES__DB__FAILURE_THRESHOLD", "7",
                "LEVEE_RESILIENCE__CIRCUIT_BREAKER__TIMEOUT", "20s",
                "LEVEE_HEALTH__HTTP__PORT", "0"),
            props);
    assertThat(c.circuitBreakers().get("db").failureThreshold()).isEqualTo(7);
    assertThat(c.circuitBreakerDefaults().openDuration())
        .as("a system property wins over the environment")
        .isEqualTo(Duration.ofSeconds(10));
    assertThat(c.http().port()).isZero();
    assertThatThrownBy(
            () ->
                LeveeConfig.load(
                    "test", PLAN, Map.of("LEVEE_METRICS__PORT", "ninety"), new Properties()))
        .hasMessageContaining("metrics.port: must be an integer, was \"ninety\"");
  }

  @Test
  void brokenYamlSaysWhere() {
    assertThatThrownBy(() -> LeveeConfig.load("resilience:\n  retry: [unclosed\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("not valid YAML at line");
  }

  @Test
  void theHealthServerAndShutdownKeysGetTheirComponentsRules() {
    LeveeConfig c =
        LeveeConfig.load(
            """
            health:
              http: { read_timeout: 2s, idle_timeout: 1m, max_connections: 64, worker_threads: 2, worker_queue: 10 }
            shutdown: { propagation_delay: 10s, drain_timeout: 1m, hook: false }
            """);
    assertThat(c.http().readTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.http().idleTimeout()).isEqualTo(Duration.ofMinutes(1));
    assertThat(c.http().maxConnections()).isEqualTo(64);
    assertThat(c.http().workerThreads()).isEqualTo(2);
    assertThat(c.http().workerQueue()).isEqualTo(10);
    assertThat(c.http().port()).as("unset: the default").isEqualTo(8080);
    assertThat(c.shutdown().propagationDelay()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.shutdown().drainTimeout()).isEqualTo(Duration.ofMinutes(1));
    assertThat(c.shutdown().hook()).isFalse();
    ConfigException e =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            ConfigException.class,
            () ->
                LeveeConfig.load(
                    """
                    health: { http: { read_timeout: 1ms, max_connections: 0 } }
                    shutdown: { propagation_delay: 10m, hook: maybe }
                    """));
    assertThat(e.problems())
        .containsExactlyInAnyOrder(
            "health.http.read_timeout: must be in [10ms, 10m], was 1ms",
            "health.http.max_connections: must be in [1, 100000], was 0",
            "shutdown.propagation_delay: must be in [0, 5m], was 10m",
            "shutdown.hook: must be true or false, was \"maybe\"");
  }
}
