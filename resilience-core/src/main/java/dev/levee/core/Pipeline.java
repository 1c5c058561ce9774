package dev.levee.core;

import dev.levee.common.internal.ListenerList;
import dev.levee.common.internal.Require;
import dev.levee.core.internal.Tasks;
import dev.levee.timeouts.Deadline;
import dev.levee.timeouts.Durations;
import dev.levee.timeouts.Ticker;
import dev.levee.timeouts.TimeLimiter;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Several policies around one call, composed in one fixed, documented order:
 *
 * <pre>
 * deadline → timeout → retry → hedge (asynchronous calls) → circuit breaker → rate limiter
 *          → throttle → bulkhead → adaptive limiter → in-flight tracking → time limiter → the call
 * </pre>
 *
 * <ul>
 *   <li>{@code timeout} bounds the whole call, retries and waits included: it binds a {@link
 *       Deadline} (the earlier of the caller's and this one), which the retry never waits past and
 *       the time limiter enforces on each attempt.
 *   <li>Every attempt of the retry goes through the breaker and the limiters: an open breaker stops
 *       the retries at once (no wait), and retries are paced by the rate limiter like any call.
 *   <li>The bulkhead, the adaptive limiter and the in-flight tracker hold a place only while an
 *       attempt runs, never during a retry's wait. The adaptive limiter sits inside the bulkhead:
 *       the bulkhead is a fixed ceiling, the limiter follows the dependency's measured capacity
 *       below it, and sees each attempt's outcome (a time-out or a TRANSIENT failure is a drop).
 *   <li>A {@link Hedge} sends a second attempt of an asynchronous call through the breaker, the
 *       limiters and the bulkhead like the first; the attempt that loses is cancelled, which frees
 *       its places and records nothing with the breaker.
 *   <li>An optional {@link CallObserver} (a latency timer) sees the whole call from outside the
 *       timeout: what the caller waited, retries and rejections included.
 * </ul>
 *
 * <pre>{@code
 * Pipeline db = Pipeline.builder("db")
 *     .timeout(Duration.ofSeconds(2))
 *     .retry(retry).circuitBreaker(breaker).rateLimiter(limiter).bulkhead(bulkhead)
 *     .inFlight(tracker).timeLimiter(timeLimiter)
 *     .build();
 * Row row = db.call(() -> repository.load(id));
 * Supplier<Row> decorated = db.decorateSupplier(() -> repository.load(id));
 * }</pre>
 *
 * <p>Every stage is optional. Without a time limiter, a call through the pipeline allocates
 * nothing; without a timeout as well, it reads no clock unless a stage needs one (a time window,
 * slow-call detection). A timeout reads the pipeline's ticker once a call (give it a {@link
 * dev.levee.timeouts.CoarseTicker} to make that a volatile read). This class is thread-safe.
 */
public final class Pipeline extends Policy {
  private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

  private final String name;
  private final Duration timeout;
  private final long timeoutNanos;
  private final Ticker ticker;
  private final Retry retry;
  private final CallObserver observer;
  private final Hedge hedge;
  private final PipelineAttempt attempt; // breaker, limiters, bulkhead, tracking, time limit

  private Pipeline(Builder b) {
    this.name = b.name;
    this.timeout = b.timeout;
    this.timeoutNanos = b.timeout == null ? 0 : Durations.saturatedNanos(b.timeout);
    this.ticker = b.ticker;
    this.retry = b.retry;
    this.observer = b.observer;
    this.hedge = b.hedge;
    this.attempt =
        new PipelineAttempt(
            b.name,
            b.timeout,
            b.breaker,
            b.rateLimiter,
            b.throttle,
            b.bulkhead,
            b.adaptiveLimiter,
            b.inFlight,
            b.timeLimiter);
  }

  /**
   * Starts a pipeline.
   *
   * @param name names it (and its time limiter's operation)
   * @return a builder with no stage
   */
  public static Builder builder(String name) {
    return new Builder(Require.notBlank("pipeline: name", name));
  }

  /**
   * The pipeline's name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Starts asynchronous work through the stages that apply to it: the breaker, the limiters and the
   * bulkhead around each attempt (held until the attempt's stage completes), the hedge around them
   * (a second attempt through them after its delay), the retry around that (on its scheduler), and
   * the pipeline's timeout, as a deadline. The time limiter and the in-flight tracker do not apply:
   * nothing blocks.
   *
   * @param <T> the result type
   * @param supplier starts the work
   * @return the outcome
   */
  public <T> CompletableFuture<T> callAsync(Supplier<? extends CompletionStage<T>> supplier) {
    Objects.requireNonNull(supplier, "supplier");
    if (observer == null) {
      return scopedAsync(supplier);
    }
    long token = started();
    CompletableFuture<T> outcome;
    try {
      outcome = scopedAsync(supplier);
    } catch (RuntimeException | Error e) {
      ended(token, e);
      throw e;
    }
    return outcome.whenComplete((v, e) -> ended(token, Tasks.cause(e)));
  }

  private <T> CompletableFuture<T> scopedAsync(Supplier<? extends CompletionStage<T>> supplier) {
    int token = timeout == null ? 0 : Deadline.narrowAfterNanos(timeoutNanos, ticker);
    try {
      Supplier<CompletionStage<T>> once =
          hedge == null
              ? () -> attempt.runAsync(supplier)
              : () -> hedge.callAsync(supplier, attempt::runAsync);
      return retry != null ? retry.callAsync(once) : once.get().toCompletableFuture();
    } finally {
      if (token != 0) {
        Deadline.restore(token);
      }
    }
  }

  /** Runs the task through every stage. */
  @Override
  Object execute(Object task, int kind) throws Exception {
    if (observer == null) {
      return scoped(task, kind);
    }
    long token = started();
    Object result;
    try {
      result = scoped(task, kind);
    } catch (Throwable e) {
      ended(token, e);
      throw e;
    }
    ended(token, null);
    return result;
  }

  private long started() {
    try {
      return observer.onStart();
    } catch (RuntimeException e) {
      ListenerList.failed(LOG, "pipeline", name, observer, e);
      return 0;
    }
  }

  private void ended(long token, Throwable failure) {
    try {
      observer.onEnd(token, failure);
    } catch (RuntimeException e) {
      ListenerList.failed(LOG, "pipeline", name, observer, e);
    }
  }

  @SuppressWarnings("unchecked")
  private <T> T scoped(Object task, int kind) throws Exception {
    if (timeout == null) {
      return retry != null ? retry.callStaged(attempt, task, kind) : (T) attempt.run(task, kind);
    }
    // A token, not a Deadline.Scope: a scope is an object, which only escape analysis removes.
    int token = Deadline.narrowAfterNanos(timeoutNanos, ticker);
    try {
      return retry != null ? retry.callStaged(attempt, task, kind) : (T) attempt.run(task, kind);
    } finally {
      Deadline.restore(token);
    }
  }

  @Override
  public String toString() {
    return "Pipeline[" + name + "]";
  }

  /** Builds a {@link Pipeline}; every stage is optional. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private Duration timeout;
    private Ticker ticker = Ticker.system();
    private Retry retry;
    private CircuitBreaker breaker;
    private RateLimiter rateLimiter;
    private AdaptiveThrottle throttle;
    private Bulkhead bulkhead;
    private AdaptiveLimiter adaptiveLimiter;
    private InFlightTracker inFlight;
    private TimeLimiter timeLimiter;
    private CallObserver observer;
    private Hedge hedge;

    private Builder(String name) {
      this.name = name;
    }

    /**
     * Bounds the whole call, retries and waits included, with a deadline (the earlier of the
     * caller's and this one).
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException(
            "pipeline \""
                + name
                + "\": timeout must be positive, was "
                + Durations.format(timeout));
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * Sets the ticker the timeout's deadline is measured on.
     *
     * @param ticker the ticker
     * @return this builder
     */
    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /**
     * Retries failed attempts.
     *
     * @param retry the retry
     * @return this builder
     */
    public Builder retry(Retry retry) {
      this.retry = Objects.requireNonNull(retry, "retry");
      return this;
    }

    /**
     * Hedges each attempt of an asynchronous call ({@link Pipeline#callAsync}): after the hedge's
     * delay, a second attempt goes through the breaker, the limiters and the bulkhead, and the
     * first success wins. Blocking calls through this pipeline are not hedged: the caller's thread
     * would have to wait while the attempts ran on other threads, one each. To hedge blocking work,
     * call {@link Hedge#call} (with an executor) around it.
     *
     * @param hedge the hedge
     * @return this builder
     */
    public Builder hedge(Hedge hedge) {
      this.hedge = Objects.requireNonNull(hedge, "hedge");
      return this;
    }

    /**
     * Guards each attempt with a breaker.
     *
     * @param breaker the breaker
     * @return this builder
     */
    public Builder circuitBreaker(CircuitBreaker breaker) {
      this.breaker = Objects.requireNonNull(breaker, "circuitBreaker");
      return this;
    }

    /**
     * Paces each attempt with a rate limiter (never waits for a permit).
     *
     * @param limiter the limiter
     * @return this builder
     */
    public Builder rateLimiter(RateLimiter limiter) {
      this.rateLimiter = Objects.requireNonNull(limiter, "rateLimiter");
      return this;
    }

    /**
     * Throttles attempts adaptively.
     *
     * @param throttle the throttle
     * @return this builder
     */
    public Builder throttle(AdaptiveThrottle throttle) {
      this.throttle = Objects.requireNonNull(throttle, "throttle");
      return this;
    }

    /**
     * Caps the attempts in flight.
     *
     * @param bulkhead the bulkhead
     * @return this builder
     */
    public Builder bulkhead(Bulkhead bulkhead) {
      this.bulkhead = Objects.requireNonNull(bulkhead, "bulkhead");
      return this;
    }

    /**
     * Caps the attempts in flight with a limit that follows the dependency's measured latency
     * (inside the bulkhead, if there is one). Each attempt's outcome is a sample: a time-out of the
     * time limiter or a TRANSIENT failure is a drop.
     *
     * @param limiter the adaptive limiter
     * @return this builder
     */
    public Builder adaptiveLimiter(AdaptiveLimiter limiter) {
      this.adaptiveLimiter = Objects.requireNonNull(limiter, "adaptiveLimiter");
      return this;
    }

    /**
     * Tracks attempts in flight (for hung-call checks and graceful shutdown).
     *
     * @param tracker the tracker
     * @return this builder
     */
    public Builder inFlight(InFlightTracker tracker) {
      this.inFlight = Objects.requireNonNull(tracker, "inFlight");
      return this;
    }

    /**
     * Enforces the deadline on each blocking attempt with a time limiter (which stays the caller's
     * to close): the attempt is interrupted when the pipeline's timeout (or the caller's deadline)
     * runs out. Without a timeout, the limiter's own timeout for this pipeline's name applies.
     *
     * @param limiter the time limiter
     * @return this builder
     */
    public Builder timeLimiter(TimeLimiter limiter) {
      this.timeLimiter = Objects.requireNonNull(limiter, "timeLimiter");
      return this;
    }

    /**
     * Tells {@code observer} of every call's start and outcome, retries and waits included (a
     * per-call latency timer). Off by default.
     *
     * @param observer the observer
     * @return this builder
     */
    public Builder observer(CallObserver observer) {
      this.observer = Objects.requireNonNull(observer, "observer");
      return this;
    }

    /**
     * Builds the pipeline.
     *
     * @return the pipeline
     */
    public Pipeline build() {
      return new Pipeline(this);
    }
  }
}
