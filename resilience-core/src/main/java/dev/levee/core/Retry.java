package dev.levee.core;

import dev.levee.common.internal.Require;
import dev.levee.core.internal.StripedCounter;
import dev.levee.core.internal.Tasks;
import dev.levee.errors.ErrorCategory;
import dev.levee.timeouts.ContextSnapshot;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Tries a call again when it fails in a way that a retry can fix.
 *
 * <pre>{@code
 * Retry retry = Retry.of("db", RetryConfig.builder("db")
 *     .maxRetries(3)
 *     .backoff(Backoff.exponential(ofMillis(50), 2, ofSeconds(2)).withJitter(Backoff.Jitter.FULL))
 *     .budget(dbBudget)
 *     .build());
 * Row row = retry.call(() -> repository.load(id));
 * }</pre>
 *
 * <p>Category-aware (see {@link RetryConfig}): RETRIABLE failures wait the backoff's delay,
 * TRANSIENT ones longer or as long as their retry-after hint says, FATAL and INVALID_INPUT are
 * tried once. The retry never waits past the caller's {@link dev.levee.timeouts.Deadline} or its
 * {@code maxDuration}: when the next wait would pass either, it stops at once with the last
 * failure. An interrupt stops it at once, with the interrupt flag kept. A {@link RetryBudget} caps
 * retries to a share of calls. When it gives up, the caller gets the last failure as it was thrown,
 * with a {@link RetryStoppedException} attached as suppressed (attempts, reason, category); the
 * give-up is logged (at most once a second per retry, with a count of lines suppressed) and
 * reported to listeners.
 *
 * <p>Cost: a call that succeeds at once costs a field read and, with a budget, a read of the
 * budget; it allocates nothing and reads no clock (unless {@code maxDuration} is set, which needs
 * the start time). This class is thread-safe.
 */
public final class Retry extends Policy {
  private static final long NO_START = Long.MIN_VALUE;

  private final String name;
  private final RetryConfig config;
  private final Clock clock = Clock.systemUTC();
  private final RetryEvents events;
  private final RetryDecision decision;

  private final RetryBudget budget;
  private final java.util.function.Predicate<Object> retryOnResult;
  private final boolean general;

  private final StripedCounter successWithoutRetry = new StripedCounter();
  private final LongAdder successWithRetry = new LongAdder();
  private final LongAdder failedWithoutRetry = new LongAdder();
  private final LongAdder failedWithRetry = new LongAdder();
  private final LongAdder retries = new LongAdder();
  private final LongAdder budgetRefusals = new LongAdder();

  private Retry(String name, RetryConfig config) {
    this.name = name;
    this.config = config;
    this.events = new RetryEvents(name, config.ticker());
    this.decision = new RetryDecision(config);
    this.budget = config.budget();
    this.retryOnResult = config.retryOnResult();
    this.general = config.timeLimiter() != null || config.maxDuration() != null;
  }

  /**
   * Creates a retry.
   *
   * @param name names it in logs, metrics and errors
   * @param config its configuration
   * @return the retry
   */
  public static Retry of(String name, RetryConfig config) {
    Require.notBlank("retry: name", name);
    Objects.requireNonNull(config, "config");
    return new Retry(name, config);
  }

  /**
   * A registry of retries, created on first use from {@code defaults} or named templates.
   *
   * @param defaults the default template
   * @return an empty registry
   */
  public static Registry<Retry, RetryConfig> registry(RetryConfig defaults) {
    return Registry.of("retry", defaults, Retry::of);
  }

  /**
   * The retry's name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * The retry's configuration.
   *
   * @return the configuration
   */
  public RetryConfig config() {
    return config;
  }

  // ---- blocking ---------------------------------------------------------------------------

  /**
   * The policies a {@link Pipeline} runs inside each attempt: the retry loop calls it instead of
   * the bare task, so a pipeline needs no adapter object per call.
   */
  interface Stage {
    Object run(Object task, int kind) throws Exception;

    /** Whether another attempt could pass now (false while the pipeline's breaker is open). */
    default boolean mayRetry() {
      return true;
    }
  }

  /** Runs the task, retrying as configured. */
  @Override
  Object execute(Object task, int kind) throws Exception {
    return callStaged(null, task, kind);
  }

  /**
   * The retry loop around {@code stage} (a pipeline's inner stages), or around the bare task when
   * {@code stage} is {@code null}.
   */
  @SuppressWarnings("unchecked")
  <T> T callStaged(Stage stage, Object task, int kind) throws Exception {
    onCall();
    if (general) {
      long start = config.maxDuration() != null ? config.ticker().read() : NO_START;
      return loopFrom(stage, task, kind, start, null);
    }
    T result;
    try {
      result = (T) (stage == null ? Tasks.run(task, kind) : stage.run(task, kind));
    } catch (Throwable failure) {
      return loopFrom(stage, task, kind, NO_START, new Outcome<>(failure, null));
    }
    return firstResult(stage, task, kind, result);
  }

  // The one fast path above is the first attempt, inline, for the common configuration (no
  // attempt timeout, no max duration): a success costs the call, the budget's and the result
  // predicate's null checks and one counter add. Everything else (a failure, a retried result,
  // the general configuration) goes through the loop below, which takes the task as it is
  // (Callable, Supplier or Runnable), so no shape needs an adapter object per call.

  private void onCall() {
    if (budget != null) {
      budget.onCall();
    }
  }

  private <T> T firstResult(Stage stage, Object task, int kind, T result) throws Exception {
    if (retryOnResult == null || !retryOnResult.test(result)) {
      successWithoutRetry.increment();
      return result;
    }
    return loopFrom(stage, task, kind, NO_START, new Outcome<>(null, result));
  }

  /** What an attempt gave: a failure, or a result. */
  private static final class Outcome<T> {
    final Throwable failure;
    final T result;

    Outcome(Throwable failure, T result) {
      this.failure = failure;
      this.result = result;
    }
  }

  /**
   * The loop: attempts until a result is not retried or retrying stops. {@code given} is the first
   * attempt's outcome when the fast path made it ({@code null} to make it here).
   */
  @SuppressWarnings("unchecked")
  private <T> T loopFrom(Stage stage, Object task, int kind, long start, Outcome<T> given)
      throws Exception {
    long previousDelay = 0;
    Outcome<T> outcome = given;
    for (int attempt = 1; ; attempt++) {
      if (outcome == null) {
        try {
          outcome = new Outcome<>(null, (T) attempt(stage, task, kind));
        } catch (Throwable failure) {
          outcome = new Outcome<>(failure, null);
        }
      }
      Throwable failure = outcome.failure;
      T result = outcome.result;
      outcome = null;
      if (failure == null && (retryOnResult == null || !retryOnResult.test(result))) {
        if (attempt == 1) {
          successWithoutRetry.increment();
        } else {
          successWithRetry.increment();
        }
        return result;
      }
      long delay = decide(stage, attempt, failure, previousDelay, start);
      if (delay < 0 || !pause(attempt, delay, failure)) {
        Exception thrown =
            giveUp(attempt, failure, delay < 0 ? (int) delay : RetryDecision.INTERRUPTED);
        if (failure == null) {
          return result; // the last result as it is: nothing better came
        }
        throw thrown;
      }
      previousDelay = delay;
    }
  }

  private Object attempt(Stage stage, Object task, int kind) throws Exception {
    if (config.timeLimiter() != null) {
      return config
          .timeLimiter()
          .call(
              name,
              config.attemptTimeout(),
              () -> stage == null ? Tasks.run(task, kind) : stage.run(task, kind),
              null);
    }
    return stage == null ? Tasks.run(task, kind) : stage.run(task, kind);
  }

  /** Waits before the next attempt; {@code false} if interrupted (the flag is kept set). */
  private boolean pause(int attempt, long delay, Throwable failure) {
    notifyRetry(attempt, delay, failure);
    try {
      config.sleeper().sleep(delay);
      return true;
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  // ---- asynchronous -----------------------------------------------------------------------

  /**
   * Starts asynchronous work, and starts it again on the configured scheduler while it fails in a
   * retryable way. The caller's deadline and SLF4J MDC travel to every attempt.
   *
   * @param <T> the result type
   * @param supplier starts the work
   * @return the outcome of the last attempt
   * @throws IllegalStateException if no scheduler is configured
   */
  public <T> CompletableFuture<T> callAsync(Supplier<? extends CompletionStage<T>> supplier) {
    Objects.requireNonNull(supplier, "supplier");
    if (config.scheduler() == null) {
      throw new IllegalStateException(
          "retry \"" + name + "\": callAsync needs a scheduler (RetryConfig.Builder.scheduler)");
    }
    onCall();
    long start = config.maxDuration() != null ? config.ticker().read() : NO_START;
    return new RetryAsync<T>(this, supplier, ContextSnapshot.capture(), start).start();
  }

  /** Counts a call that ended in success after {@code attempt} attempts. */
  void succeeded(int attempt) {
    if (attempt == 1) {
      successWithoutRetry.increment();
    } else {
      successWithRetry.increment();
    }
  }

  /** Whether a result is one the configuration retries. */
  boolean retriesResult(Object value) {
    return retryOnResult != null && retryOnResult.test(value);
  }

  // ---- deciding: RetryDecision says whether and how long; this class counts -----------------

  /** The delay before retrying after {@code attempt}, or a negative reason to stop. */
  long decide(int attempt, Throwable failure, long previousDelay, long start) {
    return decide(null, attempt, failure, previousDelay, start);
  }

  private long decide(Stage stage, int attempt, Throwable failure, long previousDelay, long start) {
    long delay =
        decision.decide(stage == null || stage.mayRetry(), attempt, failure, previousDelay, start);
    if (delay >= 0) {
      retries.increment();
    } else if (delay == RetryDecision.BUDGET) {
      budgetRefusals.increment();
    }
    return delay;
  }

  Exception giveUp(int attempts, Throwable failure, int code) {
    (attempts == 1 ? failedWithoutRetry : failedWithRetry).increment();
    RetryStopReason reason = RetryDecision.reason(code);
    if (failure != null && reason.isSurprise()) {
      ErrorCategory category = config.classifier().classify(failure);
      failure.addSuppressed(
          new RetryStoppedException(name, attempts, reason, category, clock.instant()));
    }
    events.gaveUp(attempts, reason, failure);
    if (failure == null || failure instanceof Exception) {
      return (Exception) failure;
    }
    if (failure instanceof Error) {
      throw (Error) failure;
    }
    return new java.lang.reflect.UndeclaredThrowableException(failure);
  }

  void notifyRetry(int attempt, long delay, Throwable failure) {
    events.retrying(attempt, delay, failure);
  }

  // ---- reading ------------------------------------------------------------------------------

  /**
   * Calls that succeeded at the first attempt.
   *
   * @return the count
   */
  public long successWithoutRetryCount() {
    return successWithoutRetry.sum();
  }

  /**
   * Calls that succeeded after one or more retries.
   *
   * @return the count
   */
  public long successWithRetryCount() {
    return successWithRetry.sum();
  }

  /**
   * Calls that failed at the first attempt and were not retried.
   *
   * @return the count
   */
  public long failedWithoutRetryCount() {
    return failedWithoutRetry.sum();
  }

  /**
   * Calls that failed after one or more retries.
   *
   * @return the count
   */
  public long failedWithRetryCount() {
    return failedWithRetry.sum();
  }

  /**
   * Retries made (attempts after the first).
   *
   * @return the count
   */
  public long retryCount() {
    return retries.sum();
  }

  /**
   * Retries the budget refused.
   *
   * @return the count
   */
  public long budgetExhaustedCount() {
    return budgetRefusals.sum();
  }

  /**
   * Adds a listener.
   *
   * @param listener the listener
   */
  public void addListener(RetryListener listener) {
    events.add(listener);
  }

  /**
   * Removes a listener.
   *
   * @param listener the listener
   * @return whether it was registered
   */
  public boolean removeListener(RetryListener listener) {
    return events.remove(listener);
  }

  @Override
  public String toString() {
    return "Retry[" + name + "]";
  }
}
