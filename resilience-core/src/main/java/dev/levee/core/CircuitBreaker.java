package dev.levee.core;

import dev.levee.common.internal.Require;
import dev.levee.core.internal.BreakerMachine;
import dev.levee.core.internal.Tasks;
import dev.levee.errors.ErrorCategory;
import dev.levee.errors.ErrorClassifier;
import dev.levee.timeouts.Ticker;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A circuit breaker: stops calling a dependency that keeps failing, and tries it again after a
 * while.
 *
 * <pre>{@code
 * CircuitBreaker db = CircuitBreaker.of("db", CircuitBreakerConfig.builder("db")
 *     .countWindow(100).minimumCalls(20).failureRateThreshold(50)
 *     .openDuration(Duration.ofSeconds(30))
 *     .build());
 * Row row = db.call(() -> repository.load(id));   // CallNotPermittedException while open
 * }</pre>
 *
 * <p>States: CLOSED records outcomes and opens by its {@link TripMode}; OPEN rejects until the open
 * duration has passed (optionally growing with each consecutive re-open); HALF_OPEN lets {@code
 * halfOpenMaxCalls} probes through at once, closes after {@code successThreshold} successes and
 * opens again on a failure. FORCED_OPEN, DISABLED and METRICS_ONLY are entered by {@link
 * #transitionTo(CircuitBreakerState, String)}. {@link #state()} is time-aware: an open breaker
 * whose time is up reports (and becomes) HALF_OPEN without waiting for a call or a thread.
 *
 * <p>Cost. Permitting a call in CLOSED is one volatile read; recording a success is a striped
 * increment plus what the trip mode needs (a shared read for consecutive failures; a slot CAS for a
 * count window; a ticker read and an increment for a time window). Rejecting in OPEN reads the
 * ticker once. Nothing allocates on these paths, including rejection: all rejections of one open
 * period share one {@link CallNotPermittedException}, which has no stack trace. The ticker is read
 * around a call only when slow-call detection is on.
 *
 * <p>Manual permits, for code that cannot hand the breaker a lambda:
 *
 * <pre>{@code
 * long permit = breaker.tryAcquire();
 * if (permit == CircuitBreaker.NOT_PERMITTED) { ... fail fast ... }
 * try { send(); breaker.onSuccess(permit, 0); }
 * catch (IOException e) { breaker.onFailure(permit, 0, e); throw e; }
 * }</pre>
 *
 * Every permit must be reported exactly once ({@code onSuccess}, {@code onFailure}, {@code
 * onResult} or {@code release}): a half-open probe that is never reported holds its slot until
 * {@code halfOpenMaxWait} reclaims it. An outcome reported after the breaker changed state is
 * counted in the totals but not judged: it belongs to a state that is gone.
 *
 * <p>This class is thread-safe.
 */
public final class CircuitBreaker extends Policy {
  /** What {@link #tryAcquire()} returns when the call is not permitted. */
  public static final long NOT_PERMITTED = -1L;

  /** How many transitions {@link #recentTransitions()} keeps. */
  public static final int TRANSITION_HISTORY = 16;

  private final String name;
  private final CircuitBreakerConfig config;
  private final BreakerMachine machine;
  private final Ticker ticker;
  private final boolean timesCalls;
  private final ErrorClassifier classifier;
  private final Predicate<? super Throwable> ignoreIf;
  private final Predicate<? super Throwable> recordIf;
  private final Predicate<Object> failOnResult;

  private CircuitBreaker(String name, CircuitBreakerConfig config) {
    this.name = name;
    this.config = config;
    this.machine = new BreakerMachine(name, config, CallNotPermittedException::countingDown);
    this.ticker = config.ticker();
    this.timesCalls = machine.timesCalls();
    this.classifier = config.classifier();
    this.ignoreIf = config.ignoreIf();
    this.recordIf = config.recordIf();
    this.failOnResult = config.failOnResult();
  }

  /**
   * Creates a closed breaker.
   *
   * @param name names the breaker in logs, metrics and errors
   * @param config its configuration
   * @return the breaker
   * @throws IllegalArgumentException if the name is blank
   */
  public static CircuitBreaker of(String name, CircuitBreakerConfig config) {
    Require.notBlank("circuitBreaker: name", name);
    Objects.requireNonNull(config, "config");
    return new CircuitBreaker(name, config);
  }

  /**
   * Creates a closed breaker with {@link CircuitBreakerConfig#defaults()}.
   *
   * @param name names the breaker
   * @return the breaker
   */
  public static CircuitBreaker of(String name) {
    return of(name, CircuitBreakerConfig.defaults());
  }

  /**
   * A registry of breakers, created on first use from {@code defaults} or named templates.
   *
   * @param defaults the default template
   * @return an empty registry
   */
  public static Registry<CircuitBreaker, CircuitBreakerConfig> registry(
      CircuitBreakerConfig defaults) {
    return Registry.of("circuitBreaker", defaults, CircuitBreaker::of);
  }

  /**
   * The breaker's name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * The breaker's configuration.
   *
   * @return the configuration
   */
  public CircuitBreakerConfig config() {
    return config;
  }

  // ---- decorated calls ----------------------------------------------------------------------

  /**
   * Runs the task if the breaker permits ({@link CallNotPermittedException} if not), and records
   * its outcome.
   */
  @Override
  Object execute(Object task, int kind) throws Exception {
    long permit = machine.tryAcquire();
    if (permit < 0) {
      throw machine.rejection();
    }
    long start = timesCalls ? ticker.read() : 0;
    Object result;
    try {
      result = Tasks.run(task, kind);
    } catch (Throwable e) {
      onError(permit, timesCalls ? ticker.read() - start : 0, e);
      throw e;
    }
    onValue(permit, timesCalls ? ticker.read() - start : 0, result);
    return result;
  }

  /**
   * Starts asynchronous work if the breaker permits, and records its outcome when it completes.
   *
   * @param <T> the result type
   * @param supplier starts the work
   * @return the work's outcome; failed with {@link CallNotPermittedException} if rejected.
   *     Cancelling it before the work completes releases the permit without recording anything.
   */
  public <T> CompletableFuture<T> callAsync(Supplier<? extends CompletionStage<T>> supplier) {
    CompletableFuture<T> result = new CompletableFuture<>();
    long permit = machine.tryAcquire();
    if (permit < 0) {
      result.completeExceptionally(machine.rejection());
      return result;
    }
    long start = ticker.read();
    CompletionStage<T> stage;
    try {
      stage = Objects.requireNonNull(supplier.get(), "supplier returned a null stage");
    } catch (Throwable e) {
      onError(permit, ticker.read() - start, e);
      result.completeExceptionally(e);
      return result;
    }
    stage.whenComplete(
        (value, error) -> {
          if (result.isCancelled()) {
            return; // released when it was cancelled
          }
          long nanos = ticker.read() - start;
          if (error == null) {
            onValue(permit, nanos, value);
            result.complete(value);
          } else {
            Throwable cause = Tasks.cause(error);
            onError(permit, nanos, cause);
            result.completeExceptionally(cause);
          }
        });
    result.whenComplete(
        (value, error) -> {
          if (result.isCancelled()) {
            machine.onIgnored(permit, false);
            stage.toCompletableFuture().cancel(true);
          }
        });
    return result;
  }

  // ---- manual permits -----------------------------------------------------------------------

  /**
   * Asks for permission to make a call, without allocating.
   *
   * @return a permit to report the outcome with, or {@link #NOT_PERMITTED}
   */
  public long tryAcquire() {
    return machine.tryAcquire();
  }

  /**
   * Reports that a permitted call succeeded.
   *
   * @param permit the permit {@link #tryAcquire()} returned
   * @param nanos how long the call took, for slow-call detection (0 if not measured)
   * @throws IllegalArgumentException if {@code permit} is {@link #NOT_PERMITTED}
   */
  public void onSuccess(long permit, long nanos) {
    machine.onOutcome(permit, nanos, false);
  }

  /**
   * Reports that a permitted call threw, without a duration.
   *
   * @param permit the permit {@link #tryAcquire()} returned
   * @param error what it threw; classified as described in {@link CircuitBreakerConfig}
   * @throws IllegalArgumentException if {@code permit} is {@link #NOT_PERMITTED}
   */
  public void onFailure(long permit, Throwable error) {
    onError(permit, 0, error);
  }

  /**
   * Reports that a permitted call threw.
   *
   * @param permit the permit {@link #tryAcquire()} returned
   * @param nanos how long the call took (0 if not measured)
   * @param error what it threw; classified as described in {@link CircuitBreakerConfig}
   * @throws IllegalArgumentException if {@code permit} is {@link #NOT_PERMITTED}
   */
  public void onFailure(long permit, long nanos, Throwable error) {
    onError(permit, nanos, error);
  }

  /**
   * Reports that a permitted call returned {@code result}, which the {@code failOnResult} predicate
   * may judge a failure.
   *
   * @param permit the permit {@link #tryAcquire()} returned
   * @param nanos how long the call took (0 if not measured)
   * @param result what it returned
   * @throws IllegalArgumentException if {@code permit} is {@link #NOT_PERMITTED}
   */
  public void onResult(long permit, long nanos, Object result) {
    onValue(permit, nanos, result);
  }

  /**
   * Gives a permit back without an outcome (the call was cancelled or never made): nothing is
   * recorded, and a half-open probe slot is freed.
   *
   * @param permit the permit {@link #tryAcquire()} returned
   * @throws IllegalArgumentException if {@code permit} is {@link #NOT_PERMITTED}
   */
  public void release(long permit) {
    machine.onIgnored(permit, false);
  }

  /**
   * The exception to throw for a rejected manual permit: the one all rejections of the current open
   * period share.
   *
   * @return the exception
   */
  public CallNotPermittedException rejection() {
    return machine.rejection();
  }

  private void onValue(long permit, long nanos, Object result) {
    machine.onOutcome(permit, nanos, failOnResult != null && failOnResult.test(result));
  }

  private void onError(long permit, long nanos, Throwable error) {
    if (ignoreIf != null && ignoreIf.test(error)) {
      machine.onIgnored(permit, true);
    } else if (recordIf != null && recordIf.test(error)) {
      machine.onOutcome(permit, nanos, true);
    } else if (isLocalRejection(error)) {
      machine.onIgnored(permit, false); // the dependency was never called: nothing to record
    } else if (error instanceof CancellationException) {
      machine.onIgnored(permit, false); // cancelled (a hedge's loser): says nothing of the call
    } else if (classifier.classify(error) == ErrorCategory.INVALID_INPUT) {
      machine.onIgnored(permit, true);
    } else {
      machine.onOutcome(permit, nanos, true);
    }
  }

  /** Levee's own refusals: a breaker, rate limiter, throttle or bulkhead refused the call. */
  private static boolean isLocalRejection(Throwable error) {
    return error instanceof CallNotPermittedException
        || error instanceof RequestNotPermittedException
        || error instanceof BulkheadFullException;
  }

  // ---- state --------------------------------------------------------------------------------

  /**
   * The current state. Time-aware: an open breaker whose open duration has passed moves to
   * half-open on this read.
   *
   * @return the state
   */
  public CircuitBreakerState state() {
    return machine.state();
  }

  /**
   * Moves the breaker to {@code state} by hand: FORCED_OPEN holds it open, DISABLED lets every call
   * through and records nothing, METRICS_ONLY records but never opens, CLOSED resets it. Logged and
   * reported to listeners like any transition.
   *
   * @param state the state to enter
   * @param reason why, for the log and listeners
   * @return {@code false} if the breaker was already in that state
   */
  public boolean transitionTo(CircuitBreakerState state, String reason) {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(reason, "reason");
    return machine.transitionTo(state, reason);
  }

  /**
   * A snapshot of the breaker.
   *
   * @return the snapshot
   */
  public CircuitBreakerStats stats() {
    CircuitBreakerState state = machine.state();
    long[] counts = machine.windowCounts();
    return new CircuitBreakerStats(
        state,
        machine.failureRate(),
        machine.slowCallRate(),
        counts[0],
        counts[1],
        counts[2],
        counts[0] - counts[1],
        machine.ignored(),
        machine.rejected(),
        machine.enteredAt());
  }

  /**
   * The failure percentage of the current window, as {@link CircuitBreakerStats#failureRate()}
   * reports it, without building the rest of a snapshot (a metrics scrape reads it per breaker).
   *
   * @return the percentage, or {@code -1} below {@code minimumCalls} (and in consecutive-failure
   *     mode, where no rate is judged)
   */
  public double failureRate() {
    return machine.failureRate();
  }

  /**
   * The slow-call percentage of the current window, as {@link CircuitBreakerStats#slowCallRate()}
   * reports it, without building the rest of a snapshot.
   *
   * @return the percentage, or {@code -1} as for {@link #failureRate()}
   */
  public double slowCallRate() {
    return machine.slowCallRate();
  }

  /**
   * Successful calls since the breaker was built (monotonic, for metrics).
   *
   * @return the count
   */
  public long successCount() {
    return machine.successes();
  }

  /**
   * Failed calls since the breaker was built.
   *
   * @return the count
   */
  public long failureCount() {
    return machine.failures();
  }

  /**
   * Slow calls (successful or not) since the breaker was built.
   *
   * @return the count
   */
  public long slowCallCount() {
    return machine.slowCalls();
  }

  /**
   * Ignored calls since the breaker was built.
   *
   * @return the count
   */
  public long ignoredCount() {
    return machine.ignored();
  }

  /**
   * Rejected calls since the breaker was built.
   *
   * @return the count
   */
  public long rejectedCount() {
    return machine.rejected();
  }

  /**
   * Half-open probe slots reclaimed after {@code halfOpenMaxWait}.
   *
   * @return the count
   */
  public long reclaimedProbeCount() {
    return machine.reclaimedProbes();
  }

  /**
   * Transitions from one state to another since the breaker was built.
   *
   * @param from the state left
   * @param to the state entered
   * @return the count
   */
  public long transitionCount(CircuitBreakerState from, CircuitBreakerState to) {
    return machine.transitions(from, to);
  }

  /**
   * The breaker's last transitions, oldest first: at most {@value #TRANSITION_HISTORY}, kept by the
   * breaker whether or not anyone listens (a status page's timeline reads them). Recording one
   * costs a transition an event object and a small array copy; calls never touch the history.
   *
   * @return the transitions, read-only
   */
  public List<StateTransition> recentTransitions() {
    return machine.recentTransitions();
  }

  /**
   * Adds a listener.
   *
   * @param listener the listener
   */
  public void addListener(CircuitBreakerListener listener) {
    machine.addListener(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Removes a listener.
   *
   * @param listener the listener
   * @return whether it was registered
   */
  public boolean removeListener(CircuitBreakerListener listener) {
    return machine.removeListener(listener);
  }

  /** Probes in flight in half-open (for tests). */
  int probesInFlight() {
    return machine.probesInFlight();
  }

  /** The generation of the state that granted {@code permit}, and whether it is a probe. */
  static long probeGeneration(long permit) {
    return BreakerMachine.probeGeneration(permit);
  }

  @Override
  public String toString() {
    return "CircuitBreaker[" + name + ", " + machine.state() + "]";
  }
}
