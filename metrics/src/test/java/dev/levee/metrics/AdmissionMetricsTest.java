package dev.levee.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.core.RateLimiter;
import dev.levee.core.RateLimiterConfig;
import dev.levee.http.admission.Admission;
import dev.levee.http.admission.AdmissionDecision;
import dev.levee.http.admission.AdmissionRequest;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A scrape reads the admission's counters: admitted and shed by priority and reason. */
class AdmissionMetricsTest {
  private final Admission admission =
      Admission.builder("api")
          .rateLimiter(
              RateLimiter.of(
                  "api",
                  RateLimiterConfig.builder("api").limit(1, Duration.ofDays(1)).burst(1).build()))
          .criticalHeader("X-Priority", "critical")
          .build();

  private static AdmissionRequest request(String path, boolean critical) {
    return new AdmissionRequest() {
      @Override
      public String method() {
        return "GET";
      }

      @Override
      public String path() {
        return path;
      }

      @Override
      public String header(String name) {
        return critical && name.equalsIgnoreCase("X-Priority") ? "critical" : null;
      }

      @Override
      public <T> T unwrap(Class<T> type) {
        return null;
      }
    };
  }

  @Test
  void aScrapeReadsWhatAdmissionDecided() {
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    LeveeMetrics.builder().admission(admission).build().bindTo(prometheus);

    AdmissionDecision first = admission.admit(request("/orders", false));
    admission.admit(request("/orders", false)); // shed: no rate permit left
    admission.admit(request("/orders", false)); // shed
    AdmissionDecision critical = admission.admit(request("/orders", true));
    admission.admit(request("/health/ready", false)); // a probe: not counted
    first.complete(200);
    critical.complete(503);

    String text = prometheus.scrape();
    assertThat(text)
        .contains("admission_admitted_total{name=\"api\",priority=\"sheddable\"} 1.0")
        .contains("admission_admitted_total{name=\"api\",priority=\"critical\"} 1.0")
        .contains(
            "admission_shed_total{name=\"api\",priority=\"sheddable\",reason=\"rate_limit\"} 2.0")
        .contains(
            "admission_shed_total{name=\"api\",priority=\"critical\",reason=\"rate_limit\"} 0.0")
        .contains("admission_finished_total{name=\"api\",outcome=\"success\"} 1.0")
        .contains("admission_finished_total{name=\"api\",outcome=\"dropped\"} 1.0")
        .contains("admission_in_flight{name=\"api\"} 0.0");
  }

  @Test
  void aPrefixAndARenameApply() {
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    LeveeMetrics.builder()
        .prefix("levee")
        .rename("admission", "ingress")
        .admission(admission)
        .build()
        .bindTo(prometheus);
    assertThat(prometheus.scrape()).contains("levee_ingress_in_flight{name=\"api\"} 0.0");
  }
}
