package dev.levee.core.internal;

import dev.levee.core.CircuitBreakerConfig;

/** The rate rule of the window modes: judged once the window holds {@code minimumCalls}. */
final class Thresholds {
  private final int minimumCalls;
  private final double failureRate;
  private final double slowRate;
  private final boolean detectsSlow;

  Thresholds(CircuitBreakerConfig config) {
    this.minimumCalls = config.minimumCalls();
    this.failureRate = config.failureRateThreshold();
    this.slowRate = config.slowCallRateThreshold();
    this.detectsSlow = config.detectsSlowCalls();
  }

  boolean exceeded(long calls, long failures, long slow) {
    if (calls < minimumCalls || calls <= 0) {
      return false;
    }
    return failures * 100.0 >= failureRate * calls
        || (detectsSlow && slow * 100.0 >= slowRate * calls);
  }

  /** The failure rate in percent, or -1 below the minimum. */
  double failureRate(long calls, long failures) {
    return calls < minimumCalls || calls <= 0 ? -1 : failures * 100.0 / calls;
  }

  /** The slow-call rate in percent, or -1 below the minimum. */
  double slowRate(long calls, long slow) {
    return calls < minimumCalls || calls <= 0 ? -1 : slow * 100.0 / calls;
  }

  String reason(long calls, long failures, long slow) {
    if (failures * 100.0 >= failureRate * calls) {
      return String.format(
          java.util.Locale.ROOT,
          "failure rate %.1f%% >= %.1f%% over %d calls",
          failures * 100.0 / calls,
          failureRate,
          calls);
    }
    return String.format(
        java.util.Locale.ROOT,
        "slow-call rate %.1f%% >= %.1f%% over %d calls",
        slow * 100.0 / calls,
        slowRate,
        calls);
  }
}
