package dev.levee.health.internal;

import dev.levee.errors.ErrorClassifier;
import dev.levee.health.CheckReport;
import dev.levee.health.HealthCheck;
import dev.levee.health.HealthCheckConfig;
import dev.levee.health.HealthResult;
import dev.levee.health.Status;
import dev.levee.timeouts.Durations;
import dev.levee.timeouts.Scheduler;
import dev.levee.timeouts.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;

/**
 * Runs one check on its schedule and keeps its latest report.
 *
 * <p>Design. Each tick schedules the next one, then starts a run unless the previous run is still
 * going, so a check that hangs holds at most one thread however long it hangs. A run is raced by a
 * timer: whichever finishes first completes it (a CAS on the run), and a timed-out run is
 * interrupted. While a timed-out run still holds its thread, each tick reports another failure
 * ("still running"), so hysteresis and staleness see a hung check as failing, not as silent. The
 * report is an immutable value swapped by CAS; the thread whose CAS wins reports the change.
 */
public final class CheckRunner {
  private static final String NOT_CHECKED = "not checked yet";

  private final HealthCheckConfig config;
  private final HealthCheck check;
  private final Scheduler scheduler;
  private final ExecutorService executor;
  private final Ticker ticker;
  private final Clock clock;
  private final ErrorClassifier classifier;
  private final BiConsumer<CheckReport, CheckReport> onChange;
  private final long registeredAt;
  private final AtomicReference<State> state;
  private final AtomicReference<Run> running = new AtomicReference<>();

  private volatile Future<?> nextTick;
  private volatile boolean stopped;

  /** The latest judgement plus what the report shows. */
  private record State(
      Hysteresis judgement, CheckReport report, long completedAt, String lastFailure) {}

  /** One run of the check. */
  private static final class Run {
    final long startedAt;
    final AtomicBoolean done = new AtomicBoolean();
    volatile boolean started;
    volatile boolean timedOut;
    volatile Future<?> work;
    volatile Future<?> timer;

    Run(long startedAt) {
      this.startedAt = startedAt;
    }
  }

  /**
   * Creates a runner; {@link #start()} schedules it.
   *
   * @param config the check's configuration
   * @param check the check
   * @param scheduler times ticks and timeouts
   * @param executor runs the check
   * @param ticker measures durations and staleness
   * @param clock stamps results
   * @param classifier classifies a check's error
   * @param onChange told (before, after) at the first result, whatever it is, and when the reported
   *     status changes
   */
  public CheckRunner(
      HealthCheckConfig config,
      HealthCheck check,
      Scheduler scheduler,
      ExecutorService executor,
      Ticker ticker,
      Clock clock,
      ErrorClassifier classifier,
      BiConsumer<CheckReport, CheckReport> onChange) {
    this.config = config;
    this.check = check;
    this.scheduler = scheduler;
    this.executor = executor;
    this.ticker = ticker;
    this.clock = clock;
    this.classifier = classifier;
    this.onChange = onChange;
    this.registeredAt = ticker.read();
    Status initial = config.initialStatus();
    this.state =
        new AtomicReference<>(
            new State(
                Hysteresis.initial(initial),
                CheckReport.builder()
                    .name(config.name())
                    .groups(config.groups())
                    .critical(config.critical())
                    .status(initial)
                    .pending(true)
                    .reason(NOT_CHECKED)
                    .since(clock.instant())
                    .build(),
                Long.MIN_VALUE,
                NOT_CHECKED));
  }

  /**
   * The check's configuration.
   *
   * @return the configuration
   */
  public HealthCheckConfig config() {
    return config;
  }

  /** Schedules the first run after the initial delay. */
  public void start() {
    schedule(config.initialDelay().toNanos());
  }

  /**
   * Stops scheduling and interrupts a run in progress, whose result (an interrupted check fails) is
   * then dropped. Never waits: a result recorded just before may still be told to listeners.
   */
  public void stop() {
    stopped = true; // before the interrupt: the run that sees it sees this too (JLS 17.4.4)
    Future<?> tick = nextTick;
    if (tick != null) {
      tick.cancel(false);
    }
    Run run = running.get();
    if (run != null) {
      cancel(run);
    }
  }

  /**
   * The report now: the latest, or DOWN as stale if the latest result is older than {@code
   * staleAfter}; once the check is stopped, its latest as it was.
   *
   * @param now the ticker's reading
   * @return the report
   */
  public CheckReport report(long now) {
    State s = state.get();
    if (stopped) {
      // A stopped check (its monitor closed, in a shutdown) reports its last result as it was:
      // staleness finds checks that stopped producing results while they should, and a stopped
      // one should not. Else liveness would turn DOWN while a shutdown closes what checks watch.
      return s.report;
    }
    long since = s.completedAt == Long.MIN_VALUE ? registeredAt : s.completedAt;
    long limit =
        config.staleAfter().toNanos()
            + (s.completedAt == Long.MIN_VALUE ? config.initialDelay().toNanos() : 0);
    long age = now - since;
    if (age > limit) {
      String reason =
          s.completedAt == Long.MIN_VALUE
              ? "stale: no result in "
                  + Durations.format(Duration.ofMillis(age / 1_000_000))
                  + " (limit "
                  + Durations.format(config.staleAfter())
                  + ")"
              : "stale: last result "
                  + Durations.format(Duration.ofMillis(age / 1_000_000))
                  + " old (limit "
                  + Durations.format(config.staleAfter())
                  + ")";
      // Stale since the limit passed: measured from the last result, or from the registration.
      Instant from = s.completedAt == Long.MIN_VALUE ? s.report.since() : s.report.checkedAt();
      return s.report.withStatus(Status.DOWN, reason, from == null ? null : from.plusNanos(limit));
    }
    return s.report;
  }

  private void schedule(long delayNanos) {
    if (stopped) {
      return;
    }
    try {
      nextTick = scheduler.schedule(this::tick, delayNanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException closed) {
      stopped = true; // the monitor is closing
    }
  }

  private void tick() {
    if (stopped) {
      return;
    }
    schedule(config.interval().toNanos());
    Run previous = running.get();
    if (previous != null) {
      if (previous.timedOut) {
        long hung = ticker.read() - previous.startedAt;
        record(
            HealthResult.down(
                "timed out after "
                    + Durations.format(config.timeout())
                    + "; that run is still going after "
                    + Durations.format(Duration.ofMillis(hung / 1_000_000))),
            config.timeout().toNanos());
      }
      return; // a run within its timeout: let it finish
    }
    Run run = new Run(ticker.read());
    if (!running.compareAndSet(null, run)) {
      return;
    }
    try {
      run.timer =
          scheduler.schedule(() -> timedOut(run), config.timeout().toNanos(), TimeUnit.NANOSECONDS);
      run.work = executor.submit(() -> execute(run));
    } catch (RejectedExecutionException refused) {
      Future<?> timer = run.timer;
      if (timer != null) {
        timer.cancel(false);
      }
      running.compareAndSet(run, null);
      if (run.timer == null || executor.isShutdown()) {
        stopped = true; // the monitor is closing (or the caller shut its executor down)
        return;
      }
      // A caller's bounded executor was full: this run did not happen. Say so (the check's
      // failure attempts decide whether it changes the status) and try again next interval.
      complete(run, HealthResult.down("not run: the executor refused it (" + refused + ")"), 0);
    }
  }

  private void execute(Run run) {
    run.started = true;
    HealthResult result;
    try {
      result = check.check();
      if (result == null) {
        result = HealthResult.down("the check returned null");
      }
    } catch (Throwable e) {
      result = failed(e);
    }
    long duration = ticker.read() - run.startedAt;
    Future<?> timer = run.timer;
    if (timer != null) {
      timer.cancel(false);
    }
    // Free the slot first: a tick that comes while this result is recorded starts the next run
    // rather than taking a finished run for a hung one.
    running.compareAndSet(run, null);
    complete(run, result, duration);
  }

  private void timedOut(Run run) {
    run.timedOut = true; // before completing: a tick that sees the result sees the flag
    if (complete(
        run,
        HealthResult.down("timed out after " + Durations.format(config.timeout())),
        config.timeout().toNanos())) {
      cancel(run);
    }
  }

  private void cancel(Run run) {
    Future<?> work = run.work;
    if (work != null) {
      work.cancel(true);
    }
    if (!run.started) {
      running.compareAndSet(run, null); // never started, never will: free the slot
    }
  }

  private HealthResult failed(Throwable e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    String text =
        classifier.classify(e)
            + ": "
            + e.getClass().getName()
            + (e.getMessage() == null ? "" : ": " + Scrub.credentials(e.getMessage()));
    return HealthResult.down("the check threw " + e.getClass().getSimpleName()).withError(text);
  }

  private boolean complete(Run run, HealthResult result, long durationNanos) {
    if (!run.done.compareAndSet(false, true)) {
      return false;
    }
    record(result, durationNanos);
    return true;
  }

  private void record(HealthResult result, long durationNanos) {
    // A stopped check records nothing more. The run stop() interrupted always sees the flag, as
    // an interrupt synchronizes-with its detection; a result that raced with stop() and was
    // recorded first is still told (listeners are never called under a lock stop() waits on).
    if (stopped) {
      return;
    }
    long now = ticker.read();
    Instant at = clock.instant();
    Duration duration = Duration.ofNanos(durationNanos);
    while (true) {
      State before = state.get();
      Hysteresis judged =
          before.judgement.next(
              result.status(), config.failureAttempts(), config.successAttempts());
      boolean changed = before.report.pending() || before.report.status() != judged.status();
      CheckReport report =
          report(
              judged.status(),
              reasonFor(judged, result, before),
              result,
              duration,
              at,
              changed ? at : before.report.since(),
              judged);
      State after =
          new State(
              judged,
              report,
              now,
              result.status() == Status.UP ? before.lastFailure : result.reason());
      if (state.compareAndSet(before, after)) {
        // The first result is told whatever it is (the report before it is pending); after that,
        // only a change of status.
        if (changed) {
          onChange.accept(before.report, report);
        }
        return;
      }
    }
  }

  private String reasonFor(Hysteresis judged, HealthResult result, State before) {
    if (judged.status() == Status.UP) {
      if (result.status() == Status.UP) {
        return null;
      }
      // The status the check ends in if it goes on failing so: this result's (DEGRADED for a
      // check that degrades, such as an open breaker's), not always DOWN.
      return "failing "
          + judged.failures()
          + " of "
          + config.failureAttempts()
          + " attempts before "
          + result.status()
          + ": "
          + result.reason();
    }
    if (result.status() == Status.UP) {
      return "recovering: "
          + judged.successes()
          + " of "
          + config.successAttempts()
          + " UP results; last failure: "
          + before.lastFailure;
    }
    return result.reason();
  }

  private CheckReport report(
      Status status,
      String reason,
      HealthResult result,
      Duration duration,
      Instant at,
      Instant since,
      Hysteresis judged) {
    return CheckReport.builder()
        .name(config.name())
        .groups(config.groups())
        .critical(config.critical())
        .status(status)
        .reason(reason)
        .data(result.data())
        .error(result.error())
        .duration(duration)
        .checkedAt(at)
        .since(since)
        .consecutiveFailures(judged.failures())
        .consecutiveSuccesses(judged.successes())
        .build();
  }
}
