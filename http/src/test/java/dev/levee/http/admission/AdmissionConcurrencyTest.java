package dev.levee.http.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.core.RateLimiter;
import dev.levee.core.RateLimiterConfig;
import dev.levee.http.admission.Admission.Priority;
import dev.levee.http.admission.Admission.ShedReason;
import dev.levee.timeouts.testing.ManualTicker;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The concurrency part of admission: sheddable requests may use a share of the limit, critical ones
 * all of it, probes none; each place goes back to the limit with what became of its request.
 */
class AdmissionConcurrencyTest {
  private final ManualTicker ticker = new ManualTicker();

  private Admission admission(ConcurrencyLimit limit, double share) {
    return Admission.builder("api")
        .concurrencyLimit(limit)
        .sheddableShare(share)
        .criticalHeader("X-Priority", "critical")
        .ticker(ticker)
        .build();
  }

  @Test
  void sheddableRequestsAreShedWhileCriticalOnesStillHaveRoom() {
    FixedLimit limit = new FixedLimit(4);
    Admission admission = admission(limit, 0.5);

    AdmissionDecision s1 = admission.admit(TestRequest.get("/orders"));
    AdmissionDecision s2 = admission.admit(TestRequest.get("/orders"));
    AdmissionDecision s3 = admission.admit(TestRequest.get("/orders"));
    assertThat(s1.admitted()).isTrue();
    assertThat(s2.admitted()).isTrue();
    assertThat(s3.admitted()).as("a sheddable request beyond floor(4 × 0.5)").isFalse();
    assertThat(s3.shedReason()).isEqualTo(ShedReason.CONCURRENCY_LIMIT);
    assertThat(s3.response().status()).isEqualTo(503);
    assertThat(s3.response().headers()).containsEntry("Retry-After", "1");

    AdmissionDecision c1 = admission.admit(TestRequest.get("/orders", "X-Priority", "critical"));
    AdmissionDecision c2 = admission.admit(TestRequest.get("/orders", "X-Priority", "critical"));
    AdmissionDecision c3 = admission.admit(TestRequest.get("/orders", "X-Priority", "critical"));
    assertThat(c1.admitted()).isTrue();
    assertThat(c2.admitted()).isTrue();
    assertThat(c3.admitted()).as("a critical request beyond the whole limit").isFalse();
    assertThat(c3.shedReason()).isEqualTo(ShedReason.CONCURRENCY_LIMIT);
    for (int i = 0; i < 10; i++) {
      assertThat(admission.admit(TestRequest.get("/health/live")).admitted())
          .as("probe %d with the limit full", i)
          .isTrue();
    }
    assertThat(limit.inFlight()).as("probes take no place").isEqualTo(4);
    assertThat(admission.shedCount(Priority.SHEDDABLE, ShedReason.CONCURRENCY_LIMIT)).isEqualTo(1);
    assertThat(admission.shedCount(Priority.CRITICAL, ShedReason.CONCURRENCY_LIMIT)).isEqualTo(1);

    s1.complete(200);
    s2.complete(200);
    c1.complete(200);
    assertThat(admission.admit(TestRequest.get("/orders")).admitted())
        .as("a sheddable request once a place is back")
        .isTrue();
  }

  @Test
  void aShareBelowOnePlaceStillAdmitsOneSheddableRequest() {
    FixedLimit limit = new FixedLimit(2);
    Admission admission = admission(limit, 0.1);
    assertThat(admission.admit(TestRequest.get("/a")).admitted()).isTrue();
    assertThat(admission.admit(TestRequest.get("/b")).admitted()).isFalse();
    assertThat(admission.admit(TestRequest.get("/c", "X-Priority", "critical")).admitted())
        .isTrue();
  }

  @Test
  void eachPlaceGoesBackWithWhatBecameOfItsRequest() {
    FixedLimit limit = new FixedLimit(100);
    Admission admission = admission(limit, 1.0);
    admission.admit(TestRequest.get("/a")).complete(200);
    admission.admit(TestRequest.get("/a")).complete(404);
    admission.admit(TestRequest.get("/b")).complete(503);
    admission.admit(TestRequest.get("/b")).timedOut();
    admission.admit(TestRequest.get("/c")).complete(500);
    admission.admit(TestRequest.get("/c")).abandon();
    admission.admit(TestRequest.get("/d")).fail(new IOException("reset"));

    assertThat(limit.successes).hasValue(2);
    assertThat(limit.drops).hasValue(2);
    assertThat(limit.ignored).hasValue(2);
    assertThat(limit.failures).hasValue(1);
    assertThat(limit.inFlight()).isZero();
    assertThat(admission.inFlight()).isZero();
  }

  @Test
  void aRequestTheRateLimiterRefusesGivesItsPlaceBackAtOnce() {
    FixedLimit limit = new FixedLimit(10);
    RateLimiter rate =
        RateLimiter.of(
            "api",
            RateLimiterConfig.builder("api")
                .limit(1, Duration.ofMinutes(1))
                .burst(1)
                .ticker(ticker)
                .build());
    Admission admission =
        Admission.builder("api").concurrencyLimit(limit).rateLimiter(rate).ticker(ticker).build();

    assertThat(admission.admit(TestRequest.get("/a")).admitted()).isTrue();
    AdmissionDecision refused = admission.admit(TestRequest.get("/a"));
    assertThat(refused.shedReason()).isEqualTo(ShedReason.RATE_LIMIT);
    assertThat(limit.inFlight()).as("only the admitted request holds a place").isEqualTo(1);
    assertThat(limit.ignored).as("the refused request's place, with no sample").hasValue(1);
    assertThat(refused.response().headers()).containsEntry("Retry-After", "60");
  }

  @Test
  void aRequestTheConcurrencyLimitRefusesTakesNoRatePermit() {
    FixedLimit limit = new FixedLimit(1);
    RateLimiter rate =
        RateLimiter.of(
            "api",
            RateLimiterConfig.builder("api")
                .limit(100, Duration.ofSeconds(1))
                .ticker(ticker)
                .build());
    Admission admission =
        Admission.builder("api").concurrencyLimit(limit).rateLimiter(rate).build();
    admission.admit(TestRequest.get("/a"));
    assertThat(admission.admit(TestRequest.get("/a")).shedReason())
        .isEqualTo(ShedReason.CONCURRENCY_LIMIT);
    assertThat(rate.permittedCount()).isEqualTo(1);
  }
}
