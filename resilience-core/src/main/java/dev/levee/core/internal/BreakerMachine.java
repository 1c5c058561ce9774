package dev.levee.core.internal;

import dev.levee.core.CallNotPermittedException;
import dev.levee.core.CircuitBreakerConfig;
import dev.levee.core.CircuitBreakerListener;
import dev.levee.core.CircuitBreakerState;
import dev.levee.core.StateTransition;
import dev.levee.timeouts.Ticker;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The state machine behind a circuit breaker.
 *
 * <p>Design. The whole state is one immutable-ish object behind one volatile reference. A decision
 * is a read of that reference plus whatever the state needs (nothing when closed, a ticker read
 * when open, a slot CAS when half-open). A transition computes the next state as a new object,
 * installs it with one compare-and-set, and only the winner runs the effects (counters, log line,
 * listeners), once: no side effects inside the CAS, so no duplicate events and no OPEN to OPEN
 * (Resilience4j #646, #2038). Each state carries a generation; a permit remembers it, and an
 * outcome whose generation is not the current state's is counted in the totals but not judged.
 *
 * <p>Totals are striped counters, read at scrape time by metrics binders; they cost a {@link
 * LongAdder} increment per outcome.
 */
public final class BreakerMachine {
  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(BreakerMachine.class, "state", State.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final String name;
  final CircuitBreakerConfig config;
  final Ticker ticker;
  final Clock clock;
  final OpenRejection rejections;
  private final Thresholds thresholds;
  private final long slowNanos;

  private volatile State state;
  private final BreakerEvents events;

  private final LongAdder successes = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private final LongAdder slowCalls = new LongAdder();
  private final LongAdder ignored = new LongAdder();
  private final StripedCounter rejected = new StripedCounter();
  private final LongAdder reclaimed = new LongAdder();

  /**
   * Creates a closed breaker.
   *
   * @param name the breaker's name
   * @param config its configuration
   * @param rejections makes the rejection of each period
   */
  public BreakerMachine(String name, CircuitBreakerConfig config, OpenRejection rejections) {
    this.name = name;
    this.config = config;
    this.rejections = rejections;
    this.ticker = config.ticker();
    this.clock = config.clock();
    this.thresholds = new Thresholds(config);
    this.slowNanos = config.detectsSlowCalls() ? config.slowCallDuration().toNanos() : 0;
    this.events = new BreakerEvents(name);
    this.state = closed(0, CircuitBreakerState.CLOSED, clock.instant(), ticker.read());
  }

  // ---- the hot path -------------------------------------------------------------------------

  /**
   * Decides a call.
   *
   * @return a permit, or {@link Permits#NOT_PERMITTED}
   */
  public long tryAcquire() {
    return state.acquire(this);
  }

  /**
   * Whether calls are timed for slow-call detection.
   *
   * @return {@code true} if a slow-call duration is configured
   */
  public boolean timesCalls() {
    return slowNanos != 0;
  }

  /**
   * Records an outcome.
   *
   * @param permit the permit of the call
   * @param nanos how long it took (0 if unknown)
   * @param failure whether it failed
   */
  public void onOutcome(long permit, long nanos, boolean failure) {
    checkPermit(permit);
    boolean slow = slowNanos != 0 && nanos >= slowNanos;
    State s = state;
    if (s.counts()) {
      (failure ? failures : successes).increment();
      if (slow) {
        slowCalls.increment();
      }
    }
    if (Permits.generation(permit) == (s.generation & Permits.GEN_MASK)) {
      s.onOutcome(this, permit, failure, slow);
    }
  }

  /**
   * Records that a call's outcome is not judged (ignored, or cancelled): frees its permit.
   *
   * @param permit the permit of the call
   * @param count whether to count it in the ignored total
   */
  public void onIgnored(long permit, boolean count) {
    checkPermit(permit);
    State s = state;
    if (count && s.counts()) {
      ignored.increment();
    }
    if (Permits.generation(permit) == (s.generation & Permits.GEN_MASK)) {
      s.release(permit);
    }
  }

  private static void checkPermit(long permit) {
    if (permit < 0) {
      throw new IllegalArgumentException(
          "not a permit: " + permit + " (tryAcquire() returned a rejection)");
    }
  }

  long reject(State s) {
    rejected.increment();
    events.rejected(s.kind);
    return Permits.NOT_PERMITTED;
  }

  /**
   * The exception for the current rejection: one instance per open period.
   *
   * @return the exception
   */
  public CallNotPermittedException rejection() {
    return state.rejection(this);
  }

  // ---- transitions --------------------------------------------------------------------------

  void trip(ClosedState from) {
    Window w = from.window();
    long now = ticker.read();
    transition(from, open(from.generation + 1, 0, now), w.reason(), w.failureRate());
  }

  /**
   * Moves an expired open state to half-open. The half-open state begins when the open period
   * ended, not when someone noticed: whichever caller, read or manual transition gets here first,
   * the new state is the same, so a read (a scrape, a health check) never changes an outcome.
   */
  State toHalfOpen(OpenState from) {
    long at = from.openUntil();
    Instant enteredAt = from.enteredAt.plusNanos(at - from.enteredNanos);
    transition(
        from,
        halfOpen(from.generation + 1, from.reopens(), enteredAt, at),
        "open duration passed",
        -1);
    return state;
  }

  /**
   * The current state object, with an expired open period already turned into half-open: what every
   * decision and manual transition starts from.
   */
  private State current() {
    State s = state;
    if (s instanceof OpenState && ((OpenState) s).expired(ticker.read())) {
      return toHalfOpen((OpenState) s);
    }
    return s;
  }

  void reopen(HalfOpenState from, String reason) {
    long now = ticker.read();
    transition(from, open(from.generation + 1, from.reopens() + 1, now), reason, -1);
  }

  void close(HalfOpenState from, String reason) {
    long now = ticker.read();
    transition(
        from,
        closed(from.generation + 1, CircuitBreakerState.CLOSED, clock.instant(), now),
        reason,
        -1);
  }

  void reclaimed() {
    reclaimed.increment();
    events.reclaimed(config.halfOpenMaxWait());
  }

  /**
   * Moves to {@code to} by hand, whatever the current state, unless it is already there. The
   * current state is the time-aware one (an open breaker whose open duration has passed is
   * half-open first), so the outcome is the same whether or not {@link #state()} was read before. A
   * manual OPEN or HALF_OPEN starts the open-duration backoff afresh.
   *
   * @param to the target state
   * @param reason why, for the log and listeners
   * @return whether the state changed
   */
  public boolean transitionTo(CircuitBreakerState to, String reason) {
    while (true) {
      State from = current();
      if (from.kind == to) {
        return false;
      }
      long now = ticker.read();
      int gen = from.generation + 1;
      State next;
      switch (to) {
        case CLOSED:
        case METRICS_ONLY:
          next = closed(gen, to, clock.instant(), now);
          break;
        case OPEN:
          next = open(gen, 0, now);
          break;
        case HALF_OPEN:
          next = halfOpen(gen, 0, clock.instant(), now);
          break;
        case FORCED_OPEN:
          next = new OpenState(gen, to, Long.MIN_VALUE, 0, clock.instant(), now);
          break;
        default:
          next = new DisabledState(gen, clock.instant(), now);
          break;
      }
      if (transition(from, next, reason, -1)) {
        return true;
      }
    }
  }

  private boolean transition(State from, State to, String reason, double rate) {
    if (!STATE.compareAndSet(this, from, to)) {
      return false; // another thread moved first; its effects run, not ours
    }
    events.transitioned(from, to, reason, rate);
    return true;
  }

  private State closed(int gen, CircuitBreakerState kind, Instant at, long now) {
    return new ClosedState(gen, kind, newWindow(), at, now);
  }

  private State open(int gen, int reopens, long now) {
    return new OpenState(
        gen,
        CircuitBreakerState.OPEN,
        now + config.openNanos(reopens),
        reopens,
        clock.instant(),
        now);
  }

  private State halfOpen(int gen, int reopens, Instant at, long now) {
    return new HalfOpenState(
        gen,
        config.halfOpenMaxCalls(),
        config.successThreshold(),
        config.halfOpenMaxWait().toNanos(),
        reopens,
        at,
        now);
  }

  private Window newWindow() {
    switch (config.tripMode()) {
      case COUNT_WINDOW:
        return new CountWindow(config.windowSize(), thresholds);
      case TIME_WINDOW:
        return new TimeWindow(
            ticker,
            config.windowDuration().toNanos(),
            config.bucketDuration().toNanos(),
            thresholds);
      default:
        return new ConsecutiveWindow(config.failureThreshold());
    }
  }

  // ---- reading ------------------------------------------------------------------------------

  /**
   * The current state, time-aware: an open breaker whose open duration has passed moves to
   * half-open now, so it reports HALF_OPEN before the next call arrives.
   *
   * @return the state
   */
  public CircuitBreakerState state() {
    return current().kind;
  }

  /**
   * What the current window holds: {calls, failures, slow}, zeros without a window.
   *
   * @return the counts
   */
  public long[] windowCounts() {
    Window w = state.window();
    return w == null ? new long[3] : w.counts();
  }

  /**
   * The current window's failure rate in percent, or -1.
   *
   * @return the rate
   */
  public double failureRate() {
    Window w = state.window();
    return w == null ? -1 : w.failureRate();
  }

  /**
   * The current window's slow-call rate in percent, or -1.
   *
   * @return the rate
   */
  public double slowCallRate() {
    Window w = state.window();
    return w == null ? -1 : w.slowRate();
  }

  /**
   * When the current state was entered.
   *
   * @return the instant
   */
  public Instant enteredAt() {
    return state.enteredAt;
  }

  /**
   * The generation of a half-open probe permit, or -1 for any other permit (for tests).
   *
   * @param permit a permit
   * @return the generation, or -1
   */
  public static long probeGeneration(long permit) {
    return permit >= 0 && Permits.slot(permit) >= 0 ? Permits.generation(permit) : -1;
  }

  /**
   * Probes in flight, if half-open.
   *
   * @return the count, or 0 in any other state
   */
  public int probesInFlight() {
    State s = state;
    return s instanceof HalfOpenState ? ((HalfOpenState) s).inFlight() : 0;
  }

  /**
   * Successes since creation.
   *
   * @return the count
   */
  public long successes() {
    return successes.sum();
  }

  /**
   * Failures since creation.
   *
   * @return the count
   */
  public long failures() {
    return failures.sum();
  }

  /**
   * Slow calls since creation.
   *
   * @return the count
   */
  public long slowCalls() {
    return slowCalls.sum();
  }

  /**
   * Ignored calls since creation.
   *
   * @return the count
   */
  public long ignored() {
    return ignored.sum();
  }

  /**
   * Rejected calls since creation.
   *
   * @return the count
   */
  public long rejected() {
    return rejected.sum();
  }

  /**
   * Half-open probe slots reclaimed since creation.
   *
   * @return the count
   */
  public long reclaimedProbes() {
    return reclaimed.sum();
  }

  /**
   * Transitions from one state to another since creation.
   *
   * @param from the state left
   * @param to the state entered
   * @return the count
   */
  public long transitions(CircuitBreakerState from, CircuitBreakerState to) {
    return events.transitions(from, to);
  }

  /**
   * The last transitions, oldest first (at most {@value BreakerEvents#HISTORY}).
   *
   * @return the transitions, read-only
   */
  public List<StateTransition> recentTransitions() {
    return events.history();
  }

  // ---- listeners ----------------------------------------------------------------------------

  /**
   * Adds a listener.
   *
   * @param listener the listener
   */
  public void addListener(CircuitBreakerListener listener) {
    events.add(listener);
  }

  /**
   * Removes a listener.
   *
   * @param listener the listener
   * @return whether it was registered
   */
  public boolean removeListener(CircuitBreakerListener listener) {
    return events.remove(listener);
  }
}
