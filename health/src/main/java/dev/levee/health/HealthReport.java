package dev.levee.health;

import java.util.List;

/**
 * A group's health at one moment: its status and its members' reports, ordered by name. The status
 * is the worst contribution of its checks (DOWN over DEGRADED over UP, a non-critical DOWN counting
 * as DEGRADED); a group without checks is UP, and a pending check (no result yet) does not count in
 * {@link HealthGroup#LIVE} ({@link CheckReport#countsIn(HealthGroup)}), though it is listed.
 *
 * @param group the group, or {@code null} for every check ({@code /health})
 * @param status the aggregated status
 * @param checks the member checks' reports
 */
public record HealthReport(HealthGroup group, Status status, List<CheckReport> checks) {
  /**
   * Copies the list.
   *
   * @param group see {@link #group()}
   * @param status see {@link #status()}
   * @param checks see {@link #checks()}
   */
  public HealthReport {
    checks = List.copyOf(checks);
  }

  /**
   * Aggregates reports into a group's status.
   *
   * @param group the group, or {@code null} for every check
   * @param checks the members
   * @return the report
   */
  public static HealthReport of(HealthGroup group, List<CheckReport> checks) {
    Status status = Status.UP;
    for (CheckReport c : checks) {
      if (c.countsIn(group)) {
        status = status.worse(c.contribution());
      }
    }
    return new HealthReport(group, status, checks);
  }
}
