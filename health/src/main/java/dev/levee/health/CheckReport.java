package dev.levee.health;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
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
 * <p>A class rather than a record, as every snapshot and result in Levee: a report gains parts as
 * the monitor learns to report more, and a record's canonical constructor and deconstruction
 * pattern would change with each. Immutable and thread-safe.
 */
public final class CheckReport {
  private final String name;
  private final Set<HealthGroup> groups;
  private final boolean critical;
  private final Status status;
  private final boolean pending;
  private final String reason;
  private final Map<String, Object> data;
  private final String error;
  private final Duration duration;
  private final Instant checkedAt;
  private final Instant since;
  private final int consecutiveFailures;
  private final int consecutiveSuccesses;

  private CheckReport(
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
      Instant since,
      int consecutiveFailures,
      int consecutiveSuccesses) {
    this.name = Objects.requireNonNull(name, "name");
    this.groups = Set.copyOf(groups);
    this.critical = critical;
    this.status = Objects.requireNonNull(status, "status");
    this.pending = pending;
    this.reason = reason;
    this.data = data == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(data));
    this.error = error;
    this.duration = duration;
    this.checkedAt = checkedAt;
    this.since = since;
    this.consecutiveFailures = consecutiveFailures;
    this.consecutiveSuccesses = consecutiveSuccesses;
  }

  /**
   * The check's name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * The groups the check belongs to.
   *
   * @return the groups, read-only
   */
  public Set<HealthGroup> groups() {
    return groups;
  }

  /**
   * Whether its DOWN makes its groups DOWN (else DEGRADED).
   *
   * @return whether the check is critical
   */
  public boolean critical() {
    return critical;
  }

  /**
   * The reported status, after hysteresis and staleness.
   *
   * @return the status
   */
  public Status status() {
    return status;
  }

  /**
   * Whether the check has had no result yet (and is not stale).
   *
   * @return whether it is pending
   */
  public boolean pending() {
    return pending;
  }

  /**
   * Why it is not UP, why an UP is on probation, or {@code not checked yet}.
   *
   * @return the reason; {@code null} when plainly UP
   */
  public String reason() {
    return reason;
  }

  /**
   * The latest run's data.
   *
   * @return the data, read-only
   */
  public Map<String, Object> data() {
    return data;
  }

  /**
   * The latest run's error.
   *
   * @return the error, or {@code null}
   */
  public String error() {
    return error;
  }

  /**
   * How long the latest run took.
   *
   * @return the duration, or {@code null} before the first result
   */
  public Duration duration() {
    return duration;
  }

  /**
   * When the latest run finished.
   *
   * @return the time, or {@code null} before the first result
   */
  public Instant checkedAt() {
    return checkedAt;
  }

  /**
   * Since when the check has reported its {@link #status()}: when it was registered (pending), got
   * its first result, changed status, or went stale.
   *
   * @return the time, or {@code null} if unknown (a report made without one)
   */
  public Instant since() {
    return since;
  }

  /**
   * Failing results in a row, up to the latest.
   *
   * @return the count
   */
  public int consecutiveFailures() {
    return consecutiveFailures;
  }

  /**
   * UP results in a row, up to the latest.
   *
   * @return the count
   */
  public int consecutiveSuccesses() {
    return consecutiveSuccesses;
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
    return withStatus(status, reason, since);
  }

  /**
   * This report with another status, reason and start of that status, judged: no longer pending.
   *
   * @param status the status
   * @param reason the reason
   * @param since since when it has that status, or {@code null}
   * @return the copy
   */
  public CheckReport withStatus(Status status, String reason, Instant since) {
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
        since,
        consecutiveFailures,
        consecutiveSuccesses);
  }

  /**
   * Whether {@code other} is a {@code CheckReport} with equal components.
   *
   * @param other the object to compare with
   * @return {@code true} if equal
   */
  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof CheckReport)) {
      return false;
    }
    CheckReport o = (CheckReport) other;
    return Objects.equals(name, o.name)
        && Objects.equals(groups, o.groups)
        && critical == o.critical
        && Objects.equals(status, o.status)
        && pending == o.pending
        && Objects.equals(reason, o.reason)
        && Objects.equals(data, o.data)
        && Objects.equals(error, o.error)
        && Objects.equals(duration, o.duration)
        && Objects.equals(checkedAt, o.checkedAt)
        && Objects.equals(since, o.since)
        && consecutiveFailures == o.consecutiveFailures
        && consecutiveSuccesses == o.consecutiveSuccesses;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        name,
        groups,
        critical,
        status,
        pending,
        reason,
        data,
        error,
        duration,
        checkedAt,
        since,
        consecutiveFailures,
        consecutiveSuccesses);
  }

  @Override
  public String toString() {
    return "CheckReport["
        + "name="
        + name
        + ", groups="
        + groups
        + ", critical="
        + critical
        + ", status="
        + status
        + ", pending="
        + pending
        + ", reason="
        + reason
        + ", data="
        + data
        + ", error="
        + error
        + ", duration="
        + duration
        + ", checkedAt="
        + checkedAt
        + ", since="
        + since
        + ", consecutiveFailures="
        + consecutiveFailures
        + ", consecutiveSuccesses="
        + consecutiveSuccesses
        + "]";
  }

  /**
   * Starts a report, for tests of a {@link HealthListener} or of code that reads reports (a monitor
   * makes its own).
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link CheckReport}. Not thread-safe. */
  public static final class Builder {
    private String name;
    private Set<HealthGroup> groups = Set.of();
    private boolean critical = true;
    private Status status;
    private boolean pending = false;
    private String reason;
    private Map<String, Object> data = Map.of();
    private String error;
    private Duration duration;
    private Instant checkedAt;
    private Instant since;
    private int consecutiveFailures = 0;
    private int consecutiveSuccesses = 0;

    private Builder() {}

    /**
     * Sets the check's name (required).
     *
     * @param name the name
     * @return this builder
     */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /**
     * Sets the groups (default none).
     *
     * @param groups the groups
     * @return this builder
     */
    public Builder groups(Set<HealthGroup> groups) {
      this.groups = groups;
      return this;
    }

    /**
     * Sets whether the check is critical (default true).
     *
     * @param critical whether it is
     * @return this builder
     */
    public Builder critical(boolean critical) {
      this.critical = critical;
      return this;
    }

    /**
     * Sets the reported status (required).
     *
     * @param status the status
     * @return this builder
     */
    public Builder status(Status status) {
      this.status = status;
      return this;
    }

    /**
     * Sets whether the check is pending (default false).
     *
     * @param pending whether it is
     * @return this builder
     */
    public Builder pending(boolean pending) {
      this.pending = pending;
      return this;
    }

    /**
     * Sets the reason (default none).
     *
     * @param reason the reason, or {@code null}
     * @return this builder
     */
    public Builder reason(String reason) {
      this.reason = reason;
      return this;
    }

    /**
     * Sets the latest run's data (default none).
     *
     * @param data flat values, as {@link HealthResult#data()} holds them
     * @return this builder
     */
    public Builder data(Map<String, Object> data) {
      this.data = data;
      return this;
    }

    /**
     * Sets the latest run's error (default none).
     *
     * @param error the error, or {@code null}
     * @return this builder
     */
    public Builder error(String error) {
      this.error = error;
      return this;
    }

    /**
     * Sets how long the latest run took (default none).
     *
     * @param duration the duration, or {@code null}
     * @return this builder
     */
    public Builder duration(Duration duration) {
      this.duration = duration;
      return this;
    }

    /**
     * Sets when the latest run finished (default none).
     *
     * @param checkedAt the time, or {@code null}
     * @return this builder
     */
    public Builder checkedAt(Instant checkedAt) {
      this.checkedAt = checkedAt;
      return this;
    }

    /**
     * Sets since when the check has had its status (default none).
     *
     * @param since the time, or {@code null}
     * @return this builder
     */
    public Builder since(Instant since) {
      this.since = since;
      return this;
    }

    /**
     * Sets the failing results in a row (default 0).
     *
     * @param consecutiveFailures the count
     * @return this builder
     */
    public Builder consecutiveFailures(int consecutiveFailures) {
      this.consecutiveFailures = consecutiveFailures;
      return this;
    }

    /**
     * Sets the UP results in a row (default 0).
     *
     * @param consecutiveSuccesses the count
     * @return this builder
     */
    public Builder consecutiveSuccesses(int consecutiveSuccesses) {
      this.consecutiveSuccesses = consecutiveSuccesses;
      return this;
    }

    /**
     * Builds the report.
     *
     * @return the report
     * @throws NullPointerException naming a required part that is not set
     */
    public CheckReport build() {
      return new CheckReport(
          name,
          groups,
          critical,
          status,
          pending,
          reason,
          data,
          error,
          duration,
          checkedAt,
          since,
          consecutiveFailures,
          consecutiveSuccesses);
    }
  }
}
