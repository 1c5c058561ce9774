package dev.levee.timeouts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeoutViolationTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  private static TimeoutViolation.Builder complete() {
    return TimeoutViolation.builder()
        .limiter("io")
        .operation("db.query")
        .timeout(Duration.ofSeconds(2))
        .elapsed(Duration.ofMillis(2004))
        .timestamp(NOW);
  }

  @Test
  void isAFinalClassMadeByItsBuilder() {
    assertThat(TimeoutViolation.class.isRecord()).isFalse();
    assertThat(TimeoutViolation.class.getConstructors()).isEmpty();

    TimeoutViolation v = complete().build();
    assertThat(v.fromDeadline()).as("default").isFalse();
    assertThat(v).isEqualTo(complete().build()).hasSameHashCodeAs(complete().build());
    assertThat(v).isNotEqualTo(complete().fromDeadline(true).build());
    assertThat(v.toString())
        .isEqualTo(
            "TimeoutViolation[limiter=io, operation=db.query, timeout=PT2S, elapsed=PT2.004S,"
                + " fromDeadline=false, timestamp=2026-11-23T12:00:00Z]");
  }

  @Test
  void aMissingPartIsNamed() {
    assertThatThrownBy(() -> complete().operation(null).build())
        .isInstanceOf(NullPointerException.class)
        .hasMessage("operation");
    assertThatThrownBy(() -> complete().elapsed(null).build()).hasMessage("elapsed");
  }
}
