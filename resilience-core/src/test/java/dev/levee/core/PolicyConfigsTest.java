package dev.levee.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levee.errors.ClassifiedException;
import dev.levee.errors.ErrorCategory;
import dev.levee.timeouts.testing.ManualTicker;
import java.lang.reflect.Modifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The policy configurations are final classes built only by their builders (issue 16): no public
 * constructor, {@code toBuilder} on every one, equality by value, defaults kept as defaults.
 */
class PolicyConfigsTest {
  private static final List<Class<?>> CONFIGS =
      List.of(
          CircuitBreakerConfig.class,
          RetryConfig.class,
          RateLimiterConfig.class,
          BulkheadConfig.class,
          AdaptiveThrottleConfig.class);

  @Test
  void everyConfigIsAFinalClassWithoutAPublicConstructor() throws Exception {
    for (Class<?> c : CONFIGS) {
      assertThat(c.isRecord()).as("%s is a record", c.getSimpleName()).isFalse();
      assertThat(Modifier.isFinal(c.getModifiers())).as("%s is final", c.getSimpleName()).isTrue();
      assertThat(c.getConstructors()).as("%s's public constructors", c.getSimpleName()).isEmpty();
      assertThat(c.getMethod("toBuilder", String.class).getReturnType().getSimpleName())
          .isEqualTo("Builder");
    }
  }

  @Test
  void retryConfigsAreEqualWhenTheyShareTheSameBudget() {
    RetryBudget budget = RetryBudget.of("db", 0.2, 10);
    RetryConfig a = RetryConfig.builder("db").maxRetries(3).budget(budget).build();
    RetryConfig same = RetryConfig.builder("db").maxRetries(3).budget(budget).build();
    RetryConfig otherBudget =
        RetryConfig.builder("db").maxRetries(3).budget(RetryBudget.of("db", 0.2, 10)).build();

    assertThat(a).isEqualTo(same).hasSameHashCodeAs(same);
    assertThat(a).isNotEqualTo(otherBudget);
    assertThat(a).isNotEqualTo(a.toBuilder("db").maxRetries(4).build());
    assertThat(RetryConfig.defaults()).isEqualTo(RetryConfig.defaults());
    assertThat(a.toString()).startsWith("RetryConfig[label=db, maxRetries=3,");
  }

  @Test
  void retriesBuiltFromOneConfigDrawOnOneBudget() throws Exception {
    RetryBudget budget = RetryBudget.of("db", 0.000001, 1); // one token, hardly refilled
    ManualTicker ticker = new ManualTicker();
    RetryConfig config =
        RetryConfig.builder("db")
            .maxRetries(5)
            .ticker(ticker)
            .sleeper(ticker.sleeper())
            .budget(budget)
            .build();
    Retry first = Retry.of("first", config);
    Retry second = Retry.of("second", config);
    int[] calls = {0};

    assertThat(first.call(() -> ++calls[0] < 2 ? fail() : "ok")).isEqualTo("ok"); // takes the token
    calls[0] = 0;
    assertThatThrownBy(() -> second.call(() -> ++calls[0] < 2 ? fail() : "ok"))
        .isInstanceOf(ClassifiedException.class);

    assertThat(calls[0]).as("the second retry found the shared budget empty").isEqualTo(1);
    assertThat(second.budgetExhaustedCount()).isEqualTo(1);
    assertThat(first.budgetExhaustedCount()).as("each retry keeps its own counters").isZero();
  }

  private static String fail() {
    throw new ClassifiedException(ErrorCategory.RETRIABLE, "db", "boom");
  }

  @Test
  void retryToBuilderCopiesEverything() {
    ManualTicker ticker = new ManualTicker();
    RetryConfig c =
        RetryConfig.builder("db")
            .maxRetries(2)
            .maxDuration(Duration.ofSeconds(3))
            .transientMultiplier(2)
            .abortIf(e -> e instanceof IllegalArgumentException)
            .retryOnResult(r -> r == null)
            .retryAfter(e -> Duration.ofMillis(5))
            .budget(RetryBudget.of("db", 0.5, 3))
            .ticker(ticker)
            .sleeper(ticker.sleeper())
            .build();
    RetryConfig copy = c.toBuilder("db").build();

    assertThat(copy).isEqualTo(c);
    assertThat(c.toBuilder("other").build().label()).isEqualTo("other");
  }

  @Test
  void rateLimiterToBuilderKeepsADefaultBurstAndPrefetchDefaults() {
    RateLimiterConfig c =
        RateLimiterConfig.builder("api").limit(128, Duration.ofSeconds(1)).build();
    assertThat(c.burst()).isEqualTo(128);
    assertThat(c.prefetch()).isEqualTo(2);

    RateLimiterConfig more = c.toBuilder("api").permits(1000).build();
    assertThat(more.burst()).as("a default burst follows the permits").isEqualTo(1000);
    assertThat(more.prefetch()).isEqualTo(RateLimiterConfig.defaultPrefetch(1000));

    RateLimiterConfig set = c.toBuilder("api").burst(10).prefetch(0).build();
    RateLimiterConfig setThenMore = set.toBuilder("api").permits(1000).build();
    assertThat(setThenMore.burst()).as("a burst that was set stays").isEqualTo(10);
    assertThat(setThenMore.prefetch()).isZero();
    assertThat(c.toBuilder("api").build()).isEqualTo(c).hasSameHashCodeAs(c);
  }

  @Test
  void rateLimiterBuildChecksTheRulesBetweenValues() {
    assertThatThrownBy(
            () ->
                RateLimiterConfig.builder("api")
                    .limit(10, Duration.ofSeconds(1))
                    .prefetch(6)
                    .build())
        .hasMessage("rateLimiter \"api\": prefetch must be in [0, burst / 2 = 5], was 6");
    assertThatThrownBy(() -> RateLimiterConfig.builder("api").period(null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void bulkheadAndThrottleHaveToBuilderAndValueEquality() {
    Clock clock = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);
    BulkheadConfig b =
        BulkheadConfig.builder("db")
            .maxConcurrent(4)
            .maxWait(Duration.ofMillis(50))
            .clock(clock)
            .build();
    assertThat(b.toBuilder("db").build()).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(b.toBuilder("db").maxConcurrent(5).build().maxWait())
        .isEqualTo(Duration.ofMillis(50));
    assertThat(b).isNotEqualTo(b.toBuilder("db").maxConcurrent(5).build());
    assertThat(b.toString())
        .isEqualTo(
            "BulkheadConfig[label=db, maxConcurrent=4, maxWait=PT0.05S, ticker="
                + b.ticker()
                + ", clock="
                + clock
                + "]");

    AdaptiveThrottleConfig t = AdaptiveThrottleConfig.builder("api").k(3).build();
    assertThat(AdaptiveThrottleConfig.builder("api").k(3).build())
        .as("the default random source is one instance")
        .isEqualTo(t);
    AdaptiveThrottleConfig copy =
        t.toBuilder("api").window(Duration.ofSeconds(10), Duration.ofSeconds(1)).build();
    assertThat(copy.k()).isEqualTo(3);
    assertThat(copy.random()).isSameAs(t.random());
    assertThat(copy).isNotEqualTo(t);
  }

  @Test
  void aBuiltConfigDoesNotSeeLaterBuilderChanges() {
    BulkheadConfig.Builder bb = BulkheadConfig.builder("db").maxConcurrent(3);
    BulkheadConfig b = bb.build();
    bb.maxConcurrent(9);
    assertThat(b.maxConcurrent()).isEqualTo(3);

    RateLimiterConfig.Builder rb = RateLimiterConfig.builder("api").permits(10);
    RateLimiterConfig r = rb.build();
    rb.permits(20).burst(3);
    assertThat(r.permits()).isEqualTo(10);
    assertThat(r.burst()).isEqualTo(10);
  }
}
