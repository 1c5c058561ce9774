package dev.levee.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Modifier;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HealthCheckConfigTest {

  @Test
  void isAFinalClassBuiltOnlyByItsBuilder() {
    assertThat(HealthCheckConfig.class.isRecord()).isFalse();
    assertThat(Modifier.isFinal(HealthCheckConfig.class.getModifiers())).isTrue();
    assertThat(HealthCheckConfig.class.getConstructors()).isEmpty();
  }

  @Test
  void defaultsAreTheDocumentedOnes() {
    HealthCheckConfig c = HealthCheckConfig.builder("db").build();
    assertThat(c.name()).isEqualTo("db");
    assertThat(c.groups()).containsExactly(HealthGroup.READY);
    assertThat(c.interval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.initialDelay()).isZero();
    assertThat(c.initialStatus()).isEqualTo(Status.DOWN);
    assertThat(c.failureAttempts()).isEqualTo(3);
    assertThat(c.successAttempts()).isEqualTo(2);
    assertThat(c.critical()).isTrue();
    assertThat(c.staleAfter()).isEqualTo(Duration.ofSeconds(17));
    assertThat(c.in(HealthGroup.READY)).isTrue();
    assertThat(c.in(HealthGroup.LIVE)).isFalse();
  }

  @Test
  void buildRejectsABadValueNamingFieldRuleAndValue() {
    assertThatThrownBy(() -> HealthCheckConfig.builder("-db").build())
        .hasMessageStartingWith("health check name must be letters, digits")
        .hasMessageEndingWith("was \"-db\"");
    assertThatThrownBy(() -> HealthCheckConfig.builder("db").interval(Duration.ofMillis(5)).build())
        .hasMessage("health check \"db\": interval must be in [10ms, 24h], was 5ms");
    assertThatThrownBy(() -> HealthCheckConfig.builder("db").timeout(Duration.ofHours(2)).build())
        .hasMessage("health check \"db\": timeout must be in [1ms, 1h], was 2h");
    assertThatThrownBy(() -> HealthCheckConfig.builder("db").timeout(null).build())
        .isInstanceOf(NullPointerException.class)
        .hasMessage("health check \"db\": timeout must be set");
    assertThatThrownBy(() -> HealthCheckConfig.builder("db").failureAttempts(0).build())
        .hasMessage("health check \"db\": failureAttempts must be in [1, 100], was 0");
    assertThatThrownBy(() -> HealthCheckConfig.builder("db").successAttempts(101).build())
        .hasMessage("health check \"db\": successAttempts must be in [1, 100], was 101");
    assertThatThrownBy(
            () -> HealthCheckConfig.builder("db").staleAfter(Duration.ofSeconds(1)).build())
        .hasMessage("health check \"db\": staleAfter must be at least the interval (5s), was 1s");
  }

  @Test
  void toBuilderKeepsADefaultStalenessADefault() {
    HealthCheckConfig c = HealthCheckConfig.builder("db").groups("live", "ready").build();
    HealthCheckConfig slower = c.toBuilder("db").interval(Duration.ofSeconds(10)).build();
    assertThat(slower.staleAfter())
        .as("three intervals plus the timeout, of the copy")
        .isEqualTo(Duration.ofSeconds(32));
    assertThat(slower.groups()).containsExactly(HealthGroup.LIVE, HealthGroup.READY);

    HealthCheckConfig set = c.toBuilder("db").staleAfter(Duration.ofMinutes(1)).build();
    assertThat(set.toBuilder("db").interval(Duration.ofSeconds(10)).build().staleAfter())
        .isEqualTo(Duration.ofMinutes(1));

    assertThat(c.toBuilder("db").build()).isEqualTo(c).hasSameHashCodeAs(c);
    assertThat(c.toBuilder("cache").build().name()).isEqualTo("cache");
    assertThat(c).isNotEqualTo(slower);
    assertThat(c.toString()).startsWith("HealthCheckConfig[name=db, groups=[live, ready],");
  }

  @Test
  void aBuiltConfigDoesNotSeeLaterBuilderChangesAndItsGroupsAreReadOnly() {
    HealthCheckConfig.Builder b = HealthCheckConfig.builder("db").groups("ready");
    HealthCheckConfig c = b.build();
    b.groups("live").critical(false);
    assertThat(c.groups()).containsExactly(HealthGroup.READY);
    assertThat(c.critical()).isTrue();
    assertThatThrownBy(() -> c.groups().add(HealthGroup.LIVE))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
