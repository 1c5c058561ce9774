package dev.levee.health;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * What a {@link HealthMonitor} reports for one check at one moment: its status after hysteresis and
 * staleness, the reason, and the latest run's data, error, duration and time.
 *
 * <p>A check is <em>pending</em> from its registration until its first result (or until it has gone
 * without one past its staleness limit, which is a failure): it reports its {@link
 * HealthCheckConfig#initialStatus() initialStatus} with the reason {@code not checked yet}. A
 * pending check is left out of {@link HealthGroup#LIVE liveness} (a process is not restarted
 * because its checks have not run), counts as its initial status in every other group, and is never
 * the cause of a group change told to listeners or logged (see {@link HealthMonitor}).
 *
 * @param name the check's name
 * @param groups the groups it belongs to
 * @param critical whether its DOWN makes its groups DOWN (else DEGRADED)
 * @param status the reported status
 * @param pending whether the check has had no result yet (and is not stale)
 * @param reason why it is not UP, why an UP is on probation, or {@code not checked yet}; {@code
 *     null} when plainly UP
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
    boolean pending,
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
   * @param pending see {@link #pending()}
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
   * Whether this check, as a member of {@code group}, counts in the group's status: always, except
   * that a pending check does not count in {@link HealthGroup#LIVE} (liveness is never DOWN merely
   * because checks have not run).
   *
   * @param group the group, or {@code null} for every check ({@code /health})
   * @return whether the check's {@link #contribution()} counts
   */
  public boolean countsIn(HealthGroup group) {
    return !(pending && HealthGroup.LIVE.equals(group));
  }

  /**
   * This report with another status and reason, judged: no longer pending (used to mark a result,
   * or the lack of one, as stale).
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
        false,
        reason,
        data,
        error,
        duration,
        checkedAt,
        consecutiveFailures,
        consecutiveSuccesses);
  }
}
