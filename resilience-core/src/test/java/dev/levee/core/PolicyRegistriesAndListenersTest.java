package dev.levee.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levee.timeouts.testing.ManualTicker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

/** Every primitive has a registry and the same listener style; bad configs name what was wrong. */
class PolicyRegistriesAndListenersTest {
  private final ManualTicker ticker = new ManualTicker();
  private final List<String> rejections = new CopyOnWriteArrayList<>();
  private final RejectionListener record = rejections::add;
  private final RejectionListener broken =
      name -> {
        throw new IllegalStateException("listener bug");
      };

  @Test
  void everyPrimitiveHasARegistryWithTemplates() {
    Registry<Bulkhead, BulkheadConfig> bulkheads =
        Bulkhead.registry(BulkheadConfig.builder("default").maxConcurrent(4).build());
    bulkheads.addTemplate("wide", BulkheadConfig.builder("wide").maxConcurrent(40).build());
    assertThat(bulkheads.getOrCreate("db").maxConcurrent()).isEqualTo(4);
    assertThat(bulkheads.getOrCreate("search", "wide").maxConcurrent()).isEqualTo(40);
    assertThat(bulkheads.getOrCreate("db")).isSameAs(bulkheads.getOrCreate("db"));
    assertThat(bulkheads.getOrCreate("db").name()).isEqualTo("db");

    Registry<AdaptiveThrottle, AdaptiveThrottleConfig> throttles =
        AdaptiveThrottle.registry(AdaptiveThrottleConfig.builder("default").k(1.5).build());
    assertThat(throttles.getOrCreate("backend").config().k()).isEqualTo(1.5);
    assertThat(throttles.all()).containsOnlyKeys("backend");

    Registry<RateLimiter, RateLimiterConfig> limiters =
        RateLimiter.registry(
            RateLimiterConfig.builder("default").limit(7, Duration.ofSeconds(1)).build());
    assertThat(limiters.getOrCreate("api").config().permits()).isEqualTo(7);

    Registry<Retry, RetryConfig> retries = Retry.registry(RetryConfig.builder("default").build());
    assertThat(retries.getOrCreate("db").name()).isEqualTo("db");
  }

  @Test
  void bulkheadRejectionsReachListenersEvenPastABrokenOne() {
    Bulkhead b = Bulkhead.of("db", 1, Duration.ZERO);
    b.addListener(broken);
    b.addListener(record);
    assertThat(b.tryAcquire()).isTrue();
    assertThat(b.tryAcquire()).isFalse();
    assertThatThrownBy(() -> b.run(() -> {})).isInstanceOf(BulkheadFullException.class);
    assertThat(rejections).containsExactly("db", "db");
    assertThat(b.removeListener(record)).isTrue();
    assertThat(b.removeListener(record)).isFalse();
    assertThat(b.tryAcquire()).isFalse();
    assertThat(rejections).as("removed listeners hear nothing").hasSize(2);
    assertThat(b.rejectedCount()).isEqualTo(3);
  }

  @Test
  void rateLimiterRejectionsReachListeners() {
    RateLimiter limiter =
        RateLimiter.of(
            "api",
            RateLimiterConfig.builder("api")
                .limit(1, Duration.ofSeconds(1))
                .ticker(ticker)
                .build());
    limiter.addListener(broken);
    limiter.addListener(record);
    assertThat(limiter.tryAcquire()).isTrue();
    assertThat(limiter.tryAcquire()).isFalse();
    assertThat(limiter.acquire(Duration.ofMillis(10))).isFalse();
    assertThat(rejections).containsExactly("api", "api");
    ticker.advance(Duration.ofSeconds(1));
    assertThat(limiter.tryAcquire()).isTrue();
    assertThat(rejections).hasSize(2);
  }

  @Test
  void throttleRejectionsReachListeners() {
    AdaptiveThrottle t =
        AdaptiveThrottle.of(
            "backend",
            AdaptiveThrottleConfig.builder("backend")
                .ticker(ticker)
                .random(() -> 0.0) // any positive probability rejects
                .build());
    t.addListener(record);
    assertThat(t.get(() -> "ok")).as("no history: probability zero").isEqualTo("ok");
    for (int i = 0; i < 2; i++) { // before each: (1 - 2) / 2 < 0, then (2 - 2) / 3 = 0: sent
      assertThatThrownBy(
              () ->
                  t.run(
                      () -> {
                        throw new RejectedExecutionException("overloaded");
                      }))
          .isInstanceOf(RejectedExecutionException.class);
    }
    assertThat(t.tryAcquire()).as("(3 - 2) / 4 > 0").isFalse();
    assertThat(rejections).containsExactly("backend");
    assertThat(t.throttledCount()).isEqualTo(1);
  }

  @Test
  void badBulkheadAndThrottleConfigsNameFieldValueAndRule() {
    assertThatThrownBy(() -> BulkheadConfig.builder("db").maxConcurrent(0).build())
        .hasMessage("bulkhead \"db\": maxConcurrent must be at least 1, was 0");
    assertThatThrownBy(() -> BulkheadConfig.builder("db").maxWait(Duration.ofMillis(-1)).build())
        .hasMessage("bulkhead \"db\": maxWait must be in [0, 1h], was -1ms");
    assertThatThrownBy(() -> BulkheadConfig.builder("db").maxWait(null).build())
        .hasMessage("bulkhead \"db\": maxWait must be set");
    assertThatThrownBy(() -> AdaptiveThrottleConfig.builder("api").k(0.5).build())
        .hasMessage("adaptiveThrottle \"api\": k must be in [1,10], was 0.5");
    assertThatThrownBy(() -> AdaptiveThrottleConfig.builder("api").k(Double.NaN).build())
        .hasMessage("adaptiveThrottle \"api\": k must be in [1,10], was NaN");
    assertThatThrownBy(
            () ->
                AdaptiveThrottleConfig.builder("api")
                    .window(Duration.ofSeconds(25), Duration.ofSeconds(10))
                    .build())
        .hasMessage(
            "adaptiveThrottle \"api\": window must be a whole number of buckets (10s), was 25s");
    assertThatThrownBy(
            () ->
                AdaptiveThrottleConfig.builder("api")
                    .window(Duration.ofSeconds(1), Duration.ofMillis(10))
                    .build())
        .hasMessage("adaptiveThrottle \"api\": bucket must be at least 100ms, was 10ms");
    assertThatThrownBy(() -> Bulkhead.of(" ", BulkheadConfig.builder("x").build()))
        .hasMessage("bulkhead: name must not be blank");
    assertThatThrownBy(() -> AdaptiveThrottle.of("", AdaptiveThrottleConfig.builder("x").build()))
        .hasMessage("adaptiveThrottle: name must not be blank");
  }
}
