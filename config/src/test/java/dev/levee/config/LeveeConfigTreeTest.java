package dev.levee.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levee.health.HealthGroup;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A tree a framework's properties make: relaxed keys, the same rules and messages as a file. */
class LeveeConfigTreeTest {
  @Test
  void kebabCamelAndFlattenedKeysBindWhileNamesStayAsWritten() {
    LeveeConfig config =
        LeveeConfig.fromTree(
            "test",
            Map.of(
                "resilience",
                Map.of(
                    "circuit-breaker",
                    Map.of(
                        "failure-threshold",
                        "7",
                        "instances",
                        Map.of("orders-db", Map.of("failureThreshold", 3))),
                    "RETRY",
                    Map.of("maxretries", "2"),
                    "timeouts",
                    Map.of("health-check", "1s", "db.query", "300ms")),
                "health",
                Map.of("checks", Map.of("db", Map.of("groups", List.of("ready")))),
                "pipelines",
                Map.of("orders", Map.of("circuit-breaker", "orders-db", "timeout", "2s"))));
    assertThat(config.circuitBreakerDefaults().failureThreshold()).isEqualTo(7);
    assertThat(config.circuitBreakers().get("orders-db").failureThreshold()).isEqualTo(3);
    assertThat(config.retryDefaults().maxRetries()).isEqualTo(2);
    assertThat(config.timeouts().healthCheck()).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.timeouts().timeoutFor("db.query")).isEqualTo(Duration.ofMillis(300));
    assertThat(config.healthCheck("db").groups()).contains(HealthGroup.READY);
    assertThat(config.pipelines().get("orders").circuitBreaker()).isEqualTo("orders-db");
  }

  @Test
  void problemsAreThoseOfAFileInItsWords() {
    assertThatThrownBy(
            () ->
                LeveeConfig.fromTree(
                    "Spring properties levee.*",
                    Map.of(
                        "resilience",
                        Map.of(
                            "circuit-breaker",
                            Map.of("failure-treshold", "3", "instances", Map.of("db", Map.of()))),
                        "metrics",
                        Map.of("port", "-1"),
                        "pipelines",
                        Map.of("orders", Map.of("circuit-breaker", "dbb")))))
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e ->
                assertThat(((ConfigException) e).problems())
                    .containsExactlyInAnyOrder(
                        "resilience.circuit_breaker.failure-treshold: unknown key; did you mean"
                            + " \"failure_threshold\"? (known here: failure_threshold,"
                            + " count_window, minimum_calls, failure_rate_threshold,"
                            + " success_threshold, timeout, max_requests_half_open,"
                            + " half_open_max_wait, instances)",
                        "metrics.port: must be in [0, 65535], was -1",
                        "pipelines.orders.circuit_breaker: no circuit breaker named \"dbb\"; did"
                            + " you mean \"db\"? (configured: db)"));
  }

  @Test
  void aFileStaysStrictAboutSpelling() {
    assertThatThrownBy(() -> LeveeConfig.load("resilience: { circuit-breaker: {} }\n"))
        .hasMessageContaining("resilience.circuit-breaker: unknown key; did you mean");
  }
}
