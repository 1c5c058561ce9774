package dev.levee.health.internal;

import dev.levee.common.internal.ListenerList;
import dev.levee.health.CheckReport;
import dev.levee.health.HealthChange;
import dev.levee.health.HealthGroup;
import dev.levee.health.HealthListener;
import dev.levee.health.Status;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * What a health monitor tells the world when a status changes: one structured log line per check or
 * group change, and its listeners. Group statuses are recomputed after every check change and
 * swapped by CAS; the thread whose CAS installs a change reports it, so each change is reported
 * once.
 *
 * <p>Only results are news. A check's first result is told as such (logged {@code health check
 * "db": UP (first result)}, with {@code from=PENDING}), not as a change from the initial status it
 * never had: a search for {@code from=DOWN to=UP} finds recoveries, not starts. The group statuses
 * reported here are judged from results only: pending checks (no result yet) are left out, so
 * registering a check, or the wait for its first result, never announces a group change, and a
 * first result announces one only when it really changes the group (a first DOWN in a group that
 * was UP). What probes are served is another matter ({@code HealthMonitor.report}): there a pending
 * check counts as its initial status, except in liveness.
 *
 * <p>Every change told is also kept, the last {@code historySize} of them, for a status page's
 * timeline: a copy-on-write array swapped by CAS (changes are rare; reading takes no lock).
 */
public final class StatusChanges {
  // Held apart so that loading this class (as reading a configuration does, for its rules)
  // starts no logging backend: an application applies its logging configuration first.
  private static final class Log {
    static final Logger LOG = LoggerFactory.getLogger("dev.levee.health.HealthMonitor");
  }

  /** The {@code from} of a check's first result: it had no status before, only an initial one. */
  private static final String PENDING = "PENDING";

  private final String monitor;
  private final Clock clock;
  private final int historySize;
  private final AtomicReference<HealthChange[]> history =
      new AtomicReference<>(new HealthChange[0]);
  private final Supplier<List<CheckReport>> reports;
  private final Supplier<Set<HealthGroup>> groups;
  private final BooleanSupplier draining;
  private final ListenerList<HealthListener> listeners = new ListenerList<>(new HealthListener[0]);
  private final AtomicReference<Map<HealthGroup, Status>> groupStatus =
      new AtomicReference<>(Map.of());

  /**
   * Creates the reporter.
   *
   * @param monitor the monitor's name, for logs
   * @param clock stamps the changes kept in the history
   * @param historySize how many changes to keep, at least 1
   * @param reports every check's report now
   * @param groups the groups there are now
   * @param draining whether the monitor is draining: a shutdown underway, whose changes (readiness
   *     DOWN on purpose, dependencies closed) are logged at INFO, not WARN
   */
  public StatusChanges(
      String monitor,
      Clock clock,
      int historySize,
      Supplier<List<CheckReport>> reports,
      Supplier<Set<HealthGroup>> groups,
      BooleanSupplier draining) {
    this.monitor = monitor;
    this.clock = clock;
    this.historySize = historySize;
    this.reports = reports;
    this.groups = groups;
    this.draining = draining;
  }

  /** INFO for a change to UP or during a shutdown; WARN for a failure while serving. */
  private Level level(Status to) {
    return to == Status.UP || draining.getAsBoolean() ? Level.INFO : Level.WARN;
  }

  /**
   * Adds a listener.
   *
   * @param listener the listener
   */
  public void add(HealthListener listener) {
    listeners.add(listener);
  }

  /**
   * Removes a listener.
   *
   * @param listener the listener
   * @return whether it was registered
   */
  public boolean remove(HealthListener listener) {
    return listeners.remove(listener);
  }

  /**
   * The changes told, oldest first: at most {@code historySize}.
   *
   * @return the changes, read-only
   */
  public List<HealthChange> history() {
    return List.of(history.get());
  }

  private void remember(HealthChange change) {
    while (true) {
      HealthChange[] now = history.get();
      int keep = Math.min(now.length, historySize - 1);
      HealthChange[] next = Arrays.copyOfRange(now, now.length - keep, now.length + 1);
      next[keep] = change;
      if (history.compareAndSet(now, next)) {
        return;
      }
    }
  }

  /**
   * Reports a check's first result or status change, then any group change it caused.
   *
   * @param before the report before (pending, for a first result)
   * @param after the report after
   */
  public void checkChanged(CheckReport before, CheckReport after) {
    boolean first = before.pending();
    String reason = after.reason() == null ? "" : after.reason();
    var line =
        Log.LOG
            .atLevel(level(after.status()))
            .addKeyValue("component", "health")
            .addKeyValue("name", after.name())
            .addKeyValue("from", first ? PENDING : before.status().name())
            .addKeyValue("to", after.status().name())
            .addKeyValue("reason", reason)
            .addKeyValue("duration_ms", after.duration() == null ? 0 : after.duration().toMillis());
    if (first) {
      line.log(
          "health check \"{}\": {} (first result{})",
          after.name(),
          after.status(),
          reason.isEmpty() ? "" : ": " + reason);
    } else {
      line.log(
          "health check \"{}\": {} -> {}{}",
          after.name(),
          before.status(),
          after.status(),
          reason.isEmpty() ? "" : " (" + reason + ")");
    }
    remember(
        HealthChange.check(
            after.name(),
            first ? null : before.status(),
            after.status(),
            after.reason(),
            clock.instant()));
    for (HealthListener l : listeners.snapshot()) {
      try {
        l.onCheckChanged(before, after);
      } catch (RuntimeException e) {
        ListenerList.failed(Log.LOG, "health", monitor, l, e);
      }
    }
    groupsMayHaveChanged();
  }

  /**
   * Recomputes group statuses, judged from results, and reports the groups whose status changed. A
   * group seen for the first time (a check named it) takes its status silently.
   */
  public void groupsMayHaveChanged() {
    while (true) {
      Map<HealthGroup, Status> before = groupStatus.get();
      Map<HealthGroup, Status> after = groupStatuses();
      if (after.equals(before)) {
        return;
      }
      if (groupStatus.compareAndSet(before, after)) {
        for (Map.Entry<HealthGroup, Status> e : after.entrySet()) {
          Status from = before.get(e.getKey());
          if (from != null && from != e.getValue()) {
            groupChanged(e.getKey(), from, e.getValue());
          }
        }
        return;
      }
    }
  }

  private Map<HealthGroup, Status> groupStatuses() {
    Map<HealthGroup, Status> out = new LinkedHashMap<>();
    List<CheckReport> all = reports.get();
    for (HealthGroup g : groups.get()) {
      Status s = Status.UP;
      for (CheckReport r : all) {
        if (!r.pending() && r.groups().contains(g)) {
          s = s.worse(r.contribution());
        }
      }
      out.put(g, s);
    }
    return out;
  }

  private void groupChanged(HealthGroup group, Status from, Status to) {
    Log.LOG
        .atLevel(level(to))
        .addKeyValue("component", "health")
        .addKeyValue("group", group.name())
        .addKeyValue("from", from.name())
        .addKeyValue("to", to.name())
        .log("health group \"{}\": {} -> {}", group, from, to);
    remember(HealthChange.group(group, from, to, clock.instant()));
    for (HealthListener l : listeners.snapshot()) {
      try {
        l.onGroupChanged(group, from, to);
      } catch (RuntimeException e) {
        ListenerList.failed(Log.LOG, "health", monitor, l, e);
      }
    }
  }
}
