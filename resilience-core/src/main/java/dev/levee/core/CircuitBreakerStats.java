package dev.levee.core;

import java.time.Instant;

/**
 * A snapshot of a {@link CircuitBreaker}: its state, what its current window holds, and its
 * lifetime totals.
 *
 * @param state the state
 * @param failureRate failure percentage of the window, or {@code -1} below {@code minimumCalls}
 *     (and in consecutive-failure mode, where no rate is judged)
 * @param slowCallRate slow-call percentage of the window, or {@code -1} as above
 * @param bufferedCalls calls the window holds (consecutive mode: failures in a row)
 * @param failedCalls failures the window holds
 * @param slowCalls slow calls the window holds
 * @param successfulCalls successes the window holds
 * @param ignoredCalls ignored calls, since the breaker was built
 * @param rejectedCalls rejected calls, since the breaker was built
 * @param lastTransitionAt when the breaker entered its state
 */
public record CircuitBreakerStats(
    CircuitBreakerState state,
    double failureRate,
    double slowCallRate,
    long bufferedCalls,
    long failedCalls,
    long slowCalls,
    long successfulCalls,
    long ignoredCalls,
    long rejectedCalls,
    Instant lastTransitionAt) {}
