package dev.levee.metrics;

import dev.levee.core.Retry;
import dev.levee.metrics.internal.InstanceMeters;

/**
 * Meters of every retry in a registry (what {@link LeveeMetrics} binds, and documents for users).
 * Prometheus names: {@code retry_calls_total{name,result}} (successful_without_retry,
 * successful_with_retry, failed_without_retry, failed_with_retry) and {@code
 * retry_budget_exhausted_total{name}}.
 */
final class RetryMetrics {
  private RetryMetrics() {}

  static void register(InstanceMeters<Retry>.Scope m, String name, Retry r) {
    String d = "Calls by outcome";
    m.counter(
        "retry.calls",
        d,
        r,
        x -> x.successWithoutRetryCount(),
        "result",
        "successful_without_retry");
    m.counter(
        "retry.calls", d, r, x -> x.successWithRetryCount(), "result", "successful_with_retry");
    m.counter(
        "retry.calls", d, r, x -> x.failedWithoutRetryCount(), "result", "failed_without_retry");
    m.counter("retry.calls", d, r, x -> x.failedWithRetryCount(), "result", "failed_with_retry");
    m.counter(
        "retry.budget.exhausted", "Retries the budget refused", r, x -> x.budgetExhaustedCount());
  }
}
