package dev.levee.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levee.timeouts.testing.ManualTicker;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every policy calls a task the same way, whatever its shape: one contract, tested on all. */
class PolicyShapesTest {
  static List<Policy> policies() {
    ManualTicker ticker = new ManualTicker();
    return List.of(
        CircuitBreaker.of("cb", CircuitBreakerConfig.builder("cb").ticker(ticker).build()),
        Retry.of(
            "retry",
            RetryConfig.builder("retry")
                .maxRetries(0)
                .ticker(ticker)
                .sleeper(ticker.sleeper())
                .build()),
        RateLimiter.of(
            "rl",
            RateLimiterConfig.builder("rl")
                .limit(1_000_000, Duration.ofSeconds(1))
                .ticker(ticker)
                .build()),
        AdaptiveThrottle.of(
            "throttle", AdaptiveThrottleConfig.builder("throttle").ticker(ticker).build()),
        Bulkhead.of("bh", 4, Duration.ZERO),
        InFlightTracker.create("inflight", ticker),
        Pipeline.builder("pipeline")
            .circuitBreaker(CircuitBreaker.of("p-cb", CircuitBreakerConfig.defaults()))
            .build());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("policies")
  void everyShapeRunsTheTaskOnceAndReturnsItsResult(Policy policy) throws Exception {
    AtomicInteger runs = new AtomicInteger();
    assertThat(policy.<String>call(() -> "called" + runs.incrementAndGet())).isEqualTo("called1");
    assertThat(policy.get(() -> "got" + runs.incrementAndGet())).isEqualTo("got2");
    policy.run(runs::incrementAndGet);
    assertThat(runs).hasValue(3);

    Supplier<String> s = policy.decorateSupplier(() -> "supplied" + runs.incrementAndGet());
    Callable<String> c = policy.decorateCallable(() -> "decorated" + runs.incrementAndGet());
    Runnable r = policy.decorateRunnable(runs::incrementAndGet);
    assertThat(runs).as("decorating runs nothing").hasValue(3);
    assertThat(s.get()).isEqualTo("supplied4");
    assertThat(c.call()).isEqualTo("decorated5");
    r.run();
    assertThat(policy.decorateFunction((Integer x) -> x * 2).apply(21)).isEqualTo(42);
    assertThat(runs).hasValue(6);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("policies")
  void failuresComeBackAsThrown(Policy policy) {
    IOException checked = new IOException("down");
    IllegalStateException unchecked = new IllegalStateException("broken");
    assertThatThrownBy(
            () ->
                policy.call(
                    () -> {
                      throw checked;
                    }))
        .isSameAs(checked);
    assertThatThrownBy(
            () ->
                policy.get(
                    () -> {
                      throw unchecked;
                    }))
        .isSameAs(unchecked);
    assertThatThrownBy(
            () ->
                policy.run(
                    () -> {
                      throw unchecked;
                    }))
        .isSameAs(unchecked);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("policies")
  void aCheckedExceptionSneakedOutOfASupplierIsWrappedNotLeaked(Policy policy) {
    IOException sneaky = new IOException("sneaky");
    assertThatThrownBy(() -> policy.get(() -> PolicyShapesTest.<String>sneakyThrow(sneaky)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("a Supplier or Runnable threw a checked exception")
        .hasCause(sneaky);
    assertThatThrownBy(() -> policy.run(() -> PolicyShapesTest.<String>sneakyThrow(sneaky)))
        .isInstanceOf(IllegalStateException.class)
        .hasCause(sneaky);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("policies")
  void aNullTaskIsRefusedByName(Policy policy) {
    assertThatThrownBy(() -> policy.call(null)).hasMessage("callable");
    assertThatThrownBy(() -> policy.get(null)).hasMessage("supplier");
    assertThatThrownBy(() -> policy.run(null)).hasMessage("runnable");
    assertThatThrownBy(() -> policy.decorateFunction(null)).hasMessage("function");
  }

  @SuppressWarnings("unchecked")
  private static <T> T sneakyThrow(Throwable t) {
    return PolicyShapesTest.<RuntimeException, T>sneak(t);
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable, T> T sneak(Throwable t) throws E {
    throw (E) t;
  }
}
