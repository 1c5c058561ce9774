package dev.levee.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.core.Hedge;
import dev.levee.core.HedgeConfig;
import dev.levee.core.KeyedRateLimiter;
import dev.levee.core.KeyedRateLimiterConfig;
import dev.levee.core.Registry;
import dev.levee.core.RetryBudget;
import dev.levee.timeouts.testing.ManualScheduler;
import dev.levee.timeouts.testing.ManualTicker;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The hedge_* and keyed_ratelimiter_* series read what the primitives counted. */
class HedgeAndKeyedLimiterMetricsTest {
  private final ManualTicker ticker = new ManualTicker();
  private final PrometheusMeterRegistry meters =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  private double counter(String name, String... tags) {
    return meters.get(name).tags(tags).functionCounter().count();
  }

  private double gauge(String name, String... tags) {
    return meters.get(name).tags(tags).gauge().value();
  }

  @Test
  void hedgeSeriesCountCallsHedgesWinsAndRefusals() {
    ManualScheduler scheduler = new ManualScheduler(ticker);
    Registry<Hedge, HedgeConfig> hedges =
        Hedge.registry(
            HedgeConfig.builder("default")
                .percentile(0)
                .delay(Duration.ofMillis(20))
                .budget(RetryBudget.of("search", 0.01, 1))
                .scheduler(scheduler)
                .ticker(ticker)
                .build());
    LeveeMetrics.builder().hedges(hedges).build().bindTo(meters);
    Hedge search = hedges.getOrCreate("search");
    List<CompletableFuture<String>> attempts = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      search.callAsync(
          () -> {
            CompletableFuture<String> a = new CompletableFuture<>();
            attempts.add(a);
            return a;
          });
    }
    scheduler.advance(Duration.ofMillis(20)); // one token: one hedge, two refused
    attempts.get(3).complete("hedge wins");
    assertThat(counter("hedge.calls", "name", "search")).isEqualTo(3);
    assertThat(counter("hedge.sent", "name", "search")).isEqualTo(1);
    assertThat(counter("hedge.won", "name", "search")).isEqualTo(1);
    assertThat(counter("hedge.budget.exhausted", "name", "search")).isEqualTo(2);
    assertThat(gauge("hedge.delay", "name", "search")).isEqualTo(0.02);
    assertThat(meters.scrape())
        .contains("hedge_sent_total{name=\"search\"} 1.0")
        .contains("hedge_delay_seconds{name=\"search\"} 0.02");
  }

  @Test
  void keyedLimiterSeriesCountDecisionsKeysEvictionsAndOverflows() {
    Registry<KeyedRateLimiter<String>, KeyedRateLimiterConfig> limiters =
        KeyedRateLimiter.registry(
            KeyedRateLimiterConfig.builder("default")
                .limit(1, Duration.ofSeconds(1))
                .maxKeys(2)
                .idleTimeout(Duration.ofSeconds(5))
                .ticker(ticker)
                .build());
    LeveeMetrics.builder().keyedRateLimiters(limiters).build().bindTo(meters);
    KeyedRateLimiter<String> peers = limiters.getOrCreate("peers");
    peers.tryAcquire("a");
    peers.tryAcquire("a"); // rejected
    peers.tryAcquire("b");
    peers.tryAcquire("c"); // full: shares the overflow bucket
    assertThat(counter("keyed_ratelimiter.requests", "name", "peers", "result", "permitted"))
        .isEqualTo(3);
    assertThat(counter("keyed_ratelimiter.requests", "name", "peers", "result", "rejected"))
        .isEqualTo(1);
    assertThat(gauge("keyed_ratelimiter.keys", "name", "peers")).isEqualTo(2);
    assertThat(counter("keyed_ratelimiter.overflowed", "name", "peers")).isEqualTo(1);
    ticker.advance(Duration.ofSeconds(10));
    peers.evictIdle();
    assertThat(counter("keyed_ratelimiter.evicted", "name", "peers")).isEqualTo(2);
    assertThat(gauge("keyed_ratelimiter.keys", "name", "peers")).isZero();
    assertThat(meters.scrape())
        .contains("keyed_ratelimiter_requests_total{name=\"peers\",result=\"rejected\"} 1.0")
        .contains("keyed_ratelimiter_overflowed_total{name=\"peers\"} 1.0")
        .contains("keyed_ratelimiter_keys{name=\"peers\"} 0.0");
  }
}
