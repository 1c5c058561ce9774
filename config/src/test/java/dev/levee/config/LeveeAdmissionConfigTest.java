package dev.levee.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levee.http.admission.Admission;
import dev.levee.http.admission.AdmissionDecision;
import dev.levee.http.admission.AdmissionRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 18, point 5: {@code admission:} read, checked, built from the registries, measured. */
class LeveeAdmissionConfigTest {
  private static final String YAML =
      """
      resilience:
        adaptive_limiter: { instances: { api-in: { initial_limit: 10, min_limit: 2, max_limit: 20 } } }
        rate_limiter: { instances: { api-in: { permits: 1, period: 1h, burst: 1 } } }
      admission:
        api:
          adaptive_limiter: api-in
          rate_limiter: api-in
          critical_header: { name: X-Priority, value: critical }
          sheddable_share: 0.5
          retry_after: 3s
          probe_paths: [/health, /ping]
        internal: { adaptive_limiter: default }
      shutdown: { propagation_delay: 0s, hook: false }
      """;

  private static Levee start(String yaml) {
    return Levee.builder(LeveeConfig.load(yaml)).servers(false).shutdownHook(false).start();
  }

  private static List<String> problems(String yaml) {
    try {
      LeveeConfig.load(yaml);
    } catch (ConfigException e) {
      return e.problems();
    }
    throw new AssertionError("no problem found in " + yaml);
  }

  /** A request with one optional header. */
  private record Request(String path, String headerName, String headerValue)
      implements AdmissionRequest {
    @Override
    public String method() {
      return "GET";
    }

    @Override
    public String header(String name) {
      return name.equalsIgnoreCase(headerName) ? headerValue : null;
    }

    @Override
    public <T> T unwrap(Class<T> type) {
      return null;
    }
  }

  @Test
  void specsAreReadInOrderWithEveryValue() {
    LeveeConfig c = LeveeConfig.load(YAML);
    assertThat(c.admissions().keySet()).containsExactly("api", "internal");
    assertThat(c.admissions().get("api"))
        .isEqualTo(
            AdmissionSpec.builder("api")
                .adaptiveLimiter("api-in")
                .rateLimiter("api-in")
                .criticalHeader("X-Priority", "critical")
                .sheddableShare(0.5)
                .retryAfter(Duration.ofSeconds(3))
                .probePaths(List.of("/health", "/ping"))
                .build());
    AdmissionSpec internal = c.admissions().get("internal");
    assertThat(internal.adaptiveLimiter()).isEqualTo("default");
    assertThat(internal.rateLimiter()).isNull();
    assertThat(internal.sheddableShare()).isEqualTo(0.8);
    assertThat(internal.retryAfter()).isEqualTo(Duration.ofSeconds(1));
    assertThat(internal.probePaths()).containsExactly("/health");
  }

  @Test
  void theAdmissionIsBuiltOnceFromTheRegistriesInstances() {
    try (Levee levee = start(YAML)) {
      Admission api = levee.admission("api");
      assertThat(levee.admission("api")).as("built once").isSameAs(api);
      assertThat(api.name()).isEqualTo("api");
      assertThat(api.limiter()).isSameAs(levee.adaptiveLimiters().getOrCreate("api-in"));
      assertThat(api.rateLimiter()).isSameAs(levee.rateLimiters().getOrCreate("api-in"));
      assertThat(levee.admission("internal").limiter())
          .isSameAs(levee.adaptiveLimiters().getOrCreate("default"));
      assertThat(levee.admission("internal").rateLimiter()).isNull();
      assertThat(levee.admissions()).containsOnlyKeys("api", "internal");
    }
  }

  @Test
  void theConfiguredHeaderProbePathsRateLimiterAndRetryAfterDecide() {
    try (Levee levee = start(YAML)) {
      Admission api = levee.admission("api");
      assertThat(api.classify(new Request("/orders", "x-priority", " Critical ")))
          .isEqualTo(Admission.Priority.CRITICAL);
      assertThat(api.classify(new Request("/orders", "X-Priority", "low")))
          .isEqualTo(Admission.Priority.SHEDDABLE);
      assertThat(api.classify(new Request("/ping/deep", null, null)))
          .isEqualTo(Admission.Priority.PROBE);
      assertThat(api.classify(new Request("/health/ready", null, null)))
          .isEqualTo(Admission.Priority.PROBE);

      // The rate limiter (1 permit an hour) lets one sheddable request through, not a second.
      AdmissionDecision first = api.admit(new Request("/orders", null, null));
      assertThat(first.admitted()).isTrue();
      AdmissionDecision second = api.admit(new Request("/orders", null, null));
      assertThat(second.admitted()).isFalse();
      assertThat(second.shedReason()).isEqualTo(Admission.ShedReason.RATE_LIMIT);
      AdmissionDecision critical = api.admit(new Request("/orders", "X-Priority", "critical"));
      assertThat(critical.admitted()).as("critical requests need no rate permit").isTrue();
      assertThat(levee.adaptiveLimiters().getOrCreate("api-in").inFlight())
          .as("both admitted requests hold a place of the registry's limiter")
          .isEqualTo(2);
      first.complete(200);
      critical.complete(200);
      assertThat(api.inFlight()).isZero();
    }
  }

  @Test
  void retryAfterIsTheConfiguredOneWhenTheConcurrencyLimitSheds() {
    try (Levee levee =
        start(
            """
            resilience:
              adaptive_limiter: { instances: { one: { initial_limit: 1, min_limit: 1, max_limit: 1 } } }
            admission:
              api: { adaptive_limiter: one, retry_after: 7s }
            shutdown: { propagation_delay: 0s, hook: false }
            """)) {
      Admission api = levee.admission("api");
      AdmissionDecision held = api.admit(new Request("/a", null, null));
      AdmissionDecision shed = api.admit(new Request("/a", null, null));
      assertThat(shed.shedReason()).isEqualTo(Admission.ShedReason.CONCURRENCY_LIMIT);
      assertThat(shed.retryAfterSeconds()).isEqualTo(7);
      held.complete(200);
    }
  }

  @Test
  void anUnknownAdmissionNameListsTheConfiguredOnes() {
    try (Levee levee = start(YAML)) {
      assertThatThrownBy(() -> levee.admission("apii"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("levee: no admission named \"apii\" (configured: api, internal)");
    }
    try (Levee levee = start("shutdown: { propagation_delay: 0s, hook: false }\n")) {
      assertThatThrownBy(() -> levee.admission("api"))
          .hasMessage("levee: no admission named \"api\" (configured: none)");
    }
  }

  @Test
  void theScrapeHasTheAdmissionSeries() {
    try (Levee levee = start(YAML)) {
      levee.admission("api").admit(new Request("/orders", null, null)).complete(200);
      String scrape = levee.prometheus().scrape();
      assertThat(scrape)
          .contains("admission_admitted_total{name=\"api\",priority=\"sheddable\"} 1.0")
          .contains("admission_in_flight{name=\"api\"} 0.0")
          .contains("admission_shed_total{name=\"internal\"");
    }
  }

  @Test
  void badValuesNameTheirPathTheRuleAndTheValue() {
    assertThat(
            problems(
                """
                admission:
                  api:
                    adaptive_limiter: default
                    sheddable_share: 1.5
                    retry_after: 500ms
                    probe_paths: [health, /ready/]
                    critical_header: { name: " ", value: critical }
                  half-header: { rate_limiter: default, critical_header: { name: X-Priority } }
                  nothing: { sheddable_share: 0.5 }
                  wrong-types: { adaptive_limiter: [a], critical_header: yes }
                """))
        .containsExactly(
            "admission.api.critical_header.name: must not be blank",
            "admission.api.sheddable_share: must be in (0, 1], was 1.5",
            "admission.api.retry_after: must be in [1s, 1h], was 500ms",
            "admission.api.probe_paths: must start with '/' and not end with one, was \"health\"",
            "admission.half-header.critical_header: must set both name and value, as { name:"
                + " X-Priority, value: critical }",
            "admission.nothing: must name an adaptive_limiter or a rate_limiter (or both)",
            "admission.wrong-types.adaptive_limiter: must be a string, was [\"a\"]",
            "admission.wrong-types.critical_header: must be a mapping, was \"yes\"");
  }

  @Test
  void aDanglingLimiterNameIsAProblemWithADidYouMean() {
    assertThat(
            problems(
                """
                resilience:
                  adaptive_limiter: { instances: { api-in: {} } }
                  rate_limiter: { instances: { partner: {} } }
                admission:
                  api: { adaptive_limiter: api-inn, rate_limiter: partnr }
                """))
        .containsExactly(
            "admission.api.adaptive_limiter: no adaptive limiter named \"api-inn\"; did you mean"
                + " \"api-in\"? (configured: api-in)",
            "admission.api.rate_limiter: no rate limiter named \"partnr\"; did you mean"
                + " \"partner\"? (configured: partner)");
  }

  @Test
  void unknownKeysGetADidYouMean() {
    assertThat(
            problems(
                """
                admission:
                  api:
                    adaptive_limiter: default
                    shedable_share: 0.5
                    critical_header: { name: X-Priority, valeu: critical }
                """))
        .containsExactly(
            "admission.api.critical_header.valeu: unknown key; did you mean \"value\"? (known"
                + " here: name, value)",
            "admission.api.shedable_share: unknown key; did you mean \"sheddable_share\"? (known"
                + " here: adaptive_limiter, rate_limiter, critical_header, sheddable_share,"
                + " retry_after, probe_paths)");
  }

  @Test
  void aFrameworksTreeReadsTheSameKeysRelaxed() {
    LeveeConfig c =
        LeveeConfig.fromTree(
            "Spring properties levee.*",
            Map.of(
                "resilience",
                Map.of("adaptive-limiter", Map.of("instances", Map.of("api-in", Map.of()))),
                "admission",
                Map.of(
                    "api",
                    Map.of(
                        "adaptive-limiter",
                        "api-in",
                        "criticalHeader",
                        Map.of("name", "X-Priority", "value", "critical"),
                        "sheddable-share",
                        "0.5"))));
    assertThat(c.admissions().get("api"))
        .isEqualTo(
            AdmissionSpec.builder("api")
                .adaptiveLimiter("api-in")
                .criticalHeader("X-Priority", "critical")
                .sheddableShare(0.5)
                .build());
  }
}
