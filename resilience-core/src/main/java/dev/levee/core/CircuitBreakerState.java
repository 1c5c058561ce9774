package dev.levee.core;

/**
 * The states of a {@link CircuitBreaker}.
 *
 * <p>The first three are the automatic cycle; the last three are entered only by a manual
 * transition with a reason, and left only by another one.
 */
public enum CircuitBreakerState {
  /** Calls pass; outcomes are recorded, and enough failures open the breaker. */
  CLOSED(0),
  /** Calls are rejected until the open duration has passed. */
  OPEN(1),
  /** A few probe calls pass; enough successes close the breaker, a failure opens it again. */
  HALF_OPEN(2),
  /** Manually held open: every call is rejected until another manual transition. */
  FORCED_OPEN(3),
  /** Manually switched off: every call passes and nothing is recorded. */
  DISABLED(4),
  /** Every call passes and outcomes are recorded (for metrics), but the breaker never opens. */
  METRICS_ONLY(5);

  private final int code;

  CircuitBreakerState(int code) {
    this.code = code;
  }

  /**
   * The state's number in metrics ({@code circuitbreaker_state}): 0 closed, 1 open, 2 half-open, 3
   * forced open, 4 disabled, 5 metrics only.
   *
   * @return the code
   */
  public int code() {
    return code;
  }

  /**
   * Whether calls are permitted in this state (half-open permits only a few).
   *
   * @return {@code false} for OPEN and FORCED_OPEN
   */
  public boolean permitsCalls() {
    return this != OPEN && this != FORCED_OPEN;
  }
}
