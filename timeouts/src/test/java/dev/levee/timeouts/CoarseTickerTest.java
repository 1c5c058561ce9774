package dev.levee.timeouts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levee.testkit.Await;
import dev.levee.testkit.LeveeThreads;
import dev.levee.timeouts.testing.ManualTicker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CoarseTickerTest {
  @Test
  void followsItsSourceAndStopsOnClose() {
    ManualTicker source = new ManualTicker();
    long before = source.read();
    try (CoarseTicker coarse = CoarseTicker.start(Duration.ofMillis(1), source)) {
      assertThat(coarse.read()).isEqualTo(before);
      source.advance(Duration.ofSeconds(5));
      Await.until(
          Duration.ofSeconds(10),
          "the coarse ticker caught up with its source",
          () -> coarse.read() == before + 5_000_000_000L);
    }
    LeveeThreads.assertNoneSurvive(Duration.ofSeconds(10));
  }

  @Test
  void rejectsTooFineAResolution() {
    assertThatThrownBy(() -> CoarseTicker.start(Duration.ofNanos(10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("coarseTicker: resolution must be at least 100us, was 10ns");
  }
}
