package dev.levee.core;

import dev.levee.errors.ClassifiedException;
import dev.levee.errors.ErrorCategory;
import dev.levee.timeouts.Durations;
import dev.levee.timeouts.Ticker;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link CircuitBreaker} rejected a call. {@link ErrorCategory#TRANSIENT}: the dependency needs
 * time; retry after {@link #remainingOpen()}.
 *
 * <p>Rejections are the hot path of an open breaker, so this exception has no stack trace, and all
 * rejections of one open period share one instance: it says which breaker, in which state, and when
 * the period began ({@link #timestamp()}); for a breaker's own rejection {@link #remainingOpen()}
 * is computed by the breaker's ticker when asked, so it is right for whoever asks.
 *
 * <p>The public constructor is for code that rejects on a breaker's behalf and for tests (a
 * fallback that waits {@link #remainingOpen()}, say): its remaining open time is the one given, as
 * of whenever it is asked.
 */
public final class CallNotPermittedException extends ClassifiedException {
  private static final long serialVersionUID = 1L;

  /** The breaker's name. */
  private final String breaker;

  /** The state that rejected. */
  private final CircuitBreakerState state;

  /**
   * With {@link #ticker}: the ticker reading when the breaker may let probes through, or {@code
   * Long.MIN_VALUE} if no time is known.
   */
  private final long openUntil;

  /** The breaker's ticker, or {@code null} for a fixed remaining time; not serialized. */
  private final transient Ticker ticker;

  /** The remaining open time given to the public constructor, or {@code null}. */
  private final Duration remaining;

  /**
   * Creates a rejection whose remaining open time is fixed.
   *
   * @param breaker the breaker's name
   * @param state the state that rejected ({@code OPEN}, {@code FORCED_OPEN} or {@code HALF_OPEN}
   *     with every probe slot taken)
   * @param remainingOpen how long until probes may pass, as {@link #remainingOpen()} reports it, or
   *     {@code null} if unknown (forced open, half-open)
   * @param timestamp when the open period began
   * @throws NullPointerException if {@code breaker}, {@code state} or {@code timestamp} is {@code
   *     null}
   * @throws IllegalArgumentException if {@code remainingOpen} is negative
   */
  public CallNotPermittedException(
      String breaker, CircuitBreakerState state, Duration remainingOpen, Instant timestamp) {
    this(breaker, state, Long.MIN_VALUE, null, checked(remainingOpen), timestamp);
  }

  private CallNotPermittedException(
      String breaker,
      CircuitBreakerState state,
      long openUntil,
      Ticker ticker,
      Duration remaining,
      Instant timestamp) {
    super(
        ErrorCategory.TRANSIENT,
        Objects.requireNonNull(breaker, "breaker"),
        "circuit breaker \"" + breaker + "\" is " + state + ": call not permitted",
        Map.of("state", Objects.requireNonNull(state, "state").name()),
        null,
        Objects.requireNonNull(timestamp, "timestamp"),
        false);
    this.breaker = breaker;
    this.state = state;
    this.openUntil = openUntil;
    this.ticker = ticker;
    this.remaining = remaining;
  }

  private static Duration checked(Duration remainingOpen) {
    if (remainingOpen != null && remainingOpen.isNegative()) {
      throw new IllegalArgumentException(
          "remainingOpen must not be negative, was " + Durations.format(remainingOpen));
    }
    return remainingOpen;
  }

  /**
   * A breaker's own rejection for one period, counting down by its ticker. Not public: a raw ticker
   * reading is no API ({@link CircuitBreaker} hands this to its machine).
   *
   * @param breaker the breaker's name
   * @param state the state that rejected
   * @param openUntil the ticker reading when probes may pass, or {@link Long#MIN_VALUE} if no time
   *     is known
   * @param ticker the breaker's ticker
   * @param timestamp when the period began
   * @return the exception
   */
  static CallNotPermittedException countingDown(
      String breaker, CircuitBreakerState state, long openUntil, Ticker ticker, Instant timestamp) {
    return new CallNotPermittedException(
        breaker, state, openUntil, Objects.requireNonNull(ticker, "ticker"), null, timestamp);
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
  public Optional<Duration> remainingOpen() {
    if (ticker == null) {
      return Optional.ofNullable(remaining);
    }
    if (openUntil == Long.MIN_VALUE) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofNanos(Math.max(0, openUntil - ticker.read())));
  }

  @Override
  public String getMessage() {
    return remainingOpen()
        .map(left -> super.getMessage() + " (open for another " + Durations.human(left) + ")")
        .orElseGet(super::getMessage);
  }
}
