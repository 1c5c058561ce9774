package dev.levee.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class BackoffProperties {
  private static Backoff backoff(long initialMs, double multiplier, long maxFactor) {
    return Backoff.exponential(
        Duration.ofMillis(initialMs), multiplier, Duration.ofMillis(initialMs * maxFactor));
  }

  @Property
  void withoutJitterDelaysGrowMonotonicallyUpToTheCap(
      @ForAll @LongRange(min = 1, max = 5000) long initialMs,
      @ForAll @DoubleRange(min = 1.0, max = 10.0) double multiplier,
      @ForAll @LongRange(min = 1, max = 1000) long maxFactor) {
    Backoff b = backoff(initialMs, multiplier, maxFactor);
    long previous = 0;
    for (int attempt = 1; attempt <= 80; attempt++) {
      long delay = b.delayNanos(attempt, previous);
      assertThat(delay).isGreaterThanOrEqualTo(previous).isLessThanOrEqualTo(b.max().toNanos());
      assertThat(delay).isEqualTo(b.baseNanos(attempt));
      previous = delay;
    }
    assertThat(b.delayNanos(1, 0)).isEqualTo(Duration.ofMillis(initialMs).toNanos());
  }

  @Property
  void jitteredDelaysStayWithinTheirBounds(
      @ForAll @LongRange(min = 1, max = 5000) long initialMs,
      @ForAll @DoubleRange(min = 1.0, max = 10.0) double multiplier,
      @ForAll @LongRange(min = 1, max = 1000) long maxFactor,
      @ForAll Backoff.Jitter jitter,
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 60) int attempts) {
    Random random = new Random(seed);
    Backoff b =
        backoff(initialMs, multiplier, maxFactor).withJitter(jitter).withRandom(random::nextDouble);
    long initial = Duration.ofMillis(initialMs).toNanos();
    long previous = 0;
    for (int attempt = 1; attempt <= attempts; attempt++) {
      long base = b.baseNanos(attempt);
      long delay = b.delayNanos(attempt, previous);
      assertThat(delay).isNotNegative().isLessThanOrEqualTo(b.max().toNanos());
      switch (jitter) {
        case NONE:
          assertThat(delay).isEqualTo(base);
          break;
        case FULL:
          assertThat(delay).isLessThanOrEqualTo(base);
          break;
        case EQUAL:
          assertThat(delay).isBetween(base / 2, base);
          break;
        default:
          assertThat(delay)
              .isBetween(
                  initial,
                  Math.max(initial, Math.min(b.max().toNanos(), 3 * Math.max(previous, initial))));
          break;
      }
      previous = delay;
    }
  }

  @Property
  void attemptsCountAndReset(@ForAll @IntRange(min = 1, max = 30) int n) {
    Backoff b = Backoff.exponential(Duration.ofSeconds(1), 2, Duration.ofSeconds(60));
    Backoff.Attempts peer = b.attempts();
    Duration last = Duration.ZERO;
    for (int i = 1; i <= n; i++) {
      last = peer.next();
    }
    assertThat(peer.count()).isEqualTo(n);
    assertThat(last).isEqualTo(b.delay(n));
    peer.reset();
    assertThat(peer.next()).isEqualTo(Duration.ofSeconds(1));
  }
}
