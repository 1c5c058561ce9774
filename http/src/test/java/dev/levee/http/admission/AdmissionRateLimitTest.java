package dev.levee.http.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.core.RateLimiter;
import dev.levee.core.RateLimiterConfig;
import dev.levee.http.HttpResponse;
import dev.levee.http.admission.Admission.Priority;
import dev.levee.http.admission.Admission.ShedReason;
import dev.levee.testkit.LogCapture;
import dev.levee.timeouts.testing.ManualTicker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rate limiter part of admission: sheddable requests need a permit, critical ones and probes do
 * not; a shed request's answer, its {@code Retry-After}, its counters and its log line.
 */
class AdmissionRateLimitTest {
  private final ManualTicker ticker = new ManualTicker();

  private RateLimiter oneEvery(Duration period) {
    return RateLimiter.of(
        "api", RateLimiterConfig.builder("api").limit(1, period).burst(1).ticker(ticker).build());
  }

  private Admission admission(RateLimiter limiter) {
    return Admission.builder("api")
        .rateLimiter(limiter)
        .criticalHeader("X-Priority", "critical")
        .ticker(ticker)
        .build();
  }

  @Test
  void sheddableRequestsNeedAPermitWhileCriticalOnesAndProbesPass() {
    RateLimiter limiter = oneEvery(Duration.ofMinutes(1));
    Admission admission = admission(limiter);

    AdmissionDecision first = admission.admit(TestRequest.get("/orders"));
    assertThat(first.admitted()).isTrue();
    assertThat(first.priority()).isEqualTo(Priority.SHEDDABLE);
    AdmissionDecision second = admission.admit(TestRequest.get("/orders"));
    assertThat(second.admitted()).isFalse();
    assertThat(second.shedReason()).isEqualTo(ShedReason.RATE_LIMIT);
    for (int i = 0; i < 5; i++) {
      assertThat(admission.admit(TestRequest.get("/orders", "X-Priority", "critical")).admitted())
          .as("critical request %d", i)
          .isTrue();
      assertThat(admission.admit(TestRequest.get("/health/ready")).admitted())
          .as("probe %d", i)
          .isTrue();
    }

    assertThat(admission.admittedCount(Priority.SHEDDABLE)).isEqualTo(1);
    assertThat(admission.admittedCount(Priority.CRITICAL)).isEqualTo(5);
    assertThat(admission.shedCount(Priority.SHEDDABLE, ShedReason.RATE_LIMIT)).isEqualTo(1);
    assertThat(admission.shedCount(Priority.CRITICAL, ShedReason.RATE_LIMIT)).isZero();
    assertThat(admission.inFlight()).as("probes are not counted").isEqualTo(6);
    assertThat(limiter.permittedCount()).as("critical requests take no permit").isEqualTo(1);

    ticker.advance(Duration.ofMinutes(1));
    assertThat(admission.admit(TestRequest.get("/orders")).admitted())
        .as("a permit again a minute later")
        .isTrue();
  }

  @Test
  void aShedRequestGets503WithRetryAfterTheLimitersIntervalAndAJsonBody() {
    Admission admission = admission(oneEvery(Duration.ofSeconds(90)));
    admission.admit(TestRequest.get("/orders"));
    AdmissionDecision shed = admission.admit(TestRequest.get("/orders"));

    HttpResponse answer = shed.response();
    assertThat(answer.status()).isEqualTo(503);
    assertThat(shed.retryAfterSeconds()).isEqualTo(90);
    assertThat(answer.headers())
        .containsEntry("Retry-After", "90")
        .containsEntry("Content-Type", "application/json")
        .containsEntry("Cache-Control", "no-store");
    assertThat(new String(answer.body(), StandardCharsets.UTF_8))
        .isEqualTo("{\"error\":\"overloaded: request rate over the limit; retry after 90 s\"}");
    assertThat(shed.toString()).contains("shed sheddable", "rate_limit");
  }

  @Test
  void retryAfterIsRoundedUpToWholeSecondsAndAtLeastOne() {
    Admission fast =
        Admission.builder("api")
            .rateLimiter(
                RateLimiter.of(
                    "api",
                    RateLimiterConfig.builder("api")
                        .limit(1000, Duration.ofSeconds(1))
                        .burst(1)
                        .ticker(ticker)
                        .build()))
            .build();
    fast.admit(TestRequest.get("/orders"));
    assertThat(fast.admit(TestRequest.get("/orders")).retryAfterSeconds()).isEqualTo(1);

    Admission slow = admission(oneEvery(Duration.ofMillis(2500)));
    slow.admit(TestRequest.get("/orders"));
    assertThat(slow.admit(TestRequest.get("/orders")).retryAfterSeconds()).isEqualTo(3);
  }

  @Test
  void shedRequestsAreLoggedAtMostOnceASecondWithTheCountSuppressed() {
    Admission admission = admission(oneEvery(Duration.ofHours(1)));
    admission.admit(TestRequest.get("/orders"));
    try (LogCapture logs = LogCapture.of("dev.levee.http.admission.Admission")) {
      for (int i = 0; i < 10; i++) {
        admission.admit(TestRequest.get("/orders"));
      }
      ticker.advance(Duration.ofSeconds(1));
      admission.admit(TestRequest.get("/orders"));
      List<LogCapture.Line> lines = logs.lines();
      assertThat(lines).hasSize(2);
      assertThat(lines.get(0).level()).isEqualTo("WARN");
      assertThat(lines.get(0).message())
          .isEqualTo(
              "admission \"api\" shed a sheddable request: rate_limit (0 similar lines suppressed"
                  + " in the last second)");
      assertThat(lines.get(0).keyValues())
          .containsEntry("component", "admission")
          .containsEntry("name", "api")
          .containsEntry("priority", "sheddable")
          .containsEntry("reason", "rate_limit");
      assertThat(lines.get(1).keyValues()).containsEntry("suppressed", 9L);
    }
  }

  @Test
  void finishingAShedRequestOrAProbeDoesNothing() {
    Admission admission = admission(oneEvery(Duration.ofHours(1)));
    admission.admit(TestRequest.get("/orders"));
    AdmissionDecision shed = admission.admit(TestRequest.get("/orders"));
    AdmissionDecision probe = admission.admit(TestRequest.get("/health"));
    assertThat(shed.complete(200)).isFalse();
    assertThat(probe.fail(new IllegalStateException())).isFalse();
    assertThat(probe.response()).isNull();
    assertThat(probe.retryAfterSeconds()).isZero();
    assertThat(admission.inFlight()).isEqualTo(1);
    for (Admission.Outcome o : Admission.Outcome.values()) {
      assertThat(admission.finishedCount(o)).isZero();
    }
  }
}
