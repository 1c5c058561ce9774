package dev.levee.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levee.core.CallNotPermittedException;
import dev.levee.core.CircuitBreakerState;
import dev.levee.core.Pipeline;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Named pipelines: read from {@code pipelines:}, checked against the registries, built shared. */
class LeveePipelinesTest {
  private static final String YAML =
      """
      resilience:
        circuit_breaker: { instances: { db: { failure_threshold: 2, timeout: 1h } } }
        retry: { instances: { db: { max_retries: 0 } } }
        rate_limiter: { instances: { partner: { permits: 10, period: 1s } } }
        bulkhead: { instances: { db: { max_concurrent: 4 } } }
      pipelines:
        orders-db: { timeout: 2s, retry: db, circuit_breaker: db, rate_limiter: partner, bulkhead: db }
        reports-db: { circuit_breaker: db, bulkhead: default }
        plain: {}
      shutdown: { propagation_delay: 0s, hook: false }
      """;

  @Test
  void pipelinesAreReadInOrderWithTheirStagesNames() {
    LeveeConfig config = LeveeConfig.load(YAML);
    assertThat(config.pipelines().keySet()).containsExactly("orders-db", "reports-db", "plain");
    assertThat(config.pipelines().get("orders-db"))
        .isEqualTo(
            LeveeConfig.PipelineSpec.builder("orders-db")
                .timeout(Duration.ofSeconds(2))
                .retry("db")
                .circuitBreaker("db")
                .rateLimiter("partner")
                .bulkhead("db")
                .build());
    assertThat(config.pipelines().get("reports-db"))
        .isEqualTo(
            LeveeConfig.PipelineSpec.builder("reports-db")
                .circuitBreaker("db")
                .bulkhead("default")
                .build());
  }

  @Test
  void twoPipelinesNamingOneBreakerShareIt() throws Exception {
    try (Levee levee =
        Levee.builder(LeveeConfig.load(YAML)).servers(false).shutdownHook(false).start()) {
      Pipeline orders = levee.pipeline("orders-db");
      Pipeline reports = levee.pipeline("reports-db");
      assertThat(levee.pipelines()).containsOnlyKeys("orders-db", "reports-db", "plain");
      for (int i = 0; i < 2; i++) {
        assertThatThrownBy(
                () ->
                    orders.call(
                        () -> {
                          throw new java.sql.SQLTransientConnectionException("down", "08001");
                        }))
            .isInstanceOf(java.sql.SQLException.class);
      }
      assertThat(levee.circuitBreakers().find("db").orElseThrow().state())
          .isEqualTo(CircuitBreakerState.OPEN);
      assertThatThrownBy(() -> reports.call(() -> "never runs"))
          .as("the other pipeline's breaker is the same one, open")
          .isInstanceOf(CallNotPermittedException.class);
      assertThat(levee.bulkheads().find("default"))
          .as("'default' names an instance made from the family's defaults")
          .isPresent();
      assertThat(levee.pipeline("plain").call(() -> "ran")).isEqualTo("ran");
    }
  }

  @Test
  void anUnknownPipelineNameListsTheConfiguredOnes() {
    try (Levee levee =
        Levee.builder(LeveeConfig.load(YAML)).servers(false).shutdownHook(false).start()) {
      assertThatThrownBy(() -> levee.pipeline("orders"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "levee: no pipeline named \"orders\" (configured: orders-db, reports-db, plain)");
    }
  }

  @Test
  void danglingNamesAndBadValuesAreProblemsWithTheirPathsReportedTogether() {
    assertThatThrownBy(
            () ->
                LeveeConfig.load(
                    """
                    resilience:
                      circuit_breaker: { instances: { db: {}, search: {} } }
                      bulkhead: { max_concurrent: 0 }
                    pipelines:
                      orders-db: { timeout: 0s, retry: db, circuit_breaker: dbb, bulkhed: db }
                      partner: { rate_limiter: partnr }
                    """))
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e ->
                assertThat(((ConfigException) e).problems())
                    .containsExactly(
                        "resilience.bulkhead.max_concurrent: must be at least 1, was 0",
                        "pipelines.orders-db.timeout: must be positive, was 0s",
                        "pipelines.orders-db.retry: no retry named \"db\" (configured: none)",
                        "pipelines.orders-db.circuit_breaker: no circuit breaker named \"dbb\";"
                            + " did you mean \"db\"? (configured: db, search)",
                        "pipelines.orders-db.bulkhed: unknown key; did you mean \"bulkhead\"?"
                            + " (known here: timeout, retry, circuit_breaker, rate_limiter,"
                            + " bulkhead, adaptive_limiter, hedge)",
                        "pipelines.partner.rate_limiter: no rate limiter named \"partnr\""
                            + " (configured: none)"));
  }

  @Test
  void anOverriddenNameSaysWhereItWasSet() {
    Properties props = new Properties();
    props.setProperty("levee.pipelines.orders-db.circuit_breaker", "dbx");
    assertThatThrownBy(
            () ->
                LeveeConfig.load(
                    "levee.yaml",
                    "resilience: { circuit_breaker: { instances: { db: {} } } }\n"
                        + "pipelines: { orders-db: { circuit_breaker: db } }\n",
                    Map.of(),
                    props))
        .hasMessageContaining(
            "pipelines.orders-db.circuit_breaker: no circuit breaker named \"dbx\"; did you mean"
                + " \"db\"? (configured: db) (set by"
                + " -Dlevee.pipelines.orders-db.circuit_breaker)");
  }
}
