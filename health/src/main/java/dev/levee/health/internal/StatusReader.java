package dev.levee.health.internal;

import dev.levee.core.Bulkhead;
import dev.levee.core.CircuitBreaker;
import dev.levee.core.RateLimiter;
import dev.levee.core.Retry;
import dev.levee.core.StateTransition;
import dev.levee.health.CheckReport;
import dev.levee.health.HealthChange;
import dev.levee.health.HealthGroup;
import dev.levee.health.HealthReport;
import dev.levee.health.Status;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Reads a {@link StatusView} from what a status page was given: the monitor's cached reports and
 * history, and the primitives' own counters (the ones metrics read at scrape time). Reading never
 * runs a check and never touches a call's path; it costs the reader only.
 */
public final class StatusReader {
  /** How many entries the timeline shows, newest first. */
  public static final int TIMELINE = 50;

  /** What the reader needs of a health monitor (it lives in another package). */
  public interface Monitor {
    /**
     * Every check's report now.
     *
     * @return the reports
     */
    List<CheckReport> reports();

    /**
     * The groups there are.
     *
     * @return the groups
     */
    Set<HealthGroup> groups();

    /**
     * The last changes announced, oldest first.
     *
     * @return the changes
     */
    List<HealthChange> history();
  }

  private final String title;
  private final Monitor monitor;
  private final Clock clock;
  private final Supplier<? extends Map<String, String>> info;
  private final Supplier<? extends Map<String, CircuitBreaker>> breakers;
  private final Supplier<? extends Map<String, RateLimiter>> rateLimiters;
  private final Supplier<? extends Map<String, Bulkhead>> bulkheads;
  private final Supplier<? extends Map<String, Retry>> retries;
  private final CallRates rates;

  /**
   * Creates a reader.
   *
   * @param title the page's title
   * @param monitor the monitor
   * @param clock stamps each view
   * @param info the application's own lines
   * @param breakers the circuit breakers by name
   * @param rateLimiters the rate limiters by name
   * @param bulkheads the bulkheads by name
   * @param retries the retries by name
   * @param rates the breakers' samples
   */
  public StatusReader(
      String title,
      Monitor monitor,
      Clock clock,
      Supplier<? extends Map<String, String>> info,
      Supplier<? extends Map<String, CircuitBreaker>> breakers,
      Supplier<? extends Map<String, RateLimiter>> rateLimiters,
      Supplier<? extends Map<String, Bulkhead>> bulkheads,
      Supplier<? extends Map<String, Retry>> retries,
      CallRates rates) {
    this.title = title;
    this.monitor = monitor;
    this.clock = clock;
    this.info = info;
    this.breakers = breakers;
    this.rateLimiters = rateLimiters;
    this.bulkheads = bulkheads;
    this.retries = retries;
    this.rates = rates;
  }

  /**
   * Reads the view now.
   *
   * @param details whether the caller may see details (else statuses only)
   * @param since the last sample the caller has, or -1 for the whole window
   * @return the view
   */
  public StatusView read(boolean details, long since) {
    List<CheckReport> reports = monitor.reports();
    Status overall = HealthReport.of(null, reports).status();
    List<StatusView.Group> groups = new ArrayList<>();
    for (HealthGroup g : monitor.groups()) {
      groups.add(new StatusView.Group(g.name(), groupStatus(g, reports)));
    }
    if (!details) {
      return new StatusView(
          clock.instant(),
          title,
          false,
          overall,
          groups,
          Map.of(),
          List.of(),
          List.of(),
          List.of(),
          List.of(),
          List.of(),
          List.of(),
          CallRates.Window.NONE);
    }
    List<Map.Entry<String, CircuitBreaker>> bs = sorted(breakers.get());
    CallRates.Window window = rates.window(since);
    List<StatusView.Breaker> breakerRows = new ArrayList<>(bs.size());
    List<StatusView.Change> timeline = new ArrayList<>();
    while (true) {
      breakerRows.clear();
      for (Map.Entry<String, CircuitBreaker> e : bs) {
        CircuitBreaker b = e.getValue();
        breakerRows.add(
            new StatusView.Breaker(
                e.getKey(),
                b.stats(),
                b.successCount(),
                b.failureCount(),
                b.slowCallCount(),
                rates.series(b, window)));
      }
      if (!rates.overwritten(window)) {
        break;
      }
      window = rates.window(since); // the sampler lapped the copy: copy a newer window
    }
    for (Map.Entry<String, CircuitBreaker> e : bs) {
      for (StateTransition t : e.getValue().recentTransitions()) {
        timeline.add(
            new StatusView.Change(
                t.at(),
                "circuit_breaker",
                t.breaker(),
                t.from().name(),
                t.to().name(),
                t.reason()));
      }
    }
    for (HealthChange c : monitor.history()) {
      timeline.add(
          new StatusView.Change(
              c.at(),
              c.kind() == HealthChange.Kind.CHECK ? "check" : "group",
              c.name(),
              c.from() == null ? null : c.from().name(),
              c.to().name(),
              c.reason()));
    }
    // Newest first; a stable sort keeps the order of changes stamped at the same instant.
    timeline.sort(Comparator.comparing(StatusView.Change::at).reversed());
    List<StatusView.Change> newest =
        List.copyOf(timeline.subList(0, Math.min(TIMELINE, timeline.size())));
    return new StatusView(
        clock.instant(),
        title,
        true,
        overall,
        groups,
        new TreeMap<>(info.get()),
        reports,
        breakerRows,
        rows(
            rateLimiters.get(),
            l ->
                new StatusView.Limiter(
                    l.name(), l.permittedCount(), l.rejectedCount(), l.availablePermits())),
        rows(
            bulkheads.get(),
            h ->
                new StatusView.BulkheadRow(
                    h.name(), h.inFlight(), h.maxConcurrent(), h.rejectedCount())),
        rows(
            retries.get(),
            r ->
                new StatusView.RetryRow(
                    r.name(),
                    r.successWithoutRetryCount(),
                    r.successWithRetryCount(),
                    r.failedWithoutRetryCount(),
                    r.failedWithRetryCount(),
                    r.retryCount(),
                    r.budgetExhaustedCount())),
        newest,
        window);
  }

  /** As {@code HealthMonitor.report(group, none)}: pending checks count, except in liveness. */
  private static Status groupStatus(HealthGroup g, List<CheckReport> reports) {
    List<CheckReport> members = new ArrayList<>();
    for (CheckReport r : reports) {
      if (r.groups().contains(g)) {
        members.add(r);
      }
    }
    return HealthReport.of(g, members).status();
  }

  /**
   * The entries by name. A list sorted once, not a {@code TreeMap}: for 1,000 breakers the tree's
   * nodes and rebalancing cost a tenth of the JSON.
   */
  private static <T> List<Map.Entry<String, T>> sorted(Map<String, T> byName) {
    List<Map.Entry<String, T>> entries = new ArrayList<>(byName.entrySet());
    if (!(byName instanceof SortedMap)) {
      entries.sort(Map.Entry.comparingByKey());
    }
    return entries;
  }

  private static <T, R> List<R> rows(Map<String, T> byName, Function<T, R> row) {
    List<R> out = new ArrayList<>(byName.size());
    for (Map.Entry<String, T> e : sorted(byName)) {
      out.add(row.apply(e.getValue()));
    }
    return out;
  }
}
