package dev.levee.metrics;

import dev.levee.core.CircuitBreaker;
import dev.levee.core.CircuitBreakerState;
import dev.levee.metrics.internal.InstanceMeters;
import java.util.Locale;

/**
 * Meters of every circuit breaker in a registry (what {@link LeveeMetrics} binds, and documents for
 * users). Prometheus names: {@code circuitbreaker_state{name}} (0 closed, 1 open, 2 half-open, 3
 * forced-open, 4 disabled, 5 metrics-only), {@code circuitbreaker_requests_total{name,result}}
 * (result: successful, failed, ignored, slow, not_permitted; slow calls are also counted as
 * successful or failed), {@code circuitbreaker_state_changes_total{name,from,to}} (the four
 * automatic transitions), {@code circuitbreaker_failure_ratio{name}} and {@code
 * circuitbreaker_slow_call_ratio{name}} as 0-1 ratios, NaN below {@code minimumCalls} and in
 * consecutive-failure mode.
 */
final class CircuitBreakerMetrics {
  private CircuitBreakerMetrics() {}

  private static final CircuitBreakerState[][] TRANSITIONS = {
    {CircuitBreakerState.CLOSED, CircuitBreakerState.OPEN},
    {CircuitBreakerState.OPEN, CircuitBreakerState.HALF_OPEN},
    {CircuitBreakerState.HALF_OPEN, CircuitBreakerState.CLOSED},
    {CircuitBreakerState.HALF_OPEN, CircuitBreakerState.OPEN},
  };

  static void register(InstanceMeters<CircuitBreaker>.Scope m, String name, CircuitBreaker b) {
    m.gauge(
        "circuitbreaker.state",
        "0 closed, 1 open, 2 half-open, 3 forced-open, 4 disabled, 5 metrics-only",
        null,
        b,
        x -> x.state().code());
    m.counter(
        "circuitbreaker.requests",
        "Calls by result",
        b,
        x -> x.successCount(),
        "result",
        "successful");
    m.counter(
        "circuitbreaker.requests", "Calls by result", b, x -> x.failureCount(), "result", "failed");
    m.counter(
        "circuitbreaker.requests",
        "Calls by result",
        b,
        x -> x.ignoredCount(),
        "result",
        "ignored");
    m.counter(
        "circuitbreaker.requests", "Calls by result", b, x -> x.slowCallCount(), "result", "slow");
    m.counter(
        "circuitbreaker.requests",
        "Calls by result",
        b,
        x -> x.rejectedCount(),
        "result",
        "not_permitted");
    for (CircuitBreakerState[] t : TRANSITIONS) {
      m.counter(
          "circuitbreaker.state.changes",
          "State transitions",
          b,
          x -> x.transitionCount(t[0], t[1]),
          "from",
          t[0].name().toLowerCase(Locale.ROOT),
          "to",
          t[1].name().toLowerCase(Locale.ROOT));
    }
    m.gauge(
        "circuitbreaker.failure.ratio",
        "Failed share of the window, 0-1; NaN below minimumCalls",
        null,
        b,
        x -> ratio(x.failureRate()));
    m.gauge(
        "circuitbreaker.slow.call.ratio",
        "Slow share of the window, 0-1; NaN below minimumCalls",
        null,
        b,
        x -> ratio(x.slowCallRate()));
  }

  private static double ratio(double percent) {
    return percent < 0 ? Double.NaN : percent / 100.0;
  }
}
