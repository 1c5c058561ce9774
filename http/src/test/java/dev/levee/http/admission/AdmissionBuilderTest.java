package dev.levee.http.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levee.core.RateLimiter;
import dev.levee.core.RateLimiterConfig;
import dev.levee.http.admission.Admission.Priority;
import dev.levee.http.admission.Admission.ShedReason;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A bad setting fails at once with a message naming the admission, the setting and the value. */
class AdmissionBuilderTest {
  private final Admission.Builder b = Admission.builder("api");

  @Test
  void theNameMustNotBeBlank() {
    assertThatThrownBy(() -> Admission.builder(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("admission: name must not be blank");
  }

  @Test
  void theShareMustBeAboveZeroAndAtMostOne() {
    for (double bad : new double[] {0, -0.1, 1.01, Double.NaN}) {
      assertThatThrownBy(() -> b.sheddableShare(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("admission \"api\": sheddableShare must be in (0, 1], was " + bad);
    }
    b.sheddableShare(1);
    b.sheddableShare(0.01);
  }

  @Test
  void retryAfterIsBetweenASecondAndAnHour() {
    assertThatThrownBy(() -> b.retryAfter(Duration.ofMillis(999)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("admission \"api\": retryAfter must be");
    assertThatThrownBy(() -> b.retryAfter(Duration.ofHours(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("admission \"api\": retryAfter must be");
  }

  @Test
  void probePathsStartWithASlashAndDoNotEndWithOne() {
    assertThatThrownBy(() -> b.probePaths("/livez", "health"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "admission \"api\": a probe path must start with '/' and not end with one, was"
                + " \"health\"");
    assertThatThrownBy(() -> b.probePaths("/health/"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith("was \"/health/\"");
  }

  @Test
  void theMarkerHeaderNeedsANameAndAValue() {
    assertThatThrownBy(() -> b.criticalHeader("", "critical"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("admission \"api\": header name must not be blank");
    assertThatThrownBy(() -> b.criticalHeader("X-Priority", " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("admission \"api\": header value must not be blank");
  }

  @Test
  void somethingToAdmitByIsRequired() {
    assertThatThrownBy(b::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(
            "admission \"api\": neither a concurrency limiter nor a rate limiter");
  }

  @Test
  void probesAreNotCountedAndSaySo() {
    Admission admission =
        b.rateLimiter(
                RateLimiter.of(
                    "api",
                    RateLimiterConfig.builder("api").limit(1, Duration.ofSeconds(1)).build()))
            .build();
    assertThatThrownBy(() -> admission.admittedCount(Priority.PROBE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("admission: probes are never shed nor counted");
    assertThatThrownBy(() -> admission.shedCount(Priority.PROBE, ShedReason.RATE_LIMIT))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void laterBuilderChangesDoNotReachABuiltAdmission() {
    b.rateLimiter(
        RateLimiter.of(
            "api", RateLimiterConfig.builder("api").limit(1, Duration.ofSeconds(1)).build()));
    Admission built = b.probePaths("/livez").build();
    b.probePaths("/other");
    assertThat(built.classify(TestRequest.get("/livez"))).isEqualTo(Priority.PROBE);
    assertThat(built.classify(TestRequest.get("/other"))).isEqualTo(Priority.SHEDDABLE);
    assertThat(built.name()).isEqualTo("api");
    assertThat(built.toString()).isEqualTo("Admission[api, 0 in flight]");
  }
}
