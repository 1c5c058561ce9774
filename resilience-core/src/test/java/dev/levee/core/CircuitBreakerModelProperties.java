package dev.levee.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.timeouts.testing.ManualTicker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
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
    MANUAL,
    /** A read that a scrape, a health check or a log line might make; {@code pick} chooses. */
    READ
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
            net.jqwik.api.Tuple.of(4, Arbitraries.just(Kind.MANUAL)),
            net.jqwik.api.Tuple.of(6, Arbitraries.just(Kind.READ)));
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
      @ForAll @Size(max = 120) List<@From("step") Step> steps,
      @ForAll boolean compareEachStep) {
    check(config, steps, compareEachStep);
  }

  @Property(tries = 300)
  void countWindowMode(
      @ForAll("countWindow") CircuitBreakerConfig.Builder config,
      @ForAll @Size(max = 120) List<@From("step") Step> steps,
      @ForAll boolean compareEachStep) {
    check(config, steps, compareEachStep);
  }

  @Property(tries = 300)
  void timeWindowMode(
      @ForAll("timeWindow") CircuitBreakerConfig.Builder config,
      @ForAll @Size(max = 120) List<@From("step") Step> steps,
      @ForAll boolean compareEachStep) {
    check(config, steps, compareEachStep);
  }

  /**
   * Runs the steps on the breaker and the model. With {@code compareEachStep}, the state and window
   * are compared after every step (a time-aware read each time); without, only decisions, manual
   * transitions and totals are compared along the way, and the state once at the end, so expired
   * open periods are also met first by a call or a manual transition.
   */
  private void check(
      CircuitBreakerConfig.Builder builder, List<Step> steps, boolean compareEachStep) {
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
          assertThat(breaker.transitionTo(step.target(), "model test"))
              .as("transitionTo's answer at %s", at)
              .isEqualTo(model.manual(step.target()));
          break;
        case READ:
          read(breaker, step.pick());
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
      if (compareEachStep || n == steps.size()) {
        assertThat(breaker.state()).as("state at %s", at).isEqualTo(model.state());
        CircuitBreakerStats stats = breaker.stats();
        long[] window = model.windowCounts();
        assertThat(new long[] {stats.bufferedCalls(), stats.failedCalls(), stats.slowCalls()})
            .as("window {calls, failures, slow} at %s", at)
            .containsExactly(window);
        assertThat(new double[] {breaker.failureRate(), breaker.slowCallRate()})
            .as("the rates a scrape reads, as the snapshot has them, at %s", at)
            .containsExactly(stats.failureRate(), stats.slowCallRate());
      }
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

  /** One of the reads that observers make; none may change what the breaker decides later. */
  static Object read(CircuitBreaker breaker, int pick) {
    switch (pick % 4) {
      case 0:
        return breaker.state();
      case 1:
        return breaker.stats();
      case 2: // what the Micrometer binder reads at a scrape
        long sum = breaker.state().code() + breaker.successCount() + breaker.failureCount();
        sum += breaker.ignoredCount() + breaker.slowCallCount() + breaker.rejectedCount();
        for (CircuitBreakerState from : CircuitBreakerState.values()) {
          for (CircuitBreakerState to : CircuitBreakerState.values()) {
            sum += breaker.transitionCount(from, to);
          }
        }
        return sum + breaker.failureRate() + breaker.slowCallRate();
      default:
        return breaker.toString();
    }
  }

  private static void report(
      Kind kind, CircuitBreaker breaker, long permit, BreakerModel model, BreakerModel.Permit p) {
    long slow = SLOW.toNanos();
    report(kind, breaker, permit);
    switch (kind) {
      case SUCCESS:
        model.outcome(p, 0, false);
        break;
      case SLOW_SUCCESS:
        model.outcome(p, slow, false);
        break;
      case FAILURE:
        model.outcome(p, 0, true);
        break;
      case SLOW_FAILURE:
        model.outcome(p, slow, true);
        break;
      case IGNORED:
        model.ignore(p, true);
        break;
      default:
        model.ignore(p, false);
        break;
    }
  }

  private static void report(Kind kind, CircuitBreaker breaker, long permit) {
    long slow = SLOW.toNanos();
    switch (kind) {
      case SUCCESS:
        breaker.onSuccess(permit, 0);
        break;
      case SLOW_SUCCESS:
        breaker.onSuccess(permit, slow);
        break;
      case FAILURE:
        breaker.onFailure(permit, 0, new java.io.IOException("down"));
        break;
      case SLOW_FAILURE:
        breaker.onFailure(permit, slow, new java.net.SocketTimeoutException());
        break;
      case IGNORED:
        breaker.onFailure(permit, 0, new IllegalArgumentException("caller's fault"));
        break;
      default:
        breaker.release(permit);
        break;
    }
  }

  // ---- reads change nothing ----------------------------------------------------------------

  @Provide
  Arbitrary<CircuitBreakerConfig.Builder> anyMode() {
    return Arbitraries.oneOf(consecutive(), countWindow(), timeWindow());
  }

  /**
   * The same steps run twice, once with the reads and once without: every decision (down to the
   * permit's bits), every manual transition's answer, every event a listener hears (with its
   * timestamp) and the end state and totals are the same. So a scrape, a health check or a log line
   * can never change what a breaker does.
   */
  @Property(tries = 500)
  void readsNeverChangeAnOutcome(
      @ForAll("anyMode") CircuitBreakerConfig.Builder config,
      @ForAll @Size(max = 120) List<@From("step") Step> steps) {
    List<String> withReads = trace(config, steps, true);
    List<String> withoutReads = trace(config, steps, false);
    assertThat(withReads).as("with reads vs without, for %s", steps).isEqualTo(withoutReads);
  }

  private static List<String> trace(
      CircuitBreakerConfig.Builder builder, List<Step> steps, boolean reads) {
    ManualTicker ticker = new ManualTicker();
    CircuitBreaker breaker =
        CircuitBreaker.of("reads", builder.ticker(ticker).clock(new TickerClock(ticker)).build());
    List<String> trace = new ArrayList<>();
    breaker.addListener(
        new CircuitBreakerListener() {
          @Override
          public void onTransition(StateTransition t) {
            trace.add(t.toString());
          }

          @Override
          public void onRejected(String name, CircuitBreakerState state) {
            trace.add("rejected in " + state);
          }
        });
    List<Long> permits = new ArrayList<>();
    for (Step step : steps) {
      switch (step.kind()) {
        case ACQUIRE:
          long permit = breaker.tryAcquire();
          trace.add("acquire " + permit);
          if (permit >= 0) {
            permits.add(permit);
          }
          break;
        case ADVANCE:
          ticker.advanceNanos(step.nanos());
          break;
        case MANUAL:
          trace.add(
              "to " + step.target() + ": " + breaker.transitionTo(step.target(), "model test"));
          break;
        case READ:
          if (reads) {
            read(breaker, step.pick());
          }
          break;
        default:
          if (!permits.isEmpty()) {
            report(step.kind(), breaker, permits.remove(step.pick() % permits.size()));
          }
          break;
      }
    }
    trace.add("end " + breaker.stats());
    for (CircuitBreakerState from : CircuitBreakerState.values()) {
      for (CircuitBreakerState to : CircuitBreakerState.values()) {
        trace.add(from + "->" + to + ": " + breaker.transitionCount(from, to));
      }
    }
    trace.add(
        "totals "
            + List.of(
                breaker.successCount(),
                breaker.failureCount(),
                breaker.slowCallCount(),
                breaker.ignoredCount(),
                breaker.rejectedCount()));
    return trace;
  }

  /** Wall-clock time that follows the manual ticker, so both runs stamp events alike. */
  private static final class TickerClock extends Clock {
    private final ManualTicker ticker;

    TickerClock(ManualTicker ticker) {
      this.ticker = ticker;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.EPOCH.plusNanos(ticker.read());
    }
  }
}
