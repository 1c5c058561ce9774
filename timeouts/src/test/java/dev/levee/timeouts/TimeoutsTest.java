package dev.levee.timeouts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TimeoutsTest {
  @Test
  void defaultsAreThoseOfTheDesign() {
    Timeouts t = Timeouts.defaults();
    assertThat(t.proposal()).isEqualTo(Duration.ofSeconds(5));
    assertThat(t.healthCheck()).isEqualTo(Duration.ofSeconds(2));
    assertThat(t.rebalance()).isEqualTo(Duration.ofSeconds(30));
    assertThat(t.heartbeatInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(t.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(t.leaderElection()).isEqualTo(Duration.ofSeconds(10));
    assertThat(t.snapshot()).isEqualTo(Duration.ofSeconds(60));
    assertThat(t.timeoutFor("proposal")).isEqualTo(Duration.ofSeconds(5));
    assertThat(t.asMap()).hasSize(7);
    assertThat(t.defaultTimeout()).isEmpty();
  }

  @Test
  void unknownOperationFailsClearlyWithoutADefault() {
    assertThatThrownBy(() -> Timeouts.defaults().timeoutFor("db.qeury"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "timeouts: no timeout for operation \"db.qeury\" and no default timeout is set; known"
                + " operations: [health_check, heartbeat_interval, heartbeat_timeout,"
                + " leader_election, proposal, rebalance, snapshot]");
  }

  @Test
  void userOperationsAndADefaultTimeout() {
    Timeouts t =
        Timeouts.builder()
            .timeout("db.query", Duration.ofMillis(300))
            .defaultTimeout(Duration.ofSeconds(1))
            .build();
    assertThat(t.timeoutFor("db.query")).isEqualTo(Duration.ofMillis(300));
    assertThat(t.timeoutFor("anything.else")).isEqualTo(Duration.ofSeconds(1));
    assertThat(t.proposal()).isEqualTo(Duration.ofSeconds(5));
    assertThat(t.toString()).contains("db.query=300ms", "default=1s");
  }

  @Test
  void builtInstancesNeverChange() {
    Timeouts.Builder b = Timeouts.builder().proposal(Duration.ofSeconds(1));
    Timeouts built = b.build();
    b.proposal(Duration.ofSeconds(9)).timeout("x", Duration.ofSeconds(1));
    assertThat(built.proposal()).isEqualTo(Duration.ofSeconds(1));
    assertThat(built.asMap()).doesNotContainKey("x");
    assertThatThrownBy(() -> built.asMap().put("y", Duration.ZERO))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(built.toBuilder().build()).isEqualTo(built);
  }

  @Test
  void rejectsNonPositiveAndTooLongTimeouts() {
    assertThatThrownBy(() -> Timeouts.builder().proposal(Duration.ZERO))
        .hasMessage("timeouts: proposal must be positive, was 0s");
    assertThatThrownBy(() -> Timeouts.builder().snapshot(Duration.ofMillis(-1500)))
        .hasMessage("timeouts: snapshot must be positive, was -1500ms");
    assertThatThrownBy(() -> Timeouts.builder().rebalance(Duration.ofDays(400)))
        .hasMessage("timeouts: rebalance must be at most 8760h, was 9600h");
    assertThatThrownBy(() -> Timeouts.builder().healthCheck(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("timeouts: health_check must be set");
    assertThatThrownBy(() -> Timeouts.builder().defaultTimeout(Duration.ofSeconds(-1)))
        .hasMessage("timeouts: default must be positive, was -1s");
  }

  @Test
  void heartbeatTimeoutMustExceedTheInterval() {
    assertThatThrownBy(
            () ->
                Timeouts.builder()
                    .heartbeatInterval(Duration.ofSeconds(10))
                    .heartbeatTimeout(Duration.ofSeconds(5))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "timeouts: heartbeat_timeout must be greater than heartbeat_interval (10s), was 5s");
    assertThatThrownBy(() -> Timeouts.builder().heartbeatTimeout(Duration.ofSeconds(10)).build())
        .hasMessageContaining("was 10s");
  }

  @Test
  void rejectsMalformedOperationNames() {
    assertThatThrownBy(() -> Timeouts.builder().timeout("has space", Duration.ofSeconds(1)))
        .hasMessageContaining("operation name")
        .hasMessageEndingWith("was \"has space\"");
    assertThatThrownBy(() -> Timeouts.builder().timeout(null, Duration.ofSeconds(1)))
        .hasMessageEndingWith("was null");
    assertThatThrownBy(() -> Timeouts.builder().timeout("", Duration.ofSeconds(1)))
        .hasMessageEndingWith("was \"\"");
  }
}
