package dev.levee.spring.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.config.LeveeConfig;
import dev.levee.health.HealthCheckConfig;
import dev.levee.health.HealthGroup;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The built-in checks' schedules. */
class BuiltInChecksTest {
  @Test
  void theBreakersCheckShowsAnOpenBreakerWithinASecond() {
    HealthCheckConfig c =
        BuiltInChecks.config(
            LeveeConfig.fromTree("test", java.util.Map.of()),
            "circuit-breakers",
            HealthGroup.READY);
    assertThat(c.interval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.failureAttempts())
        .as("the first open breaker shows, not the third result after 10-15 s")
        .isEqualTo(1);
    assertThat(c.successAttempts()).isEqualTo(1);
  }

  @Test
  void otherChecksKeepTheStandaloneDefaults() {
    HealthCheckConfig c =
        BuiltInChecks.config(
            LeveeConfig.fromTree("test", java.util.Map.of()), "db", HealthGroup.READY);
    assertThat(c.interval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.failureAttempts()).isEqualTo(3);
  }

  @Test
  void theUsersEntryReplacesTheDefaults() {
    LeveeConfig config =
        LeveeConfig.fromTree(
            "test",
            java.util.Map.of(
                "health",
                java.util.Map.of(
                    "checks",
                    java.util.Map.of(
                        "circuit-breakers",
                        java.util.Map.of(
                            "interval", "3s", "groups", java.util.List.of("ready"))))));
    HealthCheckConfig c = BuiltInChecks.config(config, "circuit-breakers", HealthGroup.READY);
    assertThat(c.interval()).isEqualTo(Duration.ofSeconds(3));
  }
}
