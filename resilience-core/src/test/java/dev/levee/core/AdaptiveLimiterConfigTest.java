package dev.levee.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levee.core.AdaptiveLimiterConfig.Algorithm;
import dev.levee.timeouts.testing.ManualTicker;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every bad value is refused when built, with a message naming it; good ones round-trip. */
class AdaptiveLimiterConfigTest {
  private static AdaptiveLimiterConfig.Builder db() {
    return AdaptiveLimiterConfig.builder("db");
  }

  private static void refused(UnaryOperator<AdaptiveLimiterConfig.Builder> change, String message) {
    assertThatThrownBy(() -> change.apply(db()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("adaptiveLimiter \"db\": " + message);
  }

  @Test
  void theDefaultsAreDocumented() {
    AdaptiveLimiterConfig c = db().build();
    assertThat(c.algorithm()).isEqualTo(Algorithm.GRADIENT);
    assertThat(c.initialLimit()).isEqualTo(20);
    assertThat(c.minLimit()).isEqualTo(1);
    assertThat(c.maxLimit()).isEqualTo(1000);
    assertThat(c.smoothing()).isEqualTo(0.5);
    assertThat(c.sampleWindow()).isEqualTo(Duration.ofMillis(100));
    assertThat(c.minSamples()).isEqualTo(10);
    assertThat(c.baselineRefresh()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.label()).isEqualTo("db");
  }

  @Test
  void boundsAreRefusedWithTheirRule() {
    refused(b -> b.maxLimit(0), "maxLimit must be in [1,1000000], was 0");
    refused(b -> b.minLimit(0), "minLimit must be in [1,1000000], was 0");
    refused(
        b -> b.minLimit(80).maxLimit(50).initialLimit(50),
        "minLimit must be at most maxLimit (50), was 80");
    refused(
        b -> b.initialLimit(0), "initialLimit must be in [minLimit,maxLimit] ([1,1000]), was 0");
    refused(
        b -> b.minLimit(5).initialLimit(3),
        "initialLimit must be in [minLimit,maxLimit] ([5,1000]), was 3");
    refused(b -> b.minSamples(0), "minSamples must be in [1,100000], was 0");
  }

  @ParameterizedTest
  @CsvSource({"0", "-0.1", "1.5", "NaN"})
  void smoothingOutsideZeroToOneIsRefused(double smoothing) {
    refused(b -> b.smoothing(smoothing), "smoothing must be in (0,1], was " + smoothing);
  }

  @Test
  void windowsAndRefreshAreRefusedOutsideTheirRange() {
    refused(
        b -> b.sampleWindow(Duration.ofNanos(10)), "sampleWindow must be in [1ms, 1m], was 10ns");
    refused(
        b -> b.sampleWindow(Duration.ofMinutes(2)).baselineRefresh(Duration.ofMinutes(5)),
        "sampleWindow must be in [1ms, 1m], was 2m");
    refused(
        b -> b.baselineRefresh(Duration.ofMillis(50)),
        "baselineRefresh must be in [sampleWindow, 1h] ([100ms, 1h]), was 50ms");
    assertThatThrownBy(() -> db().sampleWindow(null).build())
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("sampleWindow must be set");
    assertThatThrownBy(() -> db().algorithm(null).build())
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("algorithm must be set");
  }

  @Test
  void toBuilderKeepsEveryValueAndEqualityFollowsThem() {
    ManualTicker ticker = new ManualTicker();
    AdaptiveLimiterConfig c =
        db().algorithm(Algorithm.VEGAS)
            .initialLimit(30)
            .minLimit(2)
            .maxLimit(300)
            .smoothing(0.25)
            .sampleWindow(Duration.ofMillis(250))
            .minSamples(20)
            .baselineRefresh(Duration.ofSeconds(30))
            .ticker(ticker)
            .build();
    AdaptiveLimiterConfig copy = c.toBuilder("db").build();
    assertThat(copy).isEqualTo(c).hasSameHashCodeAs(c);
    assertThat(copy.toString())
        .isEqualTo(c.toString())
        .contains("algorithm=VEGAS", "sampleWindow=250ms");
    assertThat(c.toBuilder("db").maxLimit(301).build()).isNotEqualTo(c);
    assertThat(c.toBuilder("other").build()).isNotEqualTo(c);
    AdaptiveLimiterConfig.Builder b = c.toBuilder("db");
    AdaptiveLimiterConfig built = b.build();
    b.maxLimit(999);
    assertThat(built.maxLimit()).as("a built config does not follow its builder").isEqualTo(300);
  }
}
