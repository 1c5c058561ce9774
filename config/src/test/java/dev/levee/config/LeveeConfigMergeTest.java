package dev.levee.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levee.core.Backoff;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * An instance's keys go over the defaults' key by key; overrides reach the key they name; rules
 * across sections.
 */
class LeveeConfigMergeTest {
  @Test
  void anInstanceSettingPermitsKeepsTheDefaultsPeriod() {
    LeveeConfig c =
        LeveeConfig.load(
            """
            resilience:
              rate_limiter:
                period: 1m
                instances:
                  api: { permits: 10 }
            """);
    assertThat(c.rateLimiters().get("api").period()).isEqualTo(Duration.ofMinutes(1));
    assertThat(c.rateLimiters().get("api").permits()).isEqualTo(10);
  }

  @Test
  void anInstanceBackoffKeyKeepsTheDefaultsOtherBackoffKeys() {
    LeveeConfig c =
        LeveeConfig.load(
            """
            resilience:
              retry:
                backoff: { initial: 1s, max: 30s, jitter: full }
                instances:
                  db: { backoff: { multiplier: 3 } }
            """);
    Backoff db = c.retries().get("db").backoff();
    assertThat(db.jitter()).isEqualTo(Backoff.Jitter.FULL);
    assertThat(db.initial()).isEqualTo(Duration.ofSeconds(1));
    assertThat(db.max()).isEqualTo(Duration.ofSeconds(30));
    assertThat(db.multiplier()).isEqualTo(3.0);
    assertThat(c.retryDefaults().backoff().multiplier()).as("the defaults' own").isEqualTo(2.0);
  }

  @Test
  void aRuleTheDefaultsBreakIsReportedAtTheDefaultsOnly() {
    assertThatThrownBy(
            () ->
                LeveeConfig.load(
                    """
                    resilience:
                      rate_limiter:
                        burst: 2
                        prefetch: 3
                        instances:
                          api: { permits: 10 }
                          bulk: { burst: 4 }
                    """))
        .as("api inherits the same mistake; bulk breaks the rule with values of its own")
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e ->
                assertThat(((ConfigException) e).problems())
                    .containsExactly(
                        "resilience.rate_limiter.prefetch: must be in [0, burst / 2 = 1], was 3",
                        "resilience.rate_limiter.instances.bulk: prefetch must be in [0, burst / 2"
                            + " = 2], was 3 (set at resilience.rate_limiter.prefetch)"));
  }

  @Test
  void backoffProblemsAreReportedAtTheirKeys() {
    assertThatThrownBy(
            () -> LeveeConfig.load("resilience: { retry: { backoff: { multiplier: 0.5 } } }\n"))
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e ->
                assertThat(((ConfigException) e).problems())
                    .containsExactly(
                        "resilience.retry.backoff.multiplier: must be in [1,100], was 0.5"));
    assertThatThrownBy(
            () ->
                LeveeConfig.load(
                    "resilience: { retry: { backoff: { initial: 0s, multiplier: 0.5, max: 0s }"
                        + " } }\n"))
        .as("each bad value, and no rule across values against a value not taken")
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e ->
                assertThat(((ConfigException) e).problems())
                    .containsExactly(
                        "resilience.retry.backoff.initial: must be positive and at most 365d, was"
                            + " 0s",
                        "resilience.retry.backoff.multiplier: must be in [1,100], was 0.5",
                        "resilience.retry.backoff.max: must be positive and at most 365d, was"
                            + " 0s"));
    assertThatThrownBy(
            () ->
                LeveeConfig.load(
                    """
                    resilience:
                      retry:
                        backoff: { max: 1s }
                        instances:
                          db: { backoff: { initial: 2s } }
                    """))
        .as("a rule across values, one of them from the defaults")
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e ->
                assertThat(((ConfigException) e).problems())
                    .containsExactly(
                        "resilience.retry.instances.db.backoff: max must be at least initial"
                            + " (2s), was 1s (set at resilience.retry.backoff.max)"));
  }

  @Test
  void aSystemPropertyReachesATimeoutWhoseNameHasDots() {
    Properties p = new Properties();
    p.setProperty("levee.resilience.timeouts.db.query", "1s");
    p.setProperty("levee.resilience.timeouts.cache.get", "20ms");
    LeveeConfig c =
        LeveeConfig.load("test", "resilience:\n  timeouts:\n    db.query: 300ms\n", Map.of(), p);
    assertThat(c.timeouts().timeoutFor("db.query")).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.timeouts().timeoutFor("cache.get"))
        .as("new, dots and all")
        .isEqualTo(Duration.ofMillis(20));
  }

  @Test
  void anEnvironmentVariableReachesAMixedCaseInstance() {
    LeveeConfig c =
        LeveeConfig.load(
            "test",
            "resilience:\n  circuit_breaker:\n    instances:\n      orderDb: { failure_threshold: 3 }\n",
            Map.of("LEVEE_RESILIENCE__CIRCUIT_BREAKER__INSTANCES__ORDERDB__FAILURE_THRESHOLD", "9"),
            new Properties());
    assertThat(c.circuitBreakers().keySet()).containsExactly("orderDb");
    assertThat(c.circuitBreakers().get("orderDb").failureThreshold()).isEqualTo(9);
  }

  @Test
  void aSystemPropertyWinsOverAVariableWhateverTheCaseOfTheInstance() {
    Properties p = new Properties();
    p.setProperty("levee.resilience.circuit_breaker.instances.orderDb.failure_threshold", "9");
    Map<String, String> env =
        Map.of(
            "LEVEE_RESILIENCE__CIRCUIT_BREAKER__INSTANCES__ORDERDB__FAILURE_THRESHOLD", "7",
            "LEVEE_RESILIENCE__CIRCUIT_BREAKER__INSTANCES__ORDERDB__TIMEOUT", "1m");
    LeveeConfig inFile =
        LeveeConfig.load(
            "test",
            "resilience:\n  circuit_breaker:\n    instances:\n      orderDb: { failure_threshold: 3 }\n",
            env,
            p);
    assertThat(inFile.circuitBreakers().get("orderDb").failureThreshold())
        .as("properties win over variables")
        .isEqualTo(9);
    LeveeConfig notInFile = LeveeConfig.load("test", "", env, p);
    assertThat(notInFile.circuitBreakers().keySet())
        .as("the variable finds the instance the property made")
        .containsExactly("orderDb");
    assertThat(notInFile.circuitBreakers().get("orderDb").failureThreshold()).isEqualTo(9);
    assertThat(notInFile.circuitBreakers().get("orderDb").openDuration())
        .as("a key only the variable sets")
        .isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void aRuleAcrossKeysIsReportedWhereTheFileSetsThem() {
    assertThatThrownBy(
            () ->
                LeveeConfig.load(
                    """
                    resilience:
                      circuit_breaker:
                        count_window: 50
                        minimum_calls: 10
                        instances:
                          db: { count_window: 5 }
                    """))
        .as("the instance does not set minimum_calls: at the instance, naming where it is set")
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e ->
                assertThat(((ConfigException) e).problems())
                    .containsExactly(
                        "resilience.circuit_breaker.instances.db: minimum_calls must be at most"
                            + " count_window (5), was 10 (set at"
                            + " resilience.circuit_breaker.minimum_calls)"));
    assertThatThrownBy(
            () ->
                LeveeConfig.load(
                    """
                    resilience:
                      circuit_breaker:
                        count_window: 5
                        instances:
                          db: { minimum_calls: 10 }
                    """))
        .as("the instance sets minimum_calls: at its key")
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e ->
                assertThat(((ConfigException) e).problems())
                    .containsExactly(
                        "resilience.circuit_breaker.instances.db.minimum_calls: must be at most"
                            + " count_window (5), was 10"));
  }

  @Test
  void aDurationTooLongForADurationIsAProblemWithItsPath() {
    assertThatThrownBy(
            () ->
                LeveeConfig.load(
                    "resilience:\n  circuit_breaker:\n    timeout: 999999999999999999d\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("resilience.circuit_breaker.timeout: must be a duration");
  }

  @Test
  void metricsCannotTakeAHealthPathOnTheSharedPort() {
    assertThatThrownBy(
            () ->
                LeveeConfig.load(
                    "health:\n  http: { port: 8080 }\nmetrics: { port: 8080, path: /health/metrics }\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "metrics.path: must not be under /health while metrics share the health port (8080)");
    assertThat(
            LeveeConfig.load(
                    "health:\n  http: { port: 8080 }\nmetrics: { port: 9090, path: /health }\n")
                .metrics()
                .path())
        .as("on a port of its own, any path")
        .isEqualTo("/health");
  }

  @Test
  void aProblemWithAnOverriddenKeySaysWhereItsValueCameFrom() {
    Properties p = new Properties();
    p.setProperty("levee.helth.http.port", "0");
    ConfigException e =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            ConfigException.class,
            () ->
                LeveeConfig.load(
                    "levee.yaml",
                    "health: { http: { port: 70000 } }\n",
                    Map.of("LEVEE_SHUTDOWN__PROPAGATION_DELAY", "abc"),
                    p));
    assertThat(e.problems())
        .containsExactlyInAnyOrder(
            "health.http.port: must be in [0, 65535], was 70000",
            "shutdown.propagation_delay: must be a duration such as 100ms, 5s, 1m, 2h, 1d or PT5S,"
                + " was \"abc\" (set by LEVEE_SHUTDOWN__PROPAGATION_DELAY)",
            "helth: unknown key; did you mean \"health\"? (known here: resilience, health,"
                + " metrics, logging, shutdown,"
                + " pipelines, admission) (set by -Dlevee.helth.http.port)");
  }
}
