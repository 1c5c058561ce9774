package dev.levee.http.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.core.RateLimiter;
import dev.levee.core.RateLimiterConfig;
import dev.levee.http.admission.Admission.Outcome;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What finishing an admitted request tells the limiter, and that only the first finish counts. */
class AdmissionOutcomeTest {
  private final Admission admission =
      Admission.builder("api")
          .rateLimiter(
              RateLimiter.of(
                  "api",
                  RateLimiterConfig.builder("api").limit(1000, Duration.ofSeconds(1)).build()))
          .build();

  @ParameterizedTest(name = "status {0} is {1}")
  @CsvSource({
    "200, SUCCESS",
    "201, SUCCESS",
    "304, SUCCESS",
    "400, SUCCESS",
    "404, SUCCESS",
    "429, DROPPED",
    "503, DROPPED",
    "504, DROPPED",
    "500, IGNORED",
    "502, IGNORED",
    "-1, IGNORED",
    "0, IGNORED",
    "600, IGNORED"
  })
  void theResponseStatusDecidesTheOutcome(int status, Outcome outcome) {
    AdmissionDecision d = admission.admit(TestRequest.get("/orders"));
    assertThat(d.complete(status)).isTrue();
    assertThat(admission.finishedCount(outcome)).isEqualTo(1);
    assertThat(admission.inFlight()).isZero();
  }

  @Test
  void aThrownErrorATimeoutAndAnAbandonedRequestHaveTheirOwnOutcomes() {
    admission.admit(TestRequest.get("/a")).fail(new IOException("reset"));
    admission.admit(TestRequest.get("/b")).timedOut();
    admission.admit(TestRequest.get("/c")).abandon();
    assertThat(admission.finishedCount(Outcome.FAILED)).isEqualTo(1);
    assertThat(admission.finishedCount(Outcome.DROPPED)).isEqualTo(1);
    assertThat(admission.finishedCount(Outcome.IGNORED)).isEqualTo(1);
    assertThat(admission.inFlight()).isZero();
  }

  @Test
  void onlyTheFirstFinishCounts() {
    AdmissionDecision d = admission.admit(TestRequest.get("/orders"));
    assertThat(d.finished()).isFalse();
    assertThat(d.timedOut()).isTrue();
    assertThat(d.complete(500)).isFalse();
    assertThat(d.fail(new IllegalStateException())).isFalse();
    assertThat(d.abandon()).isFalse();
    assertThat(d.finished()).isTrue();
    assertThat(admission.inFlight()).isZero();
    assertThat(admission.finishedCount(Outcome.DROPPED)).isEqualTo(1);
    assertThat(admission.finishedCount(Outcome.IGNORED)).isZero();
    assertThat(admission.finishedCount(Outcome.FAILED)).isZero();
    assertThat(d.toString()).isEqualTo("AdmissionDecision[admitted sheddable, finished]");
  }
}
