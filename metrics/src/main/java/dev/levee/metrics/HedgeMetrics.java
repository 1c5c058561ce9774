package dev.levee.metrics;

import dev.levee.core.Hedge;
import dev.levee.metrics.internal.InstanceMeters;

/**
 * Meters of every hedge in a registry (what {@link LeveeMetrics} binds, and documents for users).
 * Prometheus names: {@code hedge_calls_total{name}}, {@code hedge_sent_total{name}} (second
 * attempts sent), {@code hedge_won_total{name}} (second attempts that succeeded first), {@code
 * hedge_budget_exhausted_total{name}} (second attempts the budget refused) and {@code
 * hedge_delay_seconds{name}} (the delay before a second attempt now). The extra load hedging adds
 * is {@code hedge_sent_total / hedge_calls_total}.
 */
final class HedgeMetrics {
  private HedgeMetrics() {}

  static void register(InstanceMeters<Hedge>.Scope m, String name, Hedge h) {
    m.counter("hedge.calls", "Calls made through the hedge", h, x -> x.callCount());
    m.counter("hedge.sent", "Second attempts sent", h, x -> x.hedgeCount());
    m.counter("hedge.won", "Second attempts that succeeded first", h, x -> x.hedgeWonCount());
    m.counter(
        "hedge.budget.exhausted",
        "Second attempts the budget refused",
        h,
        x -> x.budgetExhaustedCount());
    m.gauge(
        "hedge.delay",
        "The delay before a second attempt now",
        "seconds",
        h,
        x -> x.currentDelay().toNanos() / 1e9);
  }
}
