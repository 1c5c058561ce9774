package dev.levee.health;

import java.util.List;
import java.util.Objects;

/**
 * A group's health at one moment: its status and its members' reports, ordered by name. The status
 * is the worst contribution of its checks (DOWN over DEGRADED over UP, a non-critical DOWN counting
 * as DEGRADED); a group without checks is UP, and a pending check (no result yet) does not count in
 * {@link HealthGroup#LIVE} ({@link CheckReport#countsIn(HealthGroup)}), though it is listed.
 *
 * <p>A class rather than a record, as every snapshot and result in Levee: a report gains parts as
 * the monitor learns to report more, and a record's canonical constructor and deconstruction
 * pattern would change with each. Immutable and thread-safe; {@link #of(HealthGroup, List)} makes
 * one from the reports of its checks.
 */
public final class HealthReport {
  private final HealthGroup group;
  private final Status status;
  private final List<CheckReport> checks;

  HealthReport(HealthGroup group, Status status, List<CheckReport> checks) {
    this.group = group;
    this.status = Objects.requireNonNull(status, "status");
    this.checks = List.copyOf(checks);
  }

  /**
   * The group.
   *
   * @return the group, or {@code null} for every check ({@code /health})
   */
  public HealthGroup group() {
    return group;
  }

  /**
   * The aggregated status.
   *
   * @return the status
   */
  public Status status() {
    return status;
  }

  /**
   * The member checks' reports, ordered by name.
   *
   * @return the reports, read-only
   */
  public List<CheckReport> checks() {
    return checks;
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

  /**
   * Whether {@code other} is a {@code HealthReport} with equal components.
   *
   * @param other the object to compare with
   * @return {@code true} if equal
   */
  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof HealthReport)) {
      return false;
    }
    HealthReport o = (HealthReport) other;
    return Objects.equals(group, o.group)
        && Objects.equals(status, o.status)
        && Objects.equals(checks, o.checks);
  }

  @Override
  public int hashCode() {
    return Objects.hash(group, status, checks);
  }

  @Override
  public String toString() {
    return "HealthReport[" + "group=" + group + ", status=" + status + ", checks=" + checks + "]";
  }
}
