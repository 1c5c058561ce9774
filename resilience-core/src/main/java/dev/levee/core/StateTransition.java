package dev.levee.core;

import java.time.Instant;
import java.util.Objects;

/**
 * One change of a {@link CircuitBreaker}'s state, as listeners receive it. Immutable.
 *
 * <p>A class rather than a record, as every snapshot and event in Levee: an event gains details as
 * Levee learns to report more, and a record's canonical constructor and deconstruction pattern
 * would change with each. Tests of a listener make one with {@link #builder()}.
 */
public final class StateTransition {
  private final String breaker;
  private final CircuitBreakerState from;
  private final CircuitBreakerState to;
  private final String reason;
  private final double failureRate;
  private final Instant at;

  private StateTransition(
      String breaker,
      CircuitBreakerState from,
      CircuitBreakerState to,
      String reason,
      double failureRate,
      Instant at) {
    this.breaker = Objects.requireNonNull(breaker, "breaker");
    this.from = Objects.requireNonNull(from, "from");
    this.to = Objects.requireNonNull(to, "to");
    this.reason = Objects.requireNonNull(reason, "reason");
    this.failureRate = failureRate;
    this.at = Objects.requireNonNull(at, "at");
  }

  /**
   * The breaker's name.
   *
   * @return the name
   */
  public String breaker() {
    return breaker;
  }

  /**
   * The state left.
   *
   * @return the state
   */
  public CircuitBreakerState from() {
    return from;
  }

  /**
   * The state entered.
   *
   * @return the state
   */
  public CircuitBreakerState to() {
    return to;
  }

  /**
   * Why: {@code failure rate 60.0% >= 50.0%}, {@code 5 consecutive failures}, {@code open duration
   * passed}, or the reason given to a manual transition.
   *
   * @return the reason
   */
  public String reason() {
    return reason;
  }

  /**
   * The failure rate, in percent, of the window that was judged.
   *
   * @return the rate, or {@code -1} when no rate applies
   */
  public double failureRate() {
    return failureRate;
  }

  /**
   * When it happened.
   *
   * @return the time
   */
  public Instant at() {
    return at;
  }

  /**
   * Whether {@code other} is a {@code StateTransition} with equal components.
   *
   * @param other the object to compare with
   * @return {@code true} if equal
   */
  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof StateTransition)) {
      return false;
    }
    StateTransition o = (StateTransition) other;
    return Objects.equals(breaker, o.breaker)
        && Objects.equals(from, o.from)
        && Objects.equals(to, o.to)
        && Objects.equals(reason, o.reason)
        && Double.compare(failureRate, o.failureRate) == 0
        && Objects.equals(at, o.at);
  }

  @Override
  public int hashCode() {
    return Objects.hash(breaker, from, to, reason, failureRate, at);
  }

  @Override
  public String toString() {
    return "StateTransition["
        + "breaker="
        + breaker
        + ", from="
        + from
        + ", to="
        + to
        + ", reason="
        + reason
        + ", failureRate="
        + failureRate
        + ", at="
        + at
        + "]";
  }

  /**
   * Starts a transition, for tests of a {@link CircuitBreakerListener} (a breaker makes its own).
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link StateTransition}. Not thread-safe. */
  public static final class Builder {
    private String breaker;
    private CircuitBreakerState from;
    private CircuitBreakerState to;
    private String reason;
    private double failureRate = -1;
    private Instant at;

    private Builder() {}

    /**
     * Sets the breaker's name (required).
     *
     * @param breaker the name
     * @return this builder
     */
    public Builder breaker(String breaker) {
      this.breaker = breaker;
      return this;
    }

    /**
     * Sets the state left (required).
     *
     * @param from the state
     * @return this builder
     */
    public Builder from(CircuitBreakerState from) {
      this.from = from;
      return this;
    }

    /**
     * Sets the state entered (required).
     *
     * @param to the state
     * @return this builder
     */
    public Builder to(CircuitBreakerState to) {
      this.to = to;
      return this;
    }

    /**
     * Sets why (required).
     *
     * @param reason the reason
     * @return this builder
     */
    public Builder reason(String reason) {
      this.reason = reason;
      return this;
    }

    /**
     * Sets the judged failure rate (default -1: none applies).
     *
     * @param failureRate the rate in percent, or -1
     * @return this builder
     */
    public Builder failureRate(double failureRate) {
      this.failureRate = failureRate;
      return this;
    }

    /**
     * Sets when it happened (required).
     *
     * @param at the time
     * @return this builder
     */
    public Builder at(Instant at) {
      this.at = at;
      return this;
    }

    /**
     * Builds the transition.
     *
     * @return the transition
     * @throws NullPointerException naming a required component that is not set
     */
    public StateTransition build() {
      return new StateTransition(breaker, from, to, reason, failureRate, at);
    }
  }
}
