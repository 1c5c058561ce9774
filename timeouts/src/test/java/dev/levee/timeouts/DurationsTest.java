package dev.levee.timeouts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
  @Test
  void formatUsesTheLargestExactUnit() {
    assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
    assertThat(Durations.format(Duration.ofHours(2))).isEqualTo("2h");
    assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("90m");
    assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThat(Durations.format(Duration.ofNanos(250_000))).isEqualTo("250us");
    assertThat(Durations.format(Duration.ofNanos(7))).isEqualTo("7ns");
    assertThat(Durations.format(Duration.ofMillis(-1500))).isEqualTo("-1500ms");
    assertThat(Durations.format(Duration.ofSeconds(Long.MAX_VALUE)))
        .isEqualTo(Long.MAX_VALUE + "s");
    assertThat(Durations.format(Duration.ofNanos(Long.MIN_VALUE))).isEqualTo(Long.MIN_VALUE + "ns");
  }

  @Test
  void humanRoundsMeasuredTimesToMilliseconds() {
    assertThat(Durations.human(Duration.ofNanos(311_467_759))).isEqualTo("311ms");
    assertThat(Durations.human(Duration.ofNanos(299_600_000))).isEqualTo("300ms");
    assertThat(Durations.human(Duration.ofNanos(1_000_200_000))).isEqualTo("1s");
    assertThat(Durations.human(Duration.ofNanos(250_000))).isEqualTo("250us");
    assertThat(Durations.human(Duration.ofNanos(-2_000_000))).isEqualTo("-2ms");
  }
}
