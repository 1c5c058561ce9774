package dev.levee.health.internal;

import dev.levee.core.CircuitBreakerStats;
import dev.levee.health.CheckReport;
import dev.levee.health.Status;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a status page shows at one moment, read once and then written twice: as the JSON ({@link
 * StatusJson}) and as the page's first view ({@link StatusHtml}), so the two never disagree.
 * Without details only the header and the groups are filled; every list is empty and {@code info}
 * too.
 *
 * @param generatedAt when it was read, on the monitor's clock
 * @param title the page's title
 * @param details whether the caller may see details
 * @param status the status of every check together (as {@code /health})
 * @param groups each group's status
 * @param info the application's own lines (a phase, a version)
 * @param checks every check's report
 * @param breakers every circuit breaker
 * @param rateLimiters every rate limiter
 * @param bulkheads every bulkhead
 * @param retries every retry
 * @param timeline the last changes, newest first
 * @param samples the samples the breakers' series cover
 */
public record StatusView(
    Instant generatedAt,
    String title,
    boolean details,
    Status status,
    List<Group> groups,
    Map<String, String> info,
    List<CheckReport> checks,
    List<Breaker> breakers,
    List<Limiter> rateLimiters,
    List<BulkheadRow> bulkheads,
    List<RetryRow> retries,
    List<Change> timeline,
    CallRates.Window samples) {

  /** The version of the JSON's shape, {@code "version"}. */
  public static final int VERSION = 1;

  /**
   * A group and its status, as its probe answers.
   *
   * @param name the group's name
   * @param status its status
   */
  public record Group(String name, Status status) {}

  /**
   * A circuit breaker.
   *
   * @param name its name
   * @param stats its snapshot
   * @param successes successful calls since it was built
   * @param failures failed calls since it was built
   * @param slowCalls slow calls since it was built
   * @param series its samples, or {@code null} when none are kept
   */
  public record Breaker(
      String name,
      CircuitBreakerStats stats,
      long successes,
      long failures,
      long slowCalls,
      CallRates.Series series) {}

  /**
   * A rate limiter.
   *
   * @param name its name
   * @param permitted requests granted since it was built
   * @param rejected requests refused since it was built
   * @param available permits available now
   */
  public record Limiter(String name, long permitted, long rejected, long available) {}

  /**
   * A bulkhead.
   *
   * @param name its name
   * @param inFlight calls inside now
   * @param maxConcurrent its limit
   * @param rejected calls refused since it was built
   */
  public record BulkheadRow(String name, int inFlight, int maxConcurrent, long rejected) {}

  /**
   * A retry.
   *
   * @param name its name
   * @param successWithoutRetry calls that succeeded at once
   * @param successWithRetry calls that succeeded after retrying
   * @param failedWithoutRetry calls that failed without a retry
   * @param failedWithRetry calls that failed after retrying
   * @param retries retries made
   * @param budgetExhausted retries refused by the budget
   */
  public record RetryRow(
      String name,
      long successWithoutRetry,
      long successWithRetry,
      long failedWithoutRetry,
      long failedWithRetry,
      long retries,
      long budgetExhausted) {}

  /**
   * One entry of the timeline.
   *
   * @param at when
   * @param kind {@code check}, {@code group} or {@code circuit_breaker}
   * @param name what changed
   * @param from the state before, or {@code null} for a check's first result
   * @param to the state after
   * @param reason why, or {@code null}
   */
  public record Change(
      Instant at, String kind, String name, String from, String to, String reason) {}
}
