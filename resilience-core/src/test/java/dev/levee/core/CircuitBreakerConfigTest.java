package dev.levee.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CircuitBreakerConfigTest {
  private final CircuitBreakerConfig.Builder b = CircuitBreakerConfig.builder("db");

  @Test
  void defaultsAreTheDesigns() {
    CircuitBreakerConfig c = CircuitBreakerConfig.defaults();
    assertThat(c.tripMode()).isEqualTo(TripMode.CONSECUTIVE_FAILURES);
    assertThat(c.failureThreshold()).isEqualTo(5);
    assertThat(c.openDuration()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.halfOpenMaxCalls()).isEqualTo(3);
    assertThat(c.successThreshold()).isEqualTo(2);
    assertThat(c.detectsSlowCalls()).isFalse();
  }

  @Test
  void eachSetterRejectsABadValueNamingFieldRuleAndValue() {
    assertThatThrownBy(() -> b.failureRateThreshold(140))
        .hasMessage("circuitBreaker \"db\": failureRateThreshold must be in (0,100], was 140.0");
    assertThatThrownBy(() -> b.failureRateThreshold(0))
        .hasMessage("circuitBreaker \"db\": failureRateThreshold must be in (0,100], was 0.0");
    assertThatThrownBy(() -> b.consecutiveFailures(0))
        .hasMessage("circuitBreaker \"db\": failureThreshold must be at least 1, was 0");
    assertThatThrownBy(() -> b.countWindow(0))
        .hasMessage("circuitBreaker \"db\": windowSize must be in [1,524288], was 0");
    assertThatThrownBy(() -> b.minimumCalls(-1))
        .hasMessage("circuitBreaker \"db\": minimumCalls must be at least 1, was -1");
    assertThatThrownBy(() -> b.openDuration(Duration.ZERO))
        .hasMessage("circuitBreaker \"db\": openDuration must be positive, was 0s");
    assertThatThrownBy(() -> b.slowCalls(Duration.ofMillis(-5), 50))
        .hasMessage("circuitBreaker \"db\": slowCallDuration must be positive, was -5ms");
    assertThatThrownBy(() -> b.slowCalls(Duration.ofMillis(5), 101))
        .hasMessage("circuitBreaker \"db\": slowCallRateThreshold must be in (0,100], was 101.0");
    assertThatThrownBy(() -> b.halfOpenMaxCalls(256))
        .hasMessage("circuitBreaker \"db\": halfOpenMaxCalls must be in [1,255], was 256");
    assertThatThrownBy(() -> b.successThreshold(0))
        .hasMessage("circuitBreaker \"db\": successThreshold must be at least 1, was 0");
    assertThatThrownBy(() -> b.openBackoff(0.5, Duration.ofMinutes(1)))
        .hasMessage("circuitBreaker \"db\": openBackoffMultiplier must be in [1,100], was 0.5");
    assertThatThrownBy(() -> b.halfOpenMaxWait(Duration.ofDays(400)))
        .hasMessage("circuitBreaker \"db\": halfOpenMaxWait must be at most 365d, was 9600h");
    assertThatThrownBy(() -> b.ticker(null))
        .hasMessage("circuitBreaker \"db\": ticker must be set");
  }

  @Test
  void buildChecksTheRulesBetweenValues() {
    assertThatThrownBy(() -> b.countWindow(10).minimumCalls(11).build())
        .hasMessage("circuitBreaker \"db\": minimumCalls must be at most windowSize (10), was 11");
    assertThatThrownBy(
            () -> CircuitBreakerConfig.builder("db").slowCalls(Duration.ofSeconds(1), 50).build())
        .hasMessageStartingWith("circuitBreaker \"db\": slowCallDuration needs tripMode");
    assertThatThrownBy(
            () ->
                CircuitBreakerConfig.builder("db")
                    .timeWindow(Duration.ofSeconds(1), Duration.ofMillis(50))
                    .build())
        .hasMessage("circuitBreaker \"db\": bucketDuration must be at least 100ms, was 50ms");
    assertThatThrownBy(
            () ->
                CircuitBreakerConfig.builder("db")
                    .timeWindow(Duration.ofMillis(1050), Duration.ofMillis(100))
                    .build())
        .hasMessage(
            "circuitBreaker \"db\": windowDuration must be a whole number of buckets (100ms), was"
                + " 1050ms");
    assertThatThrownBy(
            () ->
                CircuitBreakerConfig.builder("db")
                    .timeWindow(Duration.ofHours(1), Duration.ofMillis(100))
                    .build())
        .hasMessage(
            "circuitBreaker \"db\": windowDuration / bucketDuration must be at most 10000 buckets,"
                + " was 36000");
    assertThatThrownBy(
            () ->
                CircuitBreakerConfig.builder("db")
                    .openDuration(Duration.ofMinutes(10))
                    .openBackoff(2, Duration.ofMinutes(1))
                    .build())
        .hasMessage(
            "circuitBreaker \"db\": maxOpenDuration must be at least openDuration (10m), was 1m");
  }

  @Test
  void builtConfigurationsNeverChange() {
    CircuitBreakerConfig.Builder builder = CircuitBreakerConfig.builder("db").countWindow(10);
    CircuitBreakerConfig built = builder.build();
    builder.countWindow(20).openDuration(Duration.ofSeconds(1));
    assertThat(built.windowSize()).isEqualTo(10);
    assertThat(built.openDuration()).isEqualTo(Duration.ofSeconds(30));
    assertThat(built.toBuilder("copy").build().windowSize()).isEqualTo(10);
  }

  @Test
  void openNanosGrowsAndCaps() {
    CircuitBreakerConfig c =
        CircuitBreakerConfig.builder("db")
            .openDuration(Duration.ofSeconds(1))
            .openBackoff(3, Duration.ofSeconds(20))
            .build();
    assertThat(c.openNanos(0)).isEqualTo(1_000_000_000L);
    assertThat(c.openNanos(1)).isEqualTo(3_000_000_000L);
    assertThat(c.openNanos(2)).isEqualTo(9_000_000_000L);
    assertThat(c.openNanos(3)).isEqualTo(20_000_000_000L);
    assertThat(c.openNanos(1000)).isEqualTo(20_000_000_000L);
  }

  @Test
  void anOpenDurationAboveTheDefaultCapNeedsNoBackoffSetting() {
    // Found by the config module's round-trip property: 10m failed on maxOpenDuration (5m).
    CircuitBreakerConfig c =
        CircuitBreakerConfig.builder("slow").openDuration(java.time.Duration.ofMinutes(10)).build();
    org.assertj.core.api.Assertions.assertThat(c.maxOpenDuration())
        .isEqualTo(java.time.Duration.ofMinutes(10));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                CircuitBreakerConfig.builder("slow")
                    .openDuration(java.time.Duration.ofMinutes(10))
                    .openBackoff(2, java.time.Duration.ofMinutes(5))
                    .build())
        .as("a backoff set with a smaller cap is still an error")
        .hasMessageContaining("maxOpenDuration must be at least openDuration");
  }
}
