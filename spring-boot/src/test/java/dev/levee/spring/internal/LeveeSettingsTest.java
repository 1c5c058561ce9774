package dev.levee.spring.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levee.config.LeveeConfig;
import dev.levee.health.HealthGroup;
import dev.levee.spring.LeveePropertiesException;
import dev.levee.testkit.LogCapture;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** Spring's {@code levee.*} properties through levee-config's reader, without a context. */
class LeveeSettingsTest {
  private static StandardEnvironment environment(
      Map<String, Object> properties, Map<String, Object> variables) {
    StandardEnvironment env = new StandardEnvironment();
    env.getPropertySources().addFirst(new MapPropertySource("application", properties));
    // Above the application's, as the JVM's environment is.
    env.getPropertySources()
        .addFirst(new SystemEnvironmentPropertySource("test-systemEnvironment", variables));
    return env;
  }

  @Test
  void everySpellingBindsListsAndDottedOperationsIncluded() {
    LeveeSettings s =
        LeveeSettings.read(
            environment(
                Map.of(
                    "levee.resilience.circuit-breaker.instances.orders-db.failure-threshold", "4",
                    "levee.resilience.circuit_breaker.instances.orders-db.timeout", "2s",
                    "levee.resilience.retry.maxRetries", "5",
                    "levee.resilience.timeouts.db.query", "300ms",
                    "levee.resilience.timeouts.health-check", "1s",
                    "levee.health.checks.db.groups[0]", "ready",
                    "levee.health.checks.db.groups[1]", "live",
                    "levee.pipelines.orders.circuit-breaker", "orders-db",
                    "levee.spring.checks.disk", "false"),
                Map.of("LEVEE_RESILIENCE_BULKHEAD_MAXCONCURRENT", "9")));
    LeveeConfig c = s.config();
    assertThat(c.circuitBreakers().get("orders-db").failureThreshold()).isEqualTo(4);
    assertThat(c.circuitBreakers().get("orders-db").openDuration())
        .isEqualTo(Duration.ofSeconds(2));
    assertThat(c.retryDefaults().maxRetries()).isEqualTo(5);
    assertThat(c.timeouts().timeoutFor("db.query")).isEqualTo(Duration.ofMillis(300));
    assertThat(c.timeouts().healthCheck()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.healthChecks().get("db").groups())
        .containsExactlyInAnyOrder(HealthGroup.READY, HealthGroup.LIVE);
    assertThat(c.pipelines().get("orders").circuitBreaker()).isEqualTo("orders-db");
    assertThat(c.bulkheadDefaults().maxConcurrent()).isEqualTo(9);
    assertThat(s.spring().diskCheck()).isFalse();
    assertThat(s.spring().deadlocksCheck()).isTrue();
    assertThat(s.spring().endpoints()).isFalse();
  }

  @Test
  void aSourceOfHigherPrecedenceWinsWhateverItsSpelling() {
    LeveeSettings s =
        LeveeSettings.read(
            environment(
                Map.of("levee.resilience.bulkhead.max-concurrent", "3"),
                Map.of("LEVEE_RESILIENCE_BULKHEAD_MAXCONCURRENT", "9")));
    assertThat(s.config().bulkheadDefaults().maxConcurrent()).isEqualTo(9);
  }

  @Test
  void everyProblemNamesItsPropertyAsWrittenWithSuggestionsInKebabCase() {
    assertThatThrownBy(
            () ->
                LeveeSettings.read(
                    environment(
                        Map.of(
                            "levee.resilience.circuit-breaker.failure-treshold", "3",
                            "levee.resilience.bulkhead.max-concurrent", "0",
                            "levee.spring.endpoints.enabled", "yes"),
                        Map.of("LEVEE_HELTH_CHECKINTERVAL", "1s"))))
        .isInstanceOf(LeveePropertiesException.class)
        .satisfies(
            e ->
                assertThat(((LeveePropertiesException) e).problems())
                    .containsExactlyInAnyOrder(
                        "levee.resilience.circuit-breaker.failure-treshold: unknown key; did you"
                            + " mean \"failure-threshold\"? (known here: failure-threshold,"
                            + " count-window, minimum-calls, failure-rate-threshold,"
                            + " success-threshold, timeout, max-requests-half-open,"
                            + " half-open-max-wait, instances) (from property source"
                            + " \"application\")",
                        "levee.resilience.bulkhead.max-concurrent: must be at least 1, was 0 (from"
                            + " property source \"application\")",
                        "levee.helth.checkinterval: unknown key; did you mean \"health\"? (known"
                            + " here: resilience, health, metrics, logging, shutdown, pipelines, admission,"
                            + " spring) (from \"LEVEE_HELTH_CHECKINTERVAL\" from property source"
                            + " \"test-systemEnvironment\")",
                        "levee.spring.endpoints.enabled: must be true or false, was \"yes\" (from"
                            + " property source \"application\")"));
  }

  @Test
  void aMisspeltSpringKeyIsSuggestedAsThisModulesOwn() {
    assertThatThrownBy(
            () ->
                LeveeSettings.read(
                    environment(Map.of("levee.sprng.checks.disk", "false"), Map.of())))
        .isInstanceOf(LeveePropertiesException.class)
        .satisfies(
            e ->
                assertThat(((LeveePropertiesException) e).problems())
                    .containsExactly(
                        "levee.sprng.checks.disk: unknown key; did you mean \"spring\"? (known"
                            + " here: resilience, health, metrics, logging, shutdown, pipelines, admission,"
                            + " spring) (from property source \"application\")"));
  }

  @Test
  void aListSetInASourceOfHigherPrecedenceReplacesTheWholeList() {
    LeveeSettings s =
        LeveeSettings.read(
            environment(
                Map.of(
                    "levee.health.checks.db.groups[0]", "ready",
                    "levee.health.checks.db.groups[1]", "live"),
                Map.of("LEVEE_HEALTH_CHECKS_DB_GROUPS_0_", "started")));
    assertThat(s.config().healthChecks().get("db").groups())
        .as("as Spring binds lists: the environment's list, not merged element by element")
        .containsExactly(HealthGroup.STARTED);
  }

  @Test
  void anEnvironmentVariableOverridingAnInstanceKeepsTheInstancesName() {
    LeveeSettings s =
        LeveeSettings.read(
            environment(
                Map.of(
                    "levee.resilience.circuit-breaker.instances.orders-db.failure-threshold", "3",
                    "levee.pipelines.orders.circuit-breaker", "orders-db"),
                Map.of(
                    "LEVEE_RESILIENCE_CIRCUITBREAKER_INSTANCES_ORDERSDB_FAILURETHRESHOLD", "5")));
    assertThat(s.config().circuitBreakers().keySet())
        .as("the name as written in application.yml; a variable cannot spell it")
        .containsExactly("orders-db");
    assertThat(s.config().circuitBreakers().get("orders-db").failureThreshold()).isEqualTo(5);
    assertThat(s.config().pipelines().get("orders").circuitBreaker()).isEqualTo("orders-db");
  }

  @Test
  void anEnvironmentVariableOverridingAPipelineWithADashKeepsItsName() {
    LeveeSettings s =
        LeveeSettings.read(
            environment(
                Map.of(
                    "levee.resilience.circuit-breaker.instances.orders-db.failure-threshold", "3",
                    "levee.pipelines.orders-db.circuit-breaker", "orders-db",
                    "levee.pipelines.orders-db.timeout", "2s"),
                Map.of(
                    "LEVEE_PIPELINES_ORDERSDB_TIMEOUT", "1s",
                    "LEVEE_RESILIENCE_CIRCUITBREAKER_INSTANCES_ORDERSDB_TIMEOUT", "7s")));
    assertThat(s.config().pipelines().keySet())
        .as("the name as application.yml spells it, not the variable's")
        .containsExactly("orders-db");
    assertThat(s.config().pipelines().get("orders-db").timeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(s.config().pipelines().get("orders-db").circuitBreaker()).isEqualTo("orders-db");
    assertThat(s.config().circuitBreakers().keySet()).containsExactly("orders-db");
    assertThat(s.config().circuitBreakers().get("orders-db").openDuration())
        .isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void aProblemWithAVariableNamesTheKnownKeysInKebabCaseAndTheVariable() {
    assertThatThrownBy(
            () ->
                LeveeSettings.read(
                    environment(
                        Map.of("levee.resilience.circuit-breaker.instances.db.timeout", "2s"),
                        Map.of(
                            "LEVEE_RESILIENCE_CIRCUITBREAKER_INSTANCES_DB_FAILURETHRESHOLD", "x",
                            "LEVEE_SPRING_CHECKS_DATASOURCE", "no"))))
        .isInstanceOf(LeveePropertiesException.class)
        .satisfies(
            e ->
                assertThat(((LeveePropertiesException) e).problems())
                    .containsExactlyInAnyOrder(
                        "levee.resilience.circuit-breaker.instances.db.failure-threshold: must be an"
                            + " integer, was \"x\" (from"
                            + " \"LEVEE_RESILIENCE_CIRCUITBREAKER_INSTANCES_DB_FAILURETHRESHOLD\""
                            + " from property source \"test-systemEnvironment\")",
                        "levee.spring.checks.data-source: must be true or false, was \"no\" (from"
                            + " \"LEVEE_SPRING_CHECKS_DATASOURCE\" from property source"
                            + " \"test-systemEnvironment\")"));
  }

  @Test
  void aVariableInLeveesStandaloneFormIsShownInSpringsForm() {
    assertThatThrownBy(
            () ->
                LeveeSettings.read(
                    environment(
                        Map.of(),
                        Map.of(
                            "LEVEE_RESILIENCE__CIRCUIT_BREAKER__INSTANCES__DB__FAILURE_THRESHOLD",
                            "5"))))
        .isInstanceOf(LeveePropertiesException.class)
        .satisfies(
            e ->
                assertThat(((LeveePropertiesException) e).problems())
                    .singleElement()
                    .asString()
                    .startsWith("levee.resilience.circuit")
                    .endsWith(
                        "; LEVEE_RESILIENCE__CIRCUIT_BREAKER__INSTANCES__DB__FAILURE_THRESHOLD is"
                            + " Levee's standalone form: under Spring Boot use Spring's form:"
                            + " LEVEE_RESILIENCE_CIRCUITBREAKER_INSTANCES_DB_FAILURETHRESHOLD"));
  }

  @Test
  void standaloneOnlySettingsAreNamedInOneWarning() {
    try (LogCapture log = LogCapture.of(LeveeSettings.class.getName())) {
      LeveeSettings.read(
          environment(
              Map.of(
                  "levee.health.http.port", "8081",
                  "levee.logging.format", "json",
                  "levee.resilience.bulkhead.max-concurrent", "3"),
              Map.of("LEVEE_SHUTDOWN_HOOK", "false")));
      assertThat(log.lines())
          .filteredOn(l -> l.level().equals("WARN"))
          .singleElement()
          .satisfies(
              l -> {
                assertThat(l.message())
                    .contains(
                        "levee.shutdown.hook",
                        "levee.health.http.port",
                        "levee.logging.format",
                        "do nothing under Spring Boot",
                        "server.port");
                assertThat(l.message()).doesNotContain("bulkhead");
              });
    }
  }

  @Test
  void noWarningWithoutStandaloneOnlySettings() {
    try (LogCapture log = LogCapture.of(LeveeSettings.class.getName())) {
      LeveeSettings.read(
          environment(Map.of("levee.resilience.bulkhead.max-concurrent", "3"), Map.of()));
      assertThat(log.lines()).isEmpty();
    }
  }
}
