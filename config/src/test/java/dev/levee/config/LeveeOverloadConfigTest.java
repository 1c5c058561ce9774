package dev.levee.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.core.AdaptiveLimiter;
import dev.levee.core.AdaptiveLimiterConfig;
import dev.levee.core.HedgeConfig;
import dev.levee.core.KeyedRateLimiterConfig;
import dev.levee.timeouts.Scheduler;
import dev.levee.timeouts.testing.ManualScheduler;
import dev.levee.timeouts.testing.ManualTicker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The overload-control keys: {@code resilience.adaptive_limiter}, {@code keyed_rate_limiter} and
 * {@code hedge} (defaults and instances), and the pipeline stages {@code adaptive_limiter} and
 * {@code hedge}.
 */
class LeveeOverloadConfigTest {
  private static final String YAML =
      """
      resilience:
        adaptive_limiter:
          algorithm: vegas
          initial_limit: 10
          min_limit: 2
          max_limit: 200
          smoothing: 0.25
          sample_window: 250ms
          min_samples: 5
          baseline_refresh: 30s
          instances:
            db: { algorithm: aimd, max_limit: 50 }
        keyed_rate_limiter:
          permits: 20
          period: 1s
          burst: 40
          max_keys: 500
          idle_timeout: 5m
          overflow: reject
          instances:
            peers: { permits: 5, burst: 5 }
        hedge:
          delay: 20ms
          percentile: 99
          window: 30s
          instances:
            search: { percentile: 0, budget_ratio: 0.1, budget_capacity: 3 }
      pipelines:
        orders-db: { adaptive_limiter: db }
        search: { hedge: search, adaptive_limiter: default }
      shutdown: { propagation_delay: 0s, hook: false }
      """;

  private static List<String> problems(String yaml) {
    try {
      LeveeConfig.load(yaml);
    } catch (ConfigException e) {
      return e.problems();
    }
    throw new AssertionError("no problem found in " + yaml);
  }

  @Test
  void adaptiveLimiterKeysBuildItsConfigAndInstancesInheritTheDefaults() {
    LeveeConfig c = LeveeConfig.load(YAML);
    AdaptiveLimiterConfig d = c.adaptiveLimiterDefaults();
    assertThat(d.algorithm()).isEqualTo(AdaptiveLimiterConfig.Algorithm.VEGAS);
    assertThat(d.initialLimit()).isEqualTo(10);
    assertThat(d.minLimit()).isEqualTo(2);
    assertThat(d.maxLimit()).isEqualTo(200);
    assertThat(d.smoothing()).isEqualTo(0.25);
    assertThat(d.sampleWindow()).isEqualTo(Duration.ofMillis(250));
    assertThat(d.minSamples()).isEqualTo(5);
    assertThat(d.baselineRefresh()).isEqualTo(Duration.ofSeconds(30));
    AdaptiveLimiterConfig db = c.adaptiveLimiters().get("db");
    assertThat(db.algorithm()).isEqualTo(AdaptiveLimiterConfig.Algorithm.AIMD);
    assertThat(db.maxLimit()).isEqualTo(50);
    assertThat(db.minLimit()).as("inherited").isEqualTo(2);
    assertThat(c.adaptiveLimiterRegistry().find("db").orElseThrow().limit()).isEqualTo(10);
  }

  @Test
  void keyedRateLimiterKeysBuildItsConfig() {
    LeveeConfig c = LeveeConfig.load(YAML);
    KeyedRateLimiterConfig d = c.keyedRateLimiterDefaults();
    assertThat(d.permits()).isEqualTo(20);
    assertThat(d.period()).isEqualTo(Duration.ofSeconds(1));
    assertThat(d.burst()).isEqualTo(40);
    assertThat(d.maxKeys()).isEqualTo(500);
    assertThat(d.idleTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(d.overflow()).isEqualTo(KeyedRateLimiterConfig.Overflow.REJECT);
    KeyedRateLimiterConfig peers = c.keyedRateLimiters().get("peers");
    assertThat(peers.permits()).isEqualTo(5);
    assertThat(peers.burst()).isEqualTo(5);
    assertThat(peers.maxKeys()).as("inherited").isEqualTo(500);
    assertThat(c.<String>keyedRateLimiterRegistry().find("peers")).isPresent();
  }

  @Test
  void hedgeKeysBuildItsConfigWithTheSchedulerGiven() {
    LeveeConfig c = LeveeConfig.load(YAML);
    Scheduler scheduler = new ManualScheduler(new ManualTicker());
    HedgeConfig d = c.hedgeDefaults(scheduler);
    assertThat(d.delay()).isEqualTo(Duration.ofMillis(20));
    assertThat(d.percentile()).isEqualTo(99.0);
    assertThat(d.window()).isEqualTo(Duration.ofSeconds(30));
    assertThat(d.scheduler()).isSameAs(scheduler);
    assertThat(d.budget()).as("none configured: each hedge gets its own default").isNull();
    HedgeConfig search = c.hedges(scheduler).get("search");
    assertThat(search.percentile()).isEqualTo(0.0);
    assertThat(search.delay()).as("inherited").isEqualTo(Duration.ofMillis(20));
    assertThat(search.budget()).isNotNull();
    assertThat(search.budget().name()).isEqualTo("search");
    assertThat(search.scheduler()).isSameAs(scheduler);
  }

  @Test
  void pipelinesTakeTheAdaptiveLimiterAndTheHedgeByName() throws Exception {
    LeveeConfig c = LeveeConfig.load(YAML);
    assertThat(c.pipelines().get("orders-db"))
        .isEqualTo(LeveeConfig.PipelineSpec.builder("orders-db").adaptiveLimiter("db").build());
    assertThat(c.pipelines().get("search"))
        .isEqualTo(
            LeveeConfig.PipelineSpec.builder("search")
                .hedge("search")
                .adaptiveLimiter("default")
                .build());
    try (Levee levee = Levee.builder(c).servers(false).shutdownHook(false).start()) {
      AdaptiveLimiter db = levee.adaptiveLimiters().find("db").orElseThrow();
      assertThat(levee.pipeline("orders-db").call(() -> db.inFlight()))
          .as("the call runs inside the configured limiter")
          .isEqualTo(1);
      assertThat(db.inFlight()).isZero();
      CompletableFuture<String> hedged =
          levee.pipeline("search").callAsync(() -> CompletableFuture.completedFuture("found"));
      assertThat(hedged.get()).isEqualTo("found");
      assertThat(levee.hedges().find("search")).isPresent();
      assertThat(levee.prometheus().scrape())
          .contains("adaptive_limit{name=\"db\"}")
          .contains("hedge_");
    }
  }

  @Test
  void badValuesNameTheirPathTheRuleAndTheValue() {
    assertThat(
            problems(
                """
                resilience:
                  adaptive_limiter:
                    algorithm: gradient2
                    smoothing: 1.5
                    instances:
                      db: { min_limit: 80, max_limit: 50 }
                  keyed_rate_limiter: { max_keys: 0, overflow: drop }
                  hedge: { percentile: 20, window: 10ms, budget_ratio: 2 }
                """))
        .containsExactly(
            "resilience.adaptive_limiter.algorithm: must be one of [gradient, vegas, aimd],"
                + " was \"gradient2\"",
            "resilience.adaptive_limiter.smoothing: must be in (0,1], was 1.5",
            "resilience.adaptive_limiter.instances.db.min_limit: must be at most max_limit (50),"
                + " was 80",
            "resilience.keyed_rate_limiter.max_keys: must be in [1,1073741824], was 0",
            "resilience.keyed_rate_limiter.overflow: must be one of [shared_bucket, reject], was"
                + " \"drop\"",
            "resilience.hedge.percentile: must be 0 or in [50,99.9], was 20",
            "resilience.hedge.window: must be in [1s, 1h], was 10ms",
            "resilience.hedge.budget_ratio: must be in (0,1], was 2");
  }

  @Test
  void danglingStageNamesAreProblemsWithADidYouMean() {
    assertThat(
            problems(
                """
                resilience:
                  adaptive_limiter: { instances: { db: {} } }
                  hedge: { instances: { search: {} } }
                pipelines:
                  orders-db: { adaptive_limiter: dbb, hedge: serch }
                """))
        .containsExactly(
            "pipelines.orders-db.adaptive_limiter: no adaptive limiter named \"dbb\"; did you mean"
                + " \"db\"? (configured: db)",
            "pipelines.orders-db.hedge: no hedge named \"serch\"; did you mean \"search\"?"
                + " (configured: search)");
  }

  @Test
  void unknownKeysGetADidYouMean() {
    assertThat(
            problems(
                """
                resilience:
                  adaptive_limiter: { max_limt: 10 }
                  hedge: { instances: { search: { dealy: 5ms } } }
                """))
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith(
                        "resilience.adaptive_limiter.max_limt: unknown key; did you mean \"max_limit\"?"))
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith(
                        "resilience.hedge.instances.search.dealy: unknown key; did you mean \"delay\"?"));
  }

  @Test
  void springStyleTreesReadTheSameKeys() {
    LeveeConfig c =
        LeveeConfig.fromTree(
            "Spring properties levee.*",
            Map.of(
                "resilience",
                Map.of(
                    "adaptive-limiter",
                    Map.of(
                        "instances", Map.of("db", Map.of("max-limit", "40", "initial-limit", 8))),
                    "keyedRateLimiter",
                    Map.of("max-keys", 7)),
                "pipelines",
                Map.of("orders", Map.of("adaptive-limiter", "db"))));
    assertThat(c.adaptiveLimiters().get("db").maxLimit()).isEqualTo(40);
    assertThat(c.keyedRateLimiterDefaults().maxKeys()).isEqualTo(7);
    assertThat(c.pipelines().get("orders").adaptiveLimiter()).isEqualTo("db");
  }
}
