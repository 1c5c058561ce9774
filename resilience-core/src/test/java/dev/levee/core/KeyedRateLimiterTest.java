package dev.levee.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levee.errors.ErrorCategory;
import dev.levee.testkit.LogCapture;
import dev.levee.timeouts.testing.ManualTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyedRateLimiterTest {
  private final ManualTicker ticker = new ManualTicker();

  private KeyedRateLimiterConfig.Builder config() {
    return KeyedRateLimiterConfig.builder("peers")
        .limit(2, Duration.ofSeconds(1))
        .maxKeys(3)
        .idleTimeout(Duration.ofSeconds(10))
        .ticker(ticker);
  }

  @Test
  void eachKeyHasItsOwnBucket() {
    KeyedRateLimiter<String> limiter = KeyedRateLimiter.of("peers", config().build());
    assertThat(limiter.tryAcquire("a")).isTrue();
    assertThat(limiter.tryAcquire("a")).isTrue();
    assertThat(limiter.tryAcquire("a")).as("a's burst of 2 is spent").isFalse();
    assertThat(limiter.tryAcquire("b")).as("b is not a").isTrue();
    assertThat(limiter.availablePermits("a")).isZero();
    assertThat(limiter.availablePermits("b")).isOne();
    assertThat(limiter.availablePermits("never-seen")).isEqualTo(2);
    ticker.advance(Duration.ofMillis(500));
    assertThat(limiter.tryAcquire("a")).as("one interval later, one permit").isTrue();
    assertThat(limiter.tryAcquire("a")).isFalse();
    assertThat(limiter.keyCount()).isEqualTo(2);
    assertThat(limiter.permittedCount()).isEqualTo(4);
    assertThat(limiter.rejectedCount()).isEqualTo(2);
  }

  @Test
  void aBurstLargerThanTheRateIsGrantedAfterAQuietSpell() {
    KeyedRateLimiter<String> limiter = KeyedRateLimiter.of("peers", config().burst(5).build());
    assertThat(limiter.tryAcquire("a", 5)).isTrue();
    assertThat(limiter.tryAcquire("a")).isFalse();
    ticker.advance(Duration.ofSeconds(10));
    assertThat(limiter.tryAcquire("a", 4)).isTrue();
    assertThat(limiter.tryAcquire("a", 1)).isTrue();
    assertThat(limiter.tryAcquire("a", 1)).isFalse();
    assertThatThrownBy(() -> limiter.tryAcquire("a", 6))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("permits must be in [1,5], was 6");
  }

  @Test
  void rejectionIsAStackFreeTransientException() {
    KeyedRateLimiter<String> limiter = KeyedRateLimiter.of("peers", config().build());
    limiter.acquirePermission("a");
    limiter.acquirePermission("a");
    assertThatThrownBy(() -> limiter.acquirePermission("a"))
        .isInstanceOf(RequestNotPermittedException.class)
        .isSameAs(limiter.rejection())
        .hasMessageContaining("rate limit of 2 per 1s per key exceeded")
        .satisfies(
            e -> {
              assertThat(((RequestNotPermittedException) e).category())
                  .isEqualTo(ErrorCategory.TRANSIENT);
              assertThat(e.getStackTrace()).isEmpty();
            });
  }

  @Test
  void idleKeysAreEvictedWhenNewKeysArriveAndOnlyWhenTheirBucketWasFullLongEnough() {
    KeyedRateLimiter<String> limiter = KeyedRateLimiter.of("peers", config().build());
    limiter.tryAcquire("a");
    limiter.tryAcquire("b");
    limiter.tryAcquire("c");
    ticker.advance(Duration.ofSeconds(10)); // a, b, c full since 0.5s: idle for 9.5s
    limiter.tryAcquire("c"); // c is busy again
    assertThat(limiter.tryAcquire("d")).as("no idle key yet: the overflow bucket").isTrue();
    assertThat(limiter.overflowedCount()).isOne();
    assertThat(limiter.evictedCount()).isZero();
    ticker.advance(Duration.ofMillis(500)); // a and b have been full for 10s, c for 0.5s
    assertThat(limiter.tryAcquire("d")).isTrue();
    assertThat(limiter.evictedCount()).isEqualTo(2);
    assertThat(limiter.keyCount()).isEqualTo(2); // c and d
    assertThat(limiter.availablePermits("c")).isEqualTo(2);
    assertThat(limiter.availablePermits("d")).isOne();
  }

  @Test
  void evictIdleSweepsEveryIdleKeyAndAnEvictedKeyComesBackFull() {
    KeyedRateLimiter<String> limiter = KeyedRateLimiter.of("peers", config().build());
    limiter.tryAcquire("a");
    limiter.tryAcquire("a");
    limiter.tryAcquire("b");
    assertThat(limiter.evictIdle()).as("nothing idle yet").isZero();
    ticker.advance(Duration.ofSeconds(11));
    assertThat(limiter.evictIdle()).isEqualTo(2);
    assertThat(limiter.keyCount()).isZero();
    assertThat(limiter.tryAcquire("a")).isTrue();
    assertThat(limiter.tryAcquire("a")).isTrue();
    assertThat(limiter.tryAcquire("a")).isFalse();
  }

  @Test
  void overflowingKeysShareOneBucketThatStillLimitsAndAreCountedAndLogged() {
    KeyedRateLimiter<String> limiter = KeyedRateLimiter.of("peers", config().build());
    try (LogCapture log = LogCapture.of(KeyedRateLimiter.class.getName())) {
      limiter.tryAcquire("a");
      limiter.tryAcquire("b");
      limiter.tryAcquire("c");
      List<Boolean> granted = new ArrayList<>();
      for (String k : List.of("x", "y", "z", "w")) {
        granted.add(limiter.tryAcquire(k));
      }
      assertThat(granted)
          .as("the shared bucket gives one key's burst")
          .containsExactly(true, true, false, false);
      assertThat(limiter.keyCount()).isEqualTo(3);
      assertThat(limiter.overflowedCount()).isEqualTo(4);
      assertThat(limiter.rejectedCount()).isEqualTo(2);
      assertThat(log.lines().stream().filter(l -> l.level().equals("WARN")))
          .as("one WARN line a second")
          .hasSize(1)
          .allSatisfy(
              l -> {
                assertThat(l.level()).isEqualTo("WARN");
                assertThat(l.message())
                    .contains("holds its 3 keys")
                    .contains("shares the overflow");
              });
    }
  }

  @Test
  void theRejectPolicyRefusesNewKeysWhenFull() {
    KeyedRateLimiter<String> limiter =
        KeyedRateLimiter.of(
            "peers", config().overflow(KeyedRateLimiterConfig.Overflow.REJECT).build());
    limiter.tryAcquire("a");
    limiter.tryAcquire("b");
    limiter.tryAcquire("c");
    assertThat(limiter.tryAcquire("x")).isFalse();
    assertThat(limiter.tryAcquire("a")).as("known keys still work").isTrue();
    assertThat(limiter.overflowedCount()).isOne();
    assertThat(limiter.rejectedCount()).isOne();
    ticker.advance(Duration.ofSeconds(11));
    assertThat(limiter.tryAcquire("x")).as("an idle key made room").isTrue();
    assertThat(limiter.keyCount()).isLessThanOrEqualTo(3);
  }

  @Test
  void listenersHearRejectionsAndAThrowingOneDoesNotStopTheOthers() {
    KeyedRateLimiter<String> limiter = KeyedRateLimiter.of("peers", config().build());
    List<String> heard = new ArrayList<>();
    RejectionListener bad =
        n -> {
          throw new IllegalStateException("boom");
        };
    limiter.addListener(bad);
    limiter.addListener(heard::add);
    limiter.tryAcquire("a");
    limiter.tryAcquire("a");
    limiter.tryAcquire("a");
    assertThat(heard).containsExactly("peers");
    assertThat(limiter.removeListener(bad)).isTrue();
    assertThat(limiter.removeListener(bad)).isFalse();
  }

  @Test
  void configValidatesAndRoundTripsThroughToBuilder() {
    assertThatThrownBy(() -> KeyedRateLimiterConfig.builder("peers").maxKeys(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("keyedRateLimiter \"peers\": maxKeys must be in")
        .hasMessageContaining("was 0");
    assertThatThrownBy(() -> KeyedRateLimiterConfig.builder("peers").idleTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("idleTimeout");
    assertThatThrownBy(
            () -> KeyedRateLimiterConfig.builder("peers").period(Duration.ofNanos(10)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("period must be in [1us, 1d]");
    assertThatThrownBy(() -> KeyedRateLimiter.of(" ", config().build()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KeyedRateLimiter.of("x", config().build()).tryAcquire(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("key");
    KeyedRateLimiterConfig c = config().build();
    assertThat(c.burst()).as("burst defaults to permits").isEqualTo(2);
    assertThat(c.toBuilder("peers").build()).isEqualTo(c).hasSameHashCodeAs(c);
    assertThat(c.toBuilder("peers").permits(7).build().burst())
        .as("an unset burst follows the permits")
        .isEqualTo(7);
    KeyedRateLimiterConfig d = KeyedRateLimiterConfig.builder("d").build();
    assertThat(d.permits()).isEqualTo(100);
    assertThat(d.maxKeys()).isEqualTo(10_000);
    assertThat(d.idleTimeout()).isEqualTo(Duration.ofMinutes(1));
    assertThat(d.overflow()).isEqualTo(KeyedRateLimiterConfig.Overflow.SHARED_BUCKET);
    assertThat(d.toString()).contains("maxKeys=10000");
  }

  @Test
  void aRegistryMakesOneLimiterPerName() {
    Registry<KeyedRateLimiter<Integer>, KeyedRateLimiterConfig> registry =
        KeyedRateLimiter.registry(config().build());
    KeyedRateLimiter<Integer> one = registry.getOrCreate("clients");
    assertThat(registry.getOrCreate("clients")).isSameAs(one);
    assertThat(one.name()).isEqualTo("clients");
    assertThat(one.tryAcquire(42)).isTrue();
    assertThat(one.toString()).contains("clients").contains("1 keys");
  }
}
