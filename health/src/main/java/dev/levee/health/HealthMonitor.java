package dev.levee.health;

import dev.levee.common.internal.Require;
import dev.levee.errors.ErrorClassifier;
import dev.levee.errors.ErrorClassifiers;
import dev.levee.health.internal.CheckRunner;
import dev.levee.health.internal.MonitorThreads;
import dev.levee.health.internal.StatusChanges;
import dev.levee.timeouts.Scheduler;
import dev.levee.timeouts.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs health checks on their schedules and answers, from their latest results, how healthy each
 * group is. Probes never run a check: {@link #report(HealthGroup, Set)} reads the cached results,
 * so a slow or hanging check cannot delay a probe.
 *
 * <pre>{@code
 * HealthMonitor health = HealthMonitor.builder().build();
 * health.register(HealthCheckConfig.builder("db").groups("ready").build(), dbCheck);
 * health.register(HealthCheckConfig.builder("deadlocks").groups("live").build(), new DeadlockHealthCheck());
 * ... start the application ...
 * health.markStarted();          // started and ready stop reporting "starting"
 * ...
 * health.startDraining();        // readiness DOWN: the load balancer stops sending traffic
 * health.close();                // stops every check thread
 * }</pre>
 *
 * <p>Lifecycle of a check. The rule (DESIGN, "The edge"): no group reports a transition before its
 * checks have results, and liveness is never DOWN merely because checks have not run.
 *
 * <ol>
 *   <li><b>Pending</b>, from {@link #register} until the first result (after the check's {@code
 *       initialDelay} and its first run): the check reports its {@code initialStatus} (DOWN by
 *       default) with the reason {@code not checked yet} ({@link CheckReport#pending()}). Probes
 *       count it at that status in {@code ready}, {@code started}, {@code raft} and named groups
 *       (not ready until checked), and leave it out of {@code live}. Nothing is logged or told to
 *       listeners for it: registering a check or waiting for its result is not a change.
 *   <li><b>First result</b>, taken as it is (attempts start counting from it): logged once as
 *       {@code health check "db": UP (first result)} (INFO; WARN with the reason when DEGRADED or
 *       DOWN; the key {@code from} is {@code PENDING}: it is not a change from a status the check
 *       never had) and told to listeners with the pending report as {@code before}.
 *   <li><b>Judged</b>: each later change of status, after the failure and success attempts, is
 *       logged once ({@code health check "db": UP -> DOWN (refused)}) and told once.
 *   <li><b>Stale</b>: a check without a result within {@code staleAfter} (plus the initial delay
 *       before the first) is DOWN ({@code stale: ...}) and no longer pending: a check that never
 *       answers is a failure, in every group, liveness included. Staleness is judged when a report
 *       is read, so probes see it at once; listeners hear of the group change it makes at the next
 *       change the monitor recomputes its groups for.
 *   <li><b>Unregistered</b>: gone from reports and groups; a check unregistered while pending
 *       leaves no trace in the logs.
 * </ol>
 *
 * <p>Group changes are judged from results: the statuses logged ({@code health group "ready": UP ->
 * DOWN}) and told to {@link HealthListener#onGroupChanged} leave pending checks out. Probes and
 * announcements therefore differ only while a check is pending: after {@link #markStarted()}, a
 * check registered late holds readiness at 503 until its first result without a {@code ready: UP ->
 * DOWN} line; if that result is UP nothing more is said, if it is DOWN {@code ready: UP -> DOWN} is
 * logged (WARN) and told, once. A group first named by a check starts silently.
 *
 * <p>Two built-in entries join the checks: {@code startup} (groups started and ready) is DOWN until
 * {@link #markStarted()}, and {@code shutdown} (group ready) turns DOWN on {@link
 * #startDraining()}. They are never pending. Lines are structured ({@code component=health}, {@code
 * name} or {@code group}, {@code from}, {@code to}, {@code reason}).
 *
 * <p>Threads. By default the monitor owns a timer thread and a pool that runs checks ({@code
 * levee-health-<name>-*}, daemons), stopped by {@link #close()}; a check holds at most one thread
 * however long it hangs. Pass a {@link Scheduler} and an {@link ExecutorService} (virtual threads,
 * say) to use yours; the monitor never shuts those down. This class is thread-safe.
 */
public final class HealthMonitor implements AutoCloseable {

  /** The name of the built-in entry that is DOWN until {@link #markStarted()}. */
  public static final String STARTUP = "startup";

  /** The name of the built-in entry that turns DOWN on {@link #startDraining()}. */
  public static final String SHUTDOWN = "shutdown";

  /** How many changes {@link #history()} keeps. */
  public static final int HISTORY = 100;

  private static final List<HealthGroup> STANDARD =
      List.of(HealthGroup.LIVE, HealthGroup.READY, HealthGroup.STARTED, HealthGroup.RAFT);

  private final String name;
  private final Ticker ticker;
  private final Clock clock;
  private final ErrorClassifier classifier;
  private final MonitorThreads threads;
  private final Duration closeTimeout;
  private final Map<String, CheckRunner> checks = new ConcurrentHashMap<>();
  private final StatusChanges changes;
  private final AtomicReference<CheckReport> startup;
  private final AtomicReference<CheckReport> shutdown;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final List<Runnable> onClose = new CopyOnWriteArrayList<>();

  private HealthMonitor(Builder b) {
    this.name = b.name;
    this.ticker = b.ticker;
    this.clock = b.clock;
    this.classifier = b.classifier;
    this.closeTimeout = b.closeTimeout;
    this.threads = new MonitorThreads(name, b.scheduler, b.executor);
    this.startup =
        new AtomicReference<>(
            lifecycle(STARTUP, Set.of(HealthGroup.STARTED, HealthGroup.READY), "starting"));
    this.shutdown = new AtomicReference<>(lifecycle(SHUTDOWN, Set.of(HealthGroup.READY), null));
    this.changes =
        new StatusChanges(name, clock, HISTORY, this::reports, this::groups, this::isDraining);
    changes.groupsMayHaveChanged(); // the first statuses: nothing to report yet
  }

  private CheckReport lifecycle(String name, Set<HealthGroup> groups, String downReason) {
    return CheckReport.builder()
        .name(name)
        .groups(groups)
        .status(downReason == null ? Status.UP : Status.DOWN)
        .reason(downReason)
        .duration(Duration.ZERO)
        .since(clock.instant())
        .build();
  }

  /**
   * Starts a monitor.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Registers a check and schedules its first run after its initial delay.
   *
   * @param config how to run and judge it
   * @param check the check
   * @throws IllegalArgumentException if a check of that name is registered, or the name is {@value
   *     #STARTUP} or {@value #SHUTDOWN}
   * @throws IllegalStateException if the monitor is closed
   */
  public void register(HealthCheckConfig config, HealthCheck check) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(check, "check");
    if (closed.get()) {
      throw new IllegalStateException("health monitor \"" + name + "\" is closed");
    }
    if (config.name().equals(STARTUP) || config.name().equals(SHUTDOWN)) {
      throw new IllegalArgumentException(
          "health check name \"" + config.name() + "\" is reserved for the monitor's lifecycle");
    }
    CheckRunner runner =
        new CheckRunner(
            config,
            check,
            threads.scheduler(),
            threads.executor(),
            ticker,
            clock,
            classifier,
            changes::checkChanged);
    if (checks.putIfAbsent(config.name(), runner) != null) {
      throw new IllegalArgumentException(
          "health check \"" + config.name() + "\" is already registered");
    }
    changes.groupsMayHaveChanged();
    runner.start();
  }

  /**
   * Stops and removes a check.
   *
   * @param check the check's name
   * @return whether it was registered
   */
  public boolean unregister(String check) {
    CheckRunner runner = checks.remove(check);
    if (runner == null) {
      return false;
    }
    runner.stop();
    changes.groupsMayHaveChanged();
    return true;
  }

  /** Marks startup complete: the {@code startup} entry turns UP. Idempotent. */
  public void markStarted() {
    setLifecycle(startup, null);
  }

  /** Starts draining: the {@code shutdown} entry turns DOWN, so readiness is DOWN. Idempotent. */
  public void startDraining() {
    setLifecycle(shutdown, "draining");
  }

  private void setLifecycle(AtomicReference<CheckReport> entry, String downReason) {
    CheckReport before = entry.get();
    CheckReport after = lifecycle(before.name(), before.groups(), downReason);
    if (before.status() != after.status() && entry.compareAndSet(before, after)) {
      changes.checkChanged(before, after);
    }
  }

  /**
   * Whether {@link #markStarted()} was called.
   *
   * @return whether startup is complete
   */
  public boolean isStarted() {
    return startup.get().status() == Status.UP;
  }

  /**
   * Whether {@link #startDraining()} was called.
   *
   * @return whether the monitor is draining
   */
  public boolean isDraining() {
    return shutdown.get().status() == Status.DOWN;
  }

  /**
   * The groups a probe can ask for: the four standard ones and every group a check names.
   *
   * @return the groups
   */
  public Set<HealthGroup> groups() {
    Set<HealthGroup> all = new LinkedHashSet<>(STANDARD);
    for (CheckRunner r : checks.values()) {
      all.addAll(r.config().groups());
    }
    return all;
  }

  /**
   * Every check's report now, ordered by name, lifecycle entries included.
   *
   * @return the reports
   */
  public List<CheckReport> reports() {
    long now = ticker.read();
    List<CheckReport> out = new ArrayList<>(checks.size() + 2);
    for (CheckRunner r : checks.values()) {
      out.add(r.report(now));
    }
    out.add(startup.get());
    out.add(shutdown.get());
    out.sort(Comparator.comparing(CheckReport::name));
    return out;
  }

  /**
   * One check's report now.
   *
   * <p>One lookup: it builds this check's report only, not every check's (a metrics scrape reads
   * each check's series this way).
   *
   * @param check the check's name (or {@value #STARTUP}, {@value #SHUTDOWN})
   * @return the report, if there is such a check
   * @throws NullPointerException if {@code check} is null
   */
  public Optional<CheckReport> report(String check) {
    Objects.requireNonNull(check, "check");
    CheckRunner r = checks.get(check);
    if (r != null) {
      return Optional.of(r.report(ticker.read()));
    }
    return switch (check) {
      case STARTUP -> Optional.of(startup.get());
      case SHUTDOWN -> Optional.of(shutdown.get());
      default -> Optional.empty();
    };
  }

  /**
   * A group's health now.
   *
   * @param group the group, or {@code null} for every check
   * @param exclude names of checks to leave out (as etcd's {@code ?exclude=})
   * @return the report; a group without checks is UP
   */
  public HealthReport report(HealthGroup group, Set<String> exclude) {
    List<CheckReport> members = new ArrayList<>();
    for (CheckReport r : reports()) {
      if ((group == null || r.groups().contains(group)) && !exclude.contains(r.name())) {
        members.add(r);
      }
    }
    return HealthReport.of(group, members);
  }

  /**
   * Adds a listener.
   *
   * @param listener the listener
   */
  public void addListener(HealthListener listener) {
    changes.add(listener);
  }

  /**
   * Removes a listener.
   *
   * @param listener the listener
   * @return whether it was registered
   */
  public boolean removeListener(HealthListener listener) {
    return changes.remove(listener);
  }

  /**
   * The last changes the monitor announced (checks' first results and changes of status, groups'
   * changes), oldest first: at most {@value #HISTORY}, as logged and told to listeners.
   *
   * @return the changes, read-only
   */
  public List<HealthChange> history() {
    return changes.history();
  }

  /**
   * The monitor's name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /** The scheduler that times the checks (the monitor's own, or the caller's). */
  Scheduler scheduler() {
    return threads.scheduler();
  }

  /** The ticker that measures durations and staleness. */
  Ticker ticker() {
    return ticker;
  }

  /** The clock that stamps results and changes. */
  Clock clock() {
    return clock;
  }

  /**
   * Runs {@code task} when the monitor closes, before its threads stop (at once if it is closed
   * already): what runs on its scheduler stops with it, even on a caller's scheduler.
   */
  void onClose(Runnable task) {
    onClose.add(task);
    if (closed.get() && onClose.remove(task)) {
      task.run();
    }
  }

  /** Whether {@link #close()} was called. */
  boolean isClosed() {
    return closed.get();
  }

  /**
   * Stops every check and the monitor's own threads, waiting up to the close timeout for them to
   * end. Idempotent. Checks that ignore interrupts may outlive the wait; they are logged. From then
   * on every check reports its last result as it was, never as stale: in a graceful shutdown, close
   * the monitor before the resources its checks watch, and probes keep the last judgement (liveness
   * UP, readiness DOWN from draining) until the HTTP servers close.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    for (Runnable task : onClose) {
      if (onClose.remove(task)) {
        task.run();
      }
    }
    Collection<CheckRunner> all = new ArrayList<>(checks.values());
    for (CheckRunner r : all) {
      r.stop();
    }
    threads.close(closeTimeout);
  }

  @Override
  public String toString() {
    return "HealthMonitor[" + name + ", " + checks.size() + " checks]";
  }

  /** Builds a {@link HealthMonitor}. Not thread-safe. */
  public static final class Builder {
    private String name = "main";
    private Ticker ticker = Ticker.system();
    private Clock clock = Clock.systemUTC();
    private ErrorClassifier classifier = ErrorClassifiers.defaults();
    private Scheduler scheduler;
    private ExecutorService executor;
    private Duration closeTimeout = Duration.ofSeconds(5);

    private Builder() {}

    /**
     * Names the monitor in thread names and logs (default {@code main}).
     *
     * @param name letters, digits, {@code -}, {@code _}
     * @return this builder
     */
    public Builder name(String name) {
      if (name == null || !name.matches("[A-Za-z0-9_-]{1,40}")) {
        throw new IllegalArgumentException(
            "health monitor name must be 1-40 letters, digits, '-' or '_', was \"" + name + "\"");
      }
      this.name = name;
      return this;
    }

    /**
     * Sets the ticker that measures durations and staleness (a manual one in tests).
     *
     * @param ticker the ticker
     * @return this builder
     */
    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /**
     * Sets the clock that stamps results.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets the classifier for the errors checks throw.
     *
     * @param classifier the classifier
     * @return this builder
     */
    public Builder classifier(ErrorClassifier classifier) {
      this.classifier = Objects.requireNonNull(classifier, "classifier");
      return this;
    }

    /**
     * Uses the caller's scheduler for intervals and timeouts (never shut down by the monitor).
     *
     * @param scheduler the scheduler
     * @return this builder
     */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /**
     * Runs checks on the caller's executor (never shut down by the monitor), for example {@code
     * Executors.newVirtualThreadPerTaskExecutor()} on Java 21.
     *
     * @param executor the executor
     * @return this builder
     */
    public Builder executor(ExecutorService executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Sets how long {@link HealthMonitor#close()} waits for its threads (default 5s).
     *
     * @param closeTimeout in [0, 1m]
     * @return this builder
     */
    public Builder closeTimeout(Duration closeTimeout) {
      this.closeTimeout =
          Require.inRange(
              "health monitor: closeTimeout", closeTimeout, Duration.ZERO, Duration.ofMinutes(1));
      return this;
    }

    /**
     * Builds the monitor. Unless a scheduler and an executor were given, its own threads start with
     * the first check registered.
     *
     * @return the monitor
     */
    public HealthMonitor build() {
      return new HealthMonitor(this);
    }
  }
}
