package dev.levee.http.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.core.RateLimiter;
import dev.levee.core.RateLimiterConfig;
import dev.levee.http.admission.Admission.Priority;
import dev.levee.timeouts.testing.ManualTicker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Which priority each request gets: probes by path or test, critical by header or test. */
class AdmissionPriorityTest {
  private final RateLimiter limiter =
      RateLimiter.of(
          "api",
          RateLimiterConfig.builder("api")
              .limit(1, Duration.ofHours(1))
              .ticker(new ManualTicker())
              .build());

  @Test
  void healthPathsAreProbesByDefaultAndNothingElseIs() {
    Admission admission = Admission.builder("api").rateLimiter(limiter).build();
    assertThat(admission.classify(TestRequest.get("/health"))).isEqualTo(Priority.PROBE);
    assertThat(admission.classify(TestRequest.get("/health/ready"))).isEqualTo(Priority.PROBE);
    assertThat(admission.classify(TestRequest.get("/health/live/x"))).isEqualTo(Priority.PROBE);
    assertThat(admission.classify(TestRequest.get("/healthz"))).isEqualTo(Priority.SHEDDABLE);
    assertThat(admission.classify(TestRequest.get("/api/health"))).isEqualTo(Priority.SHEDDABLE);
    assertThat(admission.classify(TestRequest.get("/"))).isEqualTo(Priority.SHEDDABLE);
    assertThat(admission.classify(TestRequest.get(""))).isEqualTo(Priority.SHEDDABLE);
  }

  @Test
  void configuredProbePathsReplaceTheDefaultAndATestAddsToThem() {
    Admission admission =
        Admission.builder("api")
            .rateLimiter(limiter)
            .probePaths("/livez", "/readyz")
            .probes(r -> r.path().equals("/ping") && r.method().equals("HEAD"))
            .build();
    assertThat(admission.classify(TestRequest.get("/livez"))).isEqualTo(Priority.PROBE);
    assertThat(admission.classify(TestRequest.get("/readyz/db"))).isEqualTo(Priority.PROBE);
    assertThat(admission.classify(TestRequest.get("/health"))).isEqualTo(Priority.SHEDDABLE);
    assertThat(admission.classify(TestRequest.get("/ping"))).isEqualTo(Priority.SHEDDABLE);
    assertThat(admission.classify(head("/ping"))).isEqualTo(Priority.PROBE);
  }

  @Test
  void noProbePathsLeavesOnlyTheTest() {
    Admission admission = Admission.builder("api").rateLimiter(limiter).probePaths().build();
    assertThat(admission.classify(TestRequest.get("/health"))).isEqualTo(Priority.SHEDDABLE);
  }

  @Test
  void theMarkerHeaderMakesARequestCriticalWhateverTheCaseAndSpaces() {
    Admission admission =
        Admission.builder("api")
            .rateLimiter(limiter)
            .criticalHeader("X-Priority", "critical")
            .build();
    assertThat(admission.classify(TestRequest.get("/orders", "x-priority", " CRITICAL ")))
        .isEqualTo(Priority.CRITICAL);
    assertThat(admission.classify(TestRequest.get("/orders", "X-Priority", "low")))
        .isEqualTo(Priority.SHEDDABLE);
    assertThat(admission.classify(TestRequest.get("/orders"))).isEqualTo(Priority.SHEDDABLE);
    assertThat(admission.classify(TestRequest.get("/health", "X-Priority", "critical")))
        .as("a probe stays a probe")
        .isEqualTo(Priority.PROBE);
  }

  @Test
  void aTestMarksCriticalRequestsBesideTheHeader() {
    Admission admission =
        Admission.builder("api")
            .rateLimiter(limiter)
            .critical(r -> r.path().startsWith("/payments"))
            .criticalHeader("X-Priority", "critical")
            .build();
    assertThat(admission.classify(TestRequest.get("/payments/1"))).isEqualTo(Priority.CRITICAL);
    assertThat(admission.classify(TestRequest.get("/orders", "X-Priority", "critical")))
        .isEqualTo(Priority.CRITICAL);
    assertThat(admission.classify(TestRequest.get("/orders"))).isEqualTo(Priority.SHEDDABLE);
  }

  @Test
  void aTestCanReadTheServersOwnRequest() {
    Admission admission =
        Admission.builder("api")
            .rateLimiter(limiter)
            .critical(r -> r.unwrap(TestRequest.class) != null && r.unwrap(String.class) == null)
            .build();
    assertThat(admission.classify(TestRequest.get("/orders"))).isEqualTo(Priority.CRITICAL);
  }

  private static AdmissionRequest head(String path) {
    return new AdmissionRequest() {
      @Override
      public String method() {
        return "HEAD";
      }

      @Override
      public String path() {
        return path;
      }

      @Override
      public String header(String name) {
        return null;
      }

      @Override
      public <T> T unwrap(Class<T> type) {
        return null;
      }
    };
  }
}
