package dev.levee.core;

import dev.levee.errors.ClassifiedException;
import dev.levee.errors.ErrorCategory;
import dev.levee.timeouts.Durations;
import dev.levee.timeouts.Ticker;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A {@link CircuitBreaker} rejected a call. {@link ErrorCategory#TRANSIENT}: the dependency needs
 * time; retry after {@link #remainingOpen()}.
 *
 * <p>Rejections are the hot path of an open breaker, so this exception has no stack trace, and all
 * rejections of one open period share one instance: it says which breaker, in which state, and when
 * the period began ({@link #timestamp()}); {@link #remainingOpen()} is computed when asked, so it
 * is right for whoever asks.
 */
public final class CallNotPermittedException extends ClassifiedException {
  private static final long serialVersionUID = 1L;

  /** The breaker's name. */
  private final String breaker;

  /** The state that rejected. */
  private final CircuitBreakerState state;

  /** The ticker reading when the breaker may let probes through, or {@code Long.MIN_VALUE}. */
  private final long openUntil;

  /** The breaker's ticker; not serialized. */
  private final transient Ticker ticker;

  /**
   * Creates the exception for one open period.
   *
   * @param breaker the breaker's name
   * @param state the state that rejected ({@code OPEN}, {@code FORCED_OPEN} or {@code HALF_OPEN}
   *     with every probe slot taken)
   * @param openUntil the ticker reading when probes may pass, or {@link Long#MIN_VALUE} if no time
   *     is known (forced open, half-open)
   * @param ticker the breaker's ticker
   * @param timestamp when the period began
   */
  public CallNotPermittedException(
      String breaker, CircuitBreakerState state, long openUntil, Ticker ticker, Instant timestamp) {
    super(
        ErrorCategory.TRANSIENT,
        breaker,
        "circuit breaker \"" + breaker + "\" is " + state + ": call not permitted",
        Map.of("state", state.name()),
        null,
        timestamp,
        false);
    this.breaker = breaker;
    this.state = state;
    this.openUntil = openUntil;
    this.ticker = ticker;
  }

  /**
   * The name of the breaker that rejected the call.
   *
   * @return the name
   */
  public String breaker() {
    return breaker;
  }

  /**
   * The state that rejected the call.
   *
   * @return the state
   */
  public CircuitBreakerState state() {
    return state;
  }

  /**
   * How long, from now, until the breaker lets probe calls through.
   *
   * @return the time left, zero if it has passed, or empty if unknown (forced open, or half-open
   *     with every probe slot taken)
   */
  public java.util.Optional<Duration> remainingOpen() {
    if (openUntil == Long.MIN_VALUE || ticker == null) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(Duration.ofNanos(Math.max(0, openUntil - ticker.read())));
  }

  @Override
  public String getMessage() {
    return remainingOpen()
        .map(left -> super.getMessage() + " (open for another " + Durations.human(left) + ")")
        .orElseGet(super::getMessage);
  }
}
