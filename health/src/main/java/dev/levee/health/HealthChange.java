package dev.levee.health;

import java.time.Instant;
import java.util.Objects;

/**
 * One change a {@link HealthMonitor} announced: a check's first result or change of status, or a
 * group's change of status, as logged and told to {@link HealthListener}s. The monitor keeps the
 * last {@value HealthMonitor#HISTORY} ({@link HealthMonitor#history()}), for a status page's
 * timeline.
 *
 * <p>A class rather than a record, as every snapshot and event in Levee. Immutable and thread-safe.
 */
public final class HealthChange {
  /** What changed. */
  public enum Kind {
    /** A check: its first result, or a change of its reported status. */
    CHECK,
    /** A group's aggregated status, judged from results. */
    GROUP
  }

  private final Kind kind;
  private final String name;
  private final Status from;
  private final Status to;
  private final String reason;
  private final Instant at;

  private HealthChange(Kind kind, String name, Status from, Status to, String reason, Instant at) {
    this.kind = Objects.requireNonNull(kind, "kind");
    this.name = Objects.requireNonNull(name, "name");
    this.from = from;
    this.to = Objects.requireNonNull(to, "to");
    this.reason = reason;
    this.at = Objects.requireNonNull(at, "at");
  }

  /**
   * A check's change (a monitor makes its own; this is for tests of code that reads them).
   *
   * @param name the check's name
   * @param from the status before, or {@code null} for its first result
   * @param to the status after
   * @param reason the reason after, or {@code null}
   * @param at when
   * @return the change
   */
  public static HealthChange check(String name, Status from, Status to, String reason, Instant at) {
    return new HealthChange(Kind.CHECK, name, from, to, reason, at);
  }

  /**
   * A group's change.
   *
   * @param group the group
   * @param from the status before
   * @param to the status after
   * @param at when
   * @return the change
   */
  public static HealthChange group(HealthGroup group, Status from, Status to, Instant at) {
    return new HealthChange(
        Kind.GROUP, group.name(), Objects.requireNonNull(from, "from"), to, null, at);
  }

  /**
   * What changed.
   *
   * @return a check or a group
   */
  public Kind kind() {
    return kind;
  }

  /**
   * The check's or group's name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * The status before.
   *
   * @return the status, or {@code null} for a check's first result (it had none, only an initial
   *     one)
   */
  public Status from() {
    return from;
  }

  /**
   * The status after.
   *
   * @return the status
   */
  public Status to() {
    return to;
  }

  /**
   * A check's reason after the change.
   *
   * @return the reason, or {@code null} (always for a group)
   */
  public String reason() {
    return reason;
  }

  /**
   * When the monitor announced it.
   *
   * @return the time, on the monitor's clock
   */
  public Instant at() {
    return at;
  }

  /**
   * Whether {@code other} is a {@code HealthChange} with equal components.
   *
   * @param other the object to compare with
   * @return {@code true} if equal
   */
  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof HealthChange)) {
      return false;
    }
    HealthChange o = (HealthChange) other;
    return kind == o.kind
        && name.equals(o.name)
        && from == o.from
        && to == o.to
        && Objects.equals(reason, o.reason)
        && at.equals(o.at);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, name, from, to, reason, at);
  }

  @Override
  public String toString() {
    return "HealthChange["
        + kind
        + " "
        + name
        + ": "
        + (from == null ? "first result" : from)
        + " -> "
        + to
        + (reason == null ? "" : " (" + reason + ")")
        + " at "
        + at
        + "]";
  }
}
