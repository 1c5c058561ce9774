package dev.levee.timeouts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class TimeoutsProperties {
  private static final List<String> NAMED =
      List.of(
          Timeouts.PROPOSAL,
          Timeouts.HEALTH_CHECK,
          Timeouts.REBALANCE,
          Timeouts.HEARTBEAT_INTERVAL,
          Timeouts.HEARTBEAT_TIMEOUT,
          Timeouts.LEADER_ELECTION,
          Timeouts.SNAPSHOT);

  @Provide
  Arbitrary<String> field() {
    return Arbitraries.of(NAMED);
  }

  @Provide
  Arbitrary<Duration> invalid() {
    return Arbitraries.oneOf(
        Arbitraries.longs().between(Long.MIN_VALUE / 2, 0).map(Duration::ofNanos),
        Arbitraries.longs().between(366, 100_000).map(Duration::ofDays),
        Arbitraries.just(Duration.ofDays(365).plusNanos(1)));
  }

  @Provide
  Arbitrary<Duration> valid() {
    return Arbitraries.longs().between(1, Duration.ofDays(365).toNanos()).map(Duration::ofNanos);
  }

  @Property
  void everyInvalidValueIsRejectedNamingTheFieldAndValue(
      @ForAll("field") String field, @ForAll("invalid") Duration value) {
    Throwable error = catchThrowable(() -> Timeouts.builder().timeout(field, value));
    assertThat(error)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("timeouts: " + field + " must be ")
        .hasMessageContaining(", was ");
  }

  @Property
  void heartbeatTimeoutIsAcceptedExactlyWhenItExceedsTheInterval(
      @ForAll("valid") Duration interval, @ForAll("valid") Duration timeout) {
    Timeouts.Builder b = Timeouts.builder().heartbeatInterval(interval).heartbeatTimeout(timeout);
    if (timeout.compareTo(interval) > 0) {
      Timeouts built = b.build();
      assertThat(built.heartbeatInterval()).isEqualTo(interval);
      assertThat(built.heartbeatTimeout()).isEqualTo(timeout);
    } else {
      assertThatThrownBy(b::build)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith(
              "timeouts: heartbeat_timeout must be greater than heartbeat_interval");
    }
  }

  @Property
  void everyValidValueIsKept(@ForAll("field") String field, @ForAll("valid") Duration value) {
    Timeouts.Builder b = Timeouts.builder().timeout(field, value);
    if (field.equals(Timeouts.HEARTBEAT_INTERVAL)) {
      b.heartbeatTimeout(Duration.ofDays(365));
      if (value.equals(Duration.ofDays(365))) {
        return; // the one interval no timeout can exceed (the rule is checked above)
      }
    } else if (field.equals(Timeouts.HEARTBEAT_TIMEOUT)) {
      b.heartbeatInterval(Duration.ofNanos(1));
      if (value.equals(Duration.ofNanos(1))) {
        return; // the one value that cannot exceed any interval
      }
    }
    assertThat(b.build().timeoutFor(field)).isEqualTo(value);
  }
}
