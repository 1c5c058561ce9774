package dev.levee.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levee.config.Levee;
import dev.levee.health.HealthResult;
import dev.levee.spring.badstart.BadFallbackBean;
import dev.levee.spring.badstart.CapturedAnalyses;
import dev.levee.spring.badstart.MisfitFallbackBean;
import dev.levee.testkit.LeveeThreads;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.context.annotation.Bean;

/**
 * Mistakes fail startup with Spring Boot's failure analysis naming them: a misspelt and an invalid
 * {@code levee.*} property, a {@code fallbackMethod} that does not exist or does not fit, a
 * pipeline that is not configured.
 */
@Timeout(60)
class LeveeSpringBootBadStartIT {
  /** A context with Levee and nothing else of the application's. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class Bare {}

  /** A context with a bean whose fallback is misspelt. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class WithBadFallback {
    @Bean
    BadFallbackBean badFallbackBean() {
      return new BadFallbackBean();
    }
  }

  /** A context with a bean whose fallback does not fit. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class WithMisfitFallback {
    @Bean
    MisfitFallbackBean misfitFallbackBean() {
      return new MisfitFallbackBean();
    }
  }

  /**
   * A context that fails after Levee started and a check of the application's started the monitor's
   * threads, before Levee's lifecycle bean was made.
   */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class FailsAfterLeveeStarted {
    @Bean
    String appCheck(Levee levee) {
      levee.health().register(levee.config().healthCheck("app"), HealthResult::up);
      return "registered";
    }

    @Bean
    String broken(@Qualifier("appCheck") String appCheck) {
      throw new IllegalStateException("broken on purpose");
    }
  }

  @BeforeEach
  void forget() {
    CapturedAnalyses.REPORTED.clear();
  }

  private static FailureAnalysis failedStart(Class<?> app, Map<String, Object> properties) {
    assertThatThrownBy(
            () ->
                new SpringApplicationBuilder(app)
                    .web(WebApplicationType.NONE)
                    .properties(properties)
                    .properties(Map.of("spring.main.banner-mode", "off"))
                    .run()
                    .close())
        .as("startup fails")
        .isNotNull();
    assertThat(CapturedAnalyses.REPORTED).as("one failure analysis").hasSize(1);
    return CapturedAnalyses.REPORTED.get(0);
  }

  @Test
  void aMisspeltAndAnInvalidPropertyEachNamedWithValueRuleAndOrigin() {
    FailureAnalysis a =
        failedStart(
            Bare.class,
            Map.of(
                "levee.resilience.circuit-breaker.instances.db.failure-treshold", "3",
                "levee.resilience.circuit-breaker.failure-threshold", "-1",
                "levee.pipelines.orders.circuit-breaker", "dbb"));
    assertThat(a.getDescription())
        .contains(
            "Levee's levee.* properties are invalid (3 problems):",
            "levee.resilience.circuit-breaker.instances.db.failure-treshold: unknown key; did you"
                + " mean \"failure-threshold\"?",
            "levee.resilience.circuit-breaker.failure-threshold: must be at least 1, was -1 (from",
            "levee.pipelines.orders.circuit-breaker: no circuit breaker named \"dbb\"; did you"
                + " mean \"db\"? (configured: db)");
    assertThat(a.getAction()).contains("kebab-case, snake_case or as environment variables");
    LeveeThreads.assertNoneSurvive(Duration.ofSeconds(10));
  }

  @Test
  void aProblemInApplicationYmlSaysWhereInTheFile() {
    FailureAnalysis a =
        failedStart(Bare.class, Map.of("spring.config.import", "classpath:levee-misspelt.yml"));
    assertThat(a.getDescription())
        .contains(
            "levee.resilience.circuit-breaker.failure-treshold: unknown key; did you mean"
                + " \"failure-threshold\"?",
            "(from class path resource [levee-misspelt.yml] - 4:");
  }

  @Test
  void aMisspeltLeveeSpringSettingIsCaughtToo() {
    FailureAnalysis a = failedStart(Bare.class, Map.of("levee.spring.checks.disc", "false"));
    assertThat(a.getDescription())
        .contains(
            "levee.spring.checks.disc: unknown key; did you mean \"disk\"? (known here:"
                + " data-source, circuit-breakers, disk, deadlocks)");
  }

  @Test
  void aFallbackMethodThatDoesNotExistFailsStartup() {
    FailureAnalysis a = failedStart(WithBadFallback.class, Map.of());
    assertThat(a.getDescription())
        .contains(
            "BadFallbackBean.load(long): fallbackMethod \"fallbak\": no method of that name in"
                + " BadFallbackBean; did you mean \"fallback\"? (it must take (long) or (long, an"
                + " exception) and return String)");
    LeveeThreads.assertNoneSurvive(Duration.ofSeconds(10));
  }

  @Test
  void aFallbackThatDoesNotFitAndAnUnknownPipelineFailStartupTogether() {
    FailureAnalysis a =
        failedStart(WithMisfitFallback.class, Map.of("levee.pipelines.default-pipe.timeout", "1s"));
    assertThat(a.getDescription())
        .contains(
            "Levee cannot guard the annotated methods of bean \"misfitFallbackBean\" as written"
                + " (2 problems):",
            "MisfitFallbackBean.load(long): fallbackMethod \"cached\" does not fit: cached(String)"
                + " returning String; it must take (long) or (long, an exception) and return"
                + " String",
            "MisfitFallbackBean.other(): @Resilient(\"orders\"): no pipeline named \"orders\" is"
                + " configured (configured: default-pipe)");
  }

  @Test
  void aContextThatFailsAfterLeveeStartedLeavesNoLeveeThread() {
    assertThatThrownBy(
            () ->
                new SpringApplicationBuilder(FailsAfterLeveeStarted.class)
                    .web(WebApplicationType.NONE)
                    .properties(Map.of("spring.main.banner-mode", "off"))
                    .run()
                    .close())
        .hasStackTraceContaining("broken on purpose");
    LeveeThreads.assertNoneSurvive(Duration.ofSeconds(10));
  }
}
