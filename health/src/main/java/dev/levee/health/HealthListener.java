package dev.levee.health;

/**
 * Observes a {@link HealthMonitor}: a check has its first result or its reported status changed, or
 * a group's status, judged from results, changed. Both methods have empty defaults. Called on the
 * monitor's threads once per change; must be quick and must not throw (an exception is logged and
 * ignored). Nothing is told for a check that has no result yet (see {@link HealthMonitor}).
 */
public interface HealthListener {
  /**
   * A check has its first result, or its reported status changed. For the first result {@code
   * before} is the pending report ({@link CheckReport#pending()}: its initial status, {@code not
   * checked yet}), and its status may equal {@code after}'s.
   *
   * @param before the report before the change
   * @param after the report after it
   */
  default void onCheckChanged(CheckReport before, CheckReport after) {}

  /**
   * A group's aggregated status changed, judged from the results of its checks: checks without a
   * result yet are left out, so this is never called merely because a check was registered or has
   * not run yet.
   *
   * @param group the group
   * @param from the status before
   * @param to the status now
   */
  default void onGroupChanged(HealthGroup group, Status from, Status to) {}
}
