package dev.levee.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.core.AdaptiveLimiter;
import dev.levee.core.AdaptiveLimiterConfig;
import dev.levee.core.Registry;
import dev.levee.errors.ClassifiedException;
import dev.levee.errors.ErrorCategory;
import dev.levee.timeouts.testing.ManualTicker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A scrape reads what the adaptive limiters recorded, under the documented names. */
class AdaptiveLimiterMetricsTest {
  private final ManualTicker ticker = new ManualTicker();
  private final Registry<AdaptiveLimiter, AdaptiveLimiterConfig> limiters =
      AdaptiveLimiter.registry(
          AdaptiveLimiterConfig.builder("default")
              .initialLimit(2)
              .minLimit(1)
              .maxLimit(2)
              .sampleWindow(Duration.ofMillis(1))
              .minSamples(1)
              .ticker(ticker)
              .build());

  @Test
  void limitInFlightRejectionsAndDropsAreWhatTheLimiterRecorded() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    LeveeMetrics.builder().adaptiveLimiters(limiters).build().bindTo(meters);
    AdaptiveLimiter db = limiters.getOrCreate("db");
    long a = db.tryAcquire();
    db.tryAcquire();
    db.tryAcquire(); // rejected
    ticker.advance(Duration.ofMillis(5));
    db.onFailure(a, new ClassifiedException(ErrorCategory.TRANSIENT, "db", "busy"));
    assertThat(meters.get("adaptive.limit").tag("name", "db").gauge().value())
        .isEqualTo(db.limit());
    assertThat(meters.get("adaptive.limiter.in.flight").tag("name", "db").gauge().value())
        .isEqualTo(1);
    assertThat(meters.get("adaptive.limiter.rejected").tag("name", "db").functionCounter().count())
        .isEqualTo(1);
    assertThat(meters.get("adaptive.limiter.dropped").tag("name", "db").functionCounter().count())
        .isEqualTo(1);
  }

  @Test
  void theLimitMovesOnTheScrapeAndLimitersAddedLaterAreBound() {
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    LeveeMetrics.builder().adaptiveLimiters(limiters).build().bindTo(prometheus);
    AdaptiveLimiter db = limiters.getOrCreate("db");
    for (int i = 0; i < 20; i++) { // every call dropped: the limit falls from 2 to 1
      long p = db.tryAcquire();
      ticker.advance(Duration.ofMillis(5));
      db.onDropped(p);
    }
    assertThat(db.limit()).isEqualTo(1);
    assertThat(prometheus.scrape())
        .contains(
            "adaptive_limit{name=\"db\"} 1.0",
            "adaptive_limiter_in_flight{name=\"db\"} 0.0",
            "adaptive_limiter_rejected_total{name=\"db\"} 0.0",
            "adaptive_limiter_dropped_total{name=\"db\"} 20.0");
    limiters.remove("db");
    assertThat(prometheus.scrape()).doesNotContain("adaptive_limit{name=\"db\"}");
  }
}
