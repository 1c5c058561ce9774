package dev.levee.health;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * What a {@link HealthMonitor} reports for one check at one moment: its status after hysteresis and
 * staleness, the reason, and the latest run's data, error, duration and time.
 *
 * @param name the check's name
 * @param groups the groups it belongs to
 * @param critical whether its DOWN makes its groups DOWN (else DEGRADED)
 * @param status the reported status
 * @param reason why it is not UP, or why an UP is on probation; {@code null} when plainly UP
 * @param data the latest run's data
 * @param error the latest run's error, or {@code null}
 * @param duration how long the latest run took, or {@code null} before the first result
 * @param checkedAt when the latest run finished, or {@code null} before the first result
 * @param consecutiveFailures failing results in a row, up to the latest
 * @param consecutiveSuccesses UP results in a row, up to the latest
 */
public record CheckReport(
    String name,
    Set<HealthGroup> groups,
    boolean critical,
    Status status,
    String reason,
    Map<String, Object> data,
    String error,
    Duration duration,
    Instant checkedAt,
    int consecutiveFailures,
    int consecutiveSuccesses) {

  /**
   * Copies the collections.
   *
   * @param name see {@link #name()}
   * @param groups see {@link #groups()}
   * @param critical see {@link #critical()}
   * @param status see {@link #status()}
   * @param reason see {@link #reason()}
   * @param data see {@link #data()}
   * @param error see {@link #error()}
   * @param duration see {@link #duration()}
   * @param checkedAt see {@link #checkedAt()}
   * @param consecutiveFailures see {@link #consecutiveFailures()}
   * @param consecutiveSuccesses see {@link #consecutiveSuccesses()}
   */
  public CheckReport {
    groups = Set.copyOf(groups);
    data = data == null ? Map.of() : data;
  }

  /**
   * What this check adds to a group's status: its status, except that a non-critical DOWN counts as
   * DEGRADED.
   *
   * @return the contribution
   */
  public Status contribution() {
    return status == Status.DOWN && !critical ? Status.DEGRADED : status;
  }

  /**
   * This report with another status and reason (used to mark a stale result).
   *
   * @param status the status
   * @param reason the reason
   * @return the copy
   */
  public CheckReport withStatus(Status status, String reason) {
    return new CheckReport(
        name,
        groups,
        critical,
        status,
        reason,
        data,
        error,
        duration,
        checkedAt,
        consecutiveFailures,
        consecutiveSuccesses);
  }
}
