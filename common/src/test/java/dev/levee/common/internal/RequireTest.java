package dev.levee.common.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RequireTest {
  @Test
  void aValueThatPassesIsReturned() {
    Duration d = Duration.ofSeconds(2);
    assertThat(Require.positive("t", d)).isSameAs(d);
    assertThat(Require.positive("t", d, Duration.ofDays(1))).isSameAs(d);
    assertThat(Require.nonNegative("t", Duration.ZERO)).isEqualTo(Duration.ZERO);
    assertThat(Require.atLeast("t", d, d)).isSameAs(d);
    assertThat(Require.inRange("t", d, d, d)).isSameAs(d);
    assertThat(Require.notBlank("n", "db")).isEqualTo("db");
    assertThat(Require.atLeast("n", 1, 1)).isEqualTo(1);
    assertThat(Require.inRange("n", 0, 0, 65535)).isZero();
    assertThat(Require.inRange("n", 65535L, 0, 65535)).isEqualTo(65535L);
  }

  @Test
  void durationsThatBreakTheirRuleAreNamedWithTheRuleAndTheValue() {
    assertThatThrownBy(() -> Require.positive("heartbeat check: timeout", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("heartbeat check: timeout must be positive, was 0s");
    assertThatThrownBy(() -> Require.positive("t", Duration.ofMillis(-1500)))
        .hasMessage("t must be positive, was -1500ms");
    assertThatThrownBy(() -> Require.positive("t", Duration.ofDays(400), Duration.ofDays(365)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("t must be at most 8760h, was 9600h");
    assertThatThrownBy(() -> Require.nonNegative("closeTimeout", Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("closeTimeout must not be negative, was -1ms");
    assertThatThrownBy(
            () -> Require.atLeast("resolution", Duration.ofNanos(10), Duration.ofNanos(100_000)))
        .hasMessage("resolution must be at least 100us, was 10ns");
    assertThatThrownBy(
            () ->
                Require.inRange(
                    "readTimeout",
                    Duration.ofMillis(1),
                    Duration.ofMillis(10),
                    Duration.ofMinutes(10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("readTimeout must be in [10ms, 10m], was 1ms");
    assertThatThrownBy(
            () -> Require.inRange("d", Duration.ofHours(2), Duration.ZERO, Duration.ofHours(1)))
        .hasMessage("d must be in [0, 1h], was 2h");
  }

  @Test
  void aMissingDurationIsNamed() {
    assertThatThrownBy(() -> Require.positive("raft check: electionGrace", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("raft check: electionGrace must be set");
    assertThatThrownBy(() -> Require.nonNegative("t", null)).hasMessage("t must be set");
    assertThatThrownBy(() -> Require.atLeast("t", null, Duration.ZERO)).hasMessage("t must be set");
    assertThatThrownBy(() -> Require.inRange("t", null, Duration.ZERO, Duration.ZERO))
        .hasMessage("t must be set");
  }

  @Test
  void numbersAndNames() {
    assertThatThrownBy(() -> Require.atLeast("maxThreads", 0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxThreads must be at least 1, was 0");
    assertThatThrownBy(() -> Require.inRange("port", 70000, 0, 65535))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port must be in [0, 65535], was 70000");
    assertThatThrownBy(() -> Require.inRange("bytes", -1L, 0, 1L << 30))
        .hasMessage("bytes must be in [0, 1073741824], was -1");
    assertThatThrownBy(() -> Require.notBlank("bulkhead: name", " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bulkhead: name must not be blank");
    assertThatThrownBy(() -> Require.notBlank("bulkhead: name", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bulkhead: name must not be blank");
  }
}
