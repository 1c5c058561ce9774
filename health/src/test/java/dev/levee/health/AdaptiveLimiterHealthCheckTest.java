package dev.levee.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.core.AdaptiveLimiter;
import dev.levee.core.AdaptiveLimiterConfig;
import dev.levee.core.Registry;
import dev.levee.health.checks.AdaptiveLimiterHealthCheck;
import dev.levee.timeouts.testing.ManualTicker;
import org.junit.jupiter.api.Test;

class AdaptiveLimiterHealthCheckTest {
  private final ManualTicker ticker = new ManualTicker();
  private final Registry<AdaptiveLimiter, AdaptiveLimiterConfig> limiters =
      AdaptiveLimiter.registry(
          AdaptiveLimiterConfig.builder("default")
              .initialLimit(2)
              .minLimit(2)
              .maxLimit(50)
              .ticker(ticker)
              .build());
  private final AdaptiveLimiterHealthCheck check = AdaptiveLimiterHealthCheck.of(limiters);

  @Test
  void eachLimitersLimitInFlightAndRefusalsAreInTheData() {
    AdaptiveLimiter db = limiters.getOrCreate("db");
    long permit = db.tryAcquire();

    HealthResult result = check.check();

    assertThat(result.status()).isEqualTo(Status.UP);
    assertThat(result.data())
        .containsEntry("db.limit", 2)
        .containsEntry("db.in_flight", 1)
        .containsEntry("db.rejected", 0L)
        .containsEntry("db.dropped", 0L);
    db.onSuccess(permit);
    limiters.getOrCreate("search");
    assertThat(check.check().data())
        .containsEntry("search.limit", 2)
        .containsEntry("db.in_flight", 0);
  }

  @Test
  void aLimiterHeldAtItsMinimumThatRefusesCallsIsDegradedUntilItStopsRefusing() {
    AdaptiveLimiter db = limiters.getOrCreate("db");
    long a = db.tryAcquire();
    long b = db.tryAcquire();
    assertThat(db.tryAcquire()).isEqualTo(AdaptiveLimiter.REJECTED);
    assertThat(db.tryAcquire()).isEqualTo(AdaptiveLimiter.REJECTED);

    HealthResult degraded = check.check();
    assertThat(degraded.status()).isEqualTo(Status.DEGRADED);
    assertThat(degraded.reason())
        .isEqualTo(
            "adaptive limiter db is held at its minimum limit 2 and refused 2 calls since the last"
                + " check");

    db.onSuccess(a);
    db.onSuccess(b);
    assertThat(check.check().status()).as("no refusal since the last check").isEqualTo(Status.UP);
  }

  @Test
  void refusalsAboveTheMinimumLimitAreTheLimiterDoingItsJob() {
    Registry<AdaptiveLimiter, AdaptiveLimiterConfig> roomy =
        AdaptiveLimiter.registry(
            AdaptiveLimiterConfig.builder("default")
                .initialLimit(2)
                .minLimit(1)
                .maxLimit(50)
                .ticker(ticker)
                .build());
    AdaptiveLimiter db = roomy.getOrCreate("db");
    db.tryAcquire();
    db.tryAcquire();
    assertThat(db.tryAcquire()).isEqualTo(AdaptiveLimiter.REJECTED);

    assertThat(AdaptiveLimiterHealthCheck.of(roomy).check().status()).isEqualTo(Status.UP);
  }
}
