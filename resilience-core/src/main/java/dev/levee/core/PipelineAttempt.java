package dev.levee.core;

import dev.levee.core.internal.Tasks;
import dev.levee.timeouts.Ticker;
import dev.levee.timeouts.TimeLimiter;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * One attempt through a {@link Pipeline}'s inner stages, in order: the breaker's permit, a rate
 * limiter permit, the throttle's decision, a bulkhead place, an adaptive limiter place, in-flight
 * tracking, the time limit, the call; then the outcome, recorded with the adaptive limiter, the
 * throttle and the breaker. The retry runs it once per attempt, blocking ({@link #run}) or not
 * ({@link #runAsync}); both share {@link #admit()} and {@link #finish}. Thread-safe.
 */
final class PipelineAttempt implements Retry.Stage {
  private final String name;
  private final Duration timeout;
  private final CircuitBreaker breaker;
  private final RateLimiter rateLimiter;
  private final AdaptiveThrottle throttle;
  private final Bulkhead bulkhead;
  private final AdaptiveLimiter limiter;
  private final InFlightTracker inFlight;
  private final TimeLimiter timeLimiter;
  private final boolean timesCalls; // the breaker detects slow calls: time each attempt's call
  private final Ticker breakerTicker;

  PipelineAttempt(
      String name,
      Duration timeout,
      CircuitBreaker breaker,
      RateLimiter rateLimiter,
      AdaptiveThrottle throttle,
      Bulkhead bulkhead,
      AdaptiveLimiter limiter,
      InFlightTracker inFlight,
      TimeLimiter timeLimiter) {
    this.name = name;
    this.timeout = timeout;
    this.breaker = breaker;
    this.rateLimiter = rateLimiter;
    this.throttle = throttle;
    this.bulkhead = bulkhead;
    this.limiter = limiter;
    this.inFlight = inFlight;
    this.timeLimiter = timeLimiter;
    this.timesCalls = breaker != null && breaker.config().detectsSlowCalls();
    this.breakerTicker = breaker == null ? null : breaker.config().ticker();
  }

  @Override
  public Object run(Object task, int kind) throws Exception {
    long permit = admit();
    long place = limit(permit);
    long start = timesCalls ? breakerTicker.read() : 0;
    Object result;
    try {
      result = tracked(task, kind);
    } catch (Throwable e) {
      finish(permit, place, start, null, e);
      throw e;
    }
    finish(permit, place, start, result, null);
    return result;
  }

  @Override
  public boolean mayRetry() {
    return breaker == null || breaker.state().permitsCalls();
  }

  /** One asynchronous attempt: the stages are held until the work's stage completes. */
  <T> CompletionStage<T> runAsync(Supplier<? extends CompletionStage<T>> supplier) {
    long permit;
    long place;
    try {
      permit = admit();
      place = limit(permit);
    } catch (RuntimeException rejected) {
      return CompletableFuture.failedFuture(rejected);
    }
    long start = timesCalls ? breakerTicker.read() : 0;
    CompletionStage<T> stage;
    try {
      stage = Objects.requireNonNull(supplier.get(), "supplier returned a null stage");
    } catch (Throwable e) {
      finish(permit, place, start, null, e);
      return CompletableFuture.failedFuture(e);
    }
    return stage.whenComplete((v, e) -> finish(permit, place, start, v, Tasks.cause(e)));
  }

  /**
   * Takes the breaker's permit, a rate limiter permit, the throttle's decision and a bulkhead
   * place, in that order. A rejection gives back what was taken (the breaker records nothing, the
   * throttle forgets the request: the dependency was never called) and is thrown.
   *
   * @return the breaker's permit (0 without a breaker)
   */
  private long admit() {
    long permit = 0;
    if (breaker != null) {
      permit = breaker.tryAcquire();
      if (permit < 0) {
        throw breaker.rejection();
      }
    }
    try {
      if (rateLimiter != null) {
        rateLimiter.acquirePermission();
      }
      if (throttle != null && !throttle.tryAcquire()) {
        throw throttle.rejection();
      }
      if (bulkhead != null && !bulkhead.acquire()) {
        if (throttle != null) {
          throttle.onNotSent();
        }
        throw bulkhead.rejection();
      }
    } catch (RuntimeException rejected) {
      if (breaker != null) {
        breaker.release(permit);
      }
      throw rejected;
    }
    return permit;
  }

  /**
   * Takes an adaptive limiter place, after everything {@link #admit()} took. A rejection gives all
   * of that back (the bulkhead place, the throttle's request, the breaker's permit) and is thrown.
   *
   * @param permit the breaker's permit
   * @return the limiter's permit (0 without a limiter)
   */
  private long limit(long permit) {
    if (limiter == null) {
      return 0;
    }
    long place = limiter.tryAcquire();
    if (place == AdaptiveLimiter.REJECTED) {
      if (bulkhead != null) {
        bulkhead.release();
      }
      if (throttle != null) {
        throttle.onNotSent();
      }
      if (breaker != null) {
        breaker.release(permit);
      }
      throw limiter.rejection();
    }
    return place;
  }

  /**
   * Gives the limiter and bulkhead places back and records the outcome with the adaptive limiter,
   * the throttle and the breaker.
   */
  private void finish(long permit, long place, long start, Object result, Throwable failure) {
    long nanos = timesCalls ? breakerTicker.read() - start : 0;
    if (limiter != null) {
      if (failure == null) {
        limiter.onSuccess(place);
      } else {
        limiter.onFailure(place, failure);
      }
    }
    if (bulkhead != null) {
      bulkhead.release();
    }
    if (throttle != null) {
      if (failure == null) {
        throttle.onAccepted();
      } else {
        throttle.onFailure(failure);
      }
    }
    if (breaker != null) {
      if (failure == null) {
        breaker.onResult(permit, nanos, result);
      } else {
        breaker.onFailure(permit, nanos, failure);
      }
    }
  }

  private Object tracked(Object task, int kind) throws Exception {
    if (inFlight == null) {
      return limitedInTime(task, kind);
    }
    long token = inFlight.enter();
    try {
      return limitedInTime(task, kind);
    } finally {
      inFlight.exit(token);
    }
  }

  private Object limitedInTime(Object task, int kind) throws Exception {
    if (timeLimiter == null) {
      return Tasks.run(task, kind);
    }
    // With a pipeline timeout, the limit is what remains of its deadline (or the caller's, if
    // earlier); without one, the limiter's timeout for this pipeline's name.
    // A Callable goes to the limiter as it is: with a caller-thread limiter the call then allocates
    // nothing; a Supplier or Runnable needs an adapter.
    Callable<?> work = kind == Tasks.CALLABLE ? (Callable<?>) task : () -> Tasks.run(task, kind);
    return timeout != null
        ? timeLimiter.call(name, timeout, work, null)
        : timeLimiter.call(name, work);
  }
}
