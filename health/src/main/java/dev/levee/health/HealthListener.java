package dev.levee.health;

/**
 * Observes a {@link HealthMonitor}: a check's reported status changed, or a group's did. Both
 * methods have empty defaults. Called on the monitor's threads once per change; must be quick and
 * must not throw (an exception is logged and ignored).
 */
public interface HealthListener {
  /**
   * A check's reported status changed.
   *
   * @param before the report before the change
   * @param after the report after it
   */
  default void onCheckChanged(CheckReport before, CheckReport after) {}

  /**
   * A group's aggregated status changed.
   *
   * @param group the group
   * @param from the status before
   * @param to the status now
   */
  default void onGroupChanged(HealthGroup group, Status from, Status to) {}
}
