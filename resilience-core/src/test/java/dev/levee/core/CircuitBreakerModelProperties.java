package dev.levee.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.timeouts.testing.ManualTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Model-based test: random sequences of acquire / success / failure / slow / ignored / release /
 * clock advance / manual transition, applied to the real breaker and to {@link BreakerModel},
 * compared after every step: decisions, state, window counts, probes in flight and totals. One
 * property per trip mode, each with randomly drawn small configurations.
 */
class CircuitBreakerModelProperties {
  private static final Duration SLOW = Duration.ofMillis(100);

  /** One step of a scenario; {@code pick} chooses among the outstanding permits. */
  record Step(Kind kind, int pick, long nanos, CircuitBreakerState target) {}

  enum Kind {
    ACQUIRE,
    SUCCESS,
    FAILURE,
    SLOW_SUCCESS,
    SLOW_FAILURE,
    IGNORED,
    RELEASE,
    ADVANCE,
    MANUAL
  }

  @Provide
  Arbitrary<Step> step() {
    Arbitrary<Kind> kind =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(30, Arbitraries.just(Kind.ACQUIRE)),
            net.jqwik.api.Tuple.of(20, Arbitraries.just(Kind.SUCCESS)),
            net.jqwik.api.Tuple.of(20, Arbitraries.just(Kind.FAILURE)),
            net.jqwik.api.Tuple.of(5, Arbitraries.just(Kind.SLOW_SUCCESS)),
            net.jqwik.api.Tuple.of(3, Arbitraries.just(Kind.SLOW_FAILURE)),
            net.jqwik.api.Tuple.of(4, Arbitraries.just(Kind.IGNORED)),
            net.jqwik.api.Tuple.of(3, Arbitraries.just(Kind.RELEASE)),
            net.jqwik.api.Tuple.of(12, Arbitraries.just(Kind.ADVANCE)),
            net.jqwik.api.Tuple.of(2, Arbitraries.just(Kind.MANUAL)));
    Arbitrary<Long> advance =
        Arbitraries.of(
            0L,
            50_000_000L,
            100_000_000L,
            400_000_000L,
            1_000_000_000L,
            3_000_000_000L,
            6_000_000_000L);
    return Combinators.combine(
            kind,
            Arbitraries.integers().between(0, 1000),
            advance,
            Arbitraries.of(CircuitBreakerState.class))
        .as(Step::new);
  }

  @Provide
  Arbitrary<CircuitBreakerConfig.Builder> consecutive() {
    return Arbitraries.integers()
        .between(1, 4)
        .flatMap(threshold -> common().map(b -> b.consecutiveFailures(threshold)));
  }

  @Provide
  Arbitrary<CircuitBreakerConfig.Builder> countWindow() {
    return Arbitraries.integers()
        .between(1, 6)
        .flatMap(
            size ->
                Combinators.combine(
                        common(),
                        Arbitraries.integers().between(1, size),
                        Arbitraries.of(25.0, 50.0, 60.0, 100.0),
                        Arbitraries.of(true, false))
                    .as(
                        (b, min, rate, slow) -> {
                          b.countWindow(size).minimumCalls(min).failureRateThreshold(rate);
                          return slow ? b.slowCalls(SLOW, 50) : b;
                        }));
  }

  @Provide
  Arbitrary<CircuitBreakerConfig.Builder> timeWindow() {
    return Combinators.combine(
            common(),
            Arbitraries.of(
                new Duration[] {Duration.ofSeconds(2), Duration.ofMillis(500)},
                new Duration[] {Duration.ofSeconds(1), Duration.ofMillis(100)},
                new Duration[] {Duration.ofMillis(300), Duration.ofMillis(300)}),
            Arbitraries.integers().between(1, 4),
            Arbitraries.of(34.0, 50.0, 100.0),
            Arbitraries.of(true, false))
        .as(
            (b, w, min, rate, slow) -> {
              b.timeWindow(w[0], w[1]).minimumCalls(min).failureRateThreshold(rate);
              return slow ? b.slowCalls(SLOW, 60) : b;
            });
  }

  private Arbitrary<CircuitBreakerConfig.Builder> common() {
    return Combinators.combine(
            Arbitraries.integers().between(1, 3),
            Arbitraries.integers().between(1, 3),
            Arbitraries.of(1.0, 2.0),
            Arbitraries.of(Duration.ofSeconds(2), Duration.ofSeconds(5)))
        .as(
            (maxCalls, successes, backoff, maxWait) ->
                CircuitBreakerConfig.builder("model")
                    .openDuration(Duration.ofSeconds(1))
                    .openBackoff(backoff, Duration.ofSeconds(4))
                    .halfOpenMaxCalls(maxCalls)
                    .successThreshold(successes)
                    .halfOpenMaxWait(maxWait));
  }

  @Property(tries = 300)
  void consecutiveFailuresMode(
      @ForAll("consecutive") CircuitBreakerConfig.Builder config,
      @ForAll @Size(max = 120) List<@From("step") Step> steps) {
    check(config, steps);
  }

  @Property(tries = 300)
  void countWindowMode(
      @ForAll("countWindow") CircuitBreakerConfig.Builder config,
      @ForAll @Size(max = 120) List<@From("step") Step> steps) {
    check(config, steps);
  }

  @Property(tries = 300)
  void timeWindowMode(
      @ForAll("timeWindow") CircuitBreakerConfig.Builder config,
      @ForAll @Size(max = 120) List<@From("step") Step> steps) {
    check(config, steps);
  }

  private void check(CircuitBreakerConfig.Builder builder, List<Step> steps) {
    ManualTicker ticker = new ManualTicker();
    CircuitBreakerConfig config = builder.ticker(ticker).build();
    CircuitBreaker breaker = CircuitBreaker.of("model", config);
    BreakerModel model = new BreakerModel(config, ticker.read());
    List<Long> real = new ArrayList<>();
    List<BreakerModel.Permit> expected = new ArrayList<>();
    int n = 0;
    for (Step step : steps) {
      n++;
      String at = "step " + n + " " + step + " of " + steps + " with " + config;
      switch (step.kind()) {
        case ACQUIRE:
          long permit = breaker.tryAcquire();
          BreakerModel.Permit p = model.acquire();
          assertThat(permit >= 0).as("permitted at %s", at).isEqualTo(p != null);
          if (p != null) {
            real.add(permit);
            expected.add(p);
          }
          break;
        case ADVANCE:
          ticker.advanceNanos(step.nanos());
          model.advance(step.nanos());
          break;
        case MANUAL:
          breaker.transitionTo(step.target(), "model test");
          model.manual(step.target());
          break;
        default:
          if (real.isEmpty()) {
            break;
          }
          int i = step.pick() % real.size();
          long r = real.remove(i);
          BreakerModel.Permit e = expected.remove(i);
          report(step.kind(), breaker, r, model, e);
          break;
      }
      assertThat(breaker.state()).as("state at %s", at).isEqualTo(model.state());
      CircuitBreakerStats stats = breaker.stats();
      long[] window = model.windowCounts();
      assertThat(new long[] {stats.bufferedCalls(), stats.failedCalls(), stats.slowCalls()})
          .as("window {calls, failures, slow} at %s", at)
          .containsExactly(window);
      assertThat(
              new long[] {
                breaker.successCount(),
                breaker.failureCount(),
                breaker.slowCallCount(),
                breaker.ignoredCount(),
                breaker.rejectedCount()
              })
          .as("totals {successes, failures, slow, ignored, rejected} at %s", at)
          .containsExactly(
              model.successes, model.failures, model.slowCalls, model.ignored, model.rejected);
    }
  }

  private static void report(
      Kind kind, CircuitBreaker breaker, long permit, BreakerModel model, BreakerModel.Permit p) {
    long slow = SLOW.toNanos();
    switch (kind) {
      case SUCCESS:
        breaker.onSuccess(permit, 0);
        model.outcome(p, 0, false);
        break;
      case SLOW_SUCCESS:
        breaker.onSuccess(permit, slow);
        model.outcome(p, slow, false);
        break;
      case FAILURE:
        breaker.onFailure(permit, 0, new java.io.IOException("down"));
        model.outcome(p, 0, true);
        break;
      case SLOW_FAILURE:
        breaker.onFailure(permit, slow, new java.net.SocketTimeoutException());
        model.outcome(p, slow, true);
        break;
      case IGNORED:
        breaker.onFailure(permit, 0, new IllegalArgumentException("caller's fault"));
        model.ignore(p, true);
        break;
      default:
        breaker.release(permit);
        model.ignore(p, false);
        break;
    }
  }
}
