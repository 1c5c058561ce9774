package dev.levee.health;

/**
 * One thing to check: a database answers, a disk has room, a loop makes progress. A {@link
 * HealthMonitor} runs it on its own schedule, bounded by a timeout, and serves the last result; it
 * is never run on a probe's thread.
 *
 * <pre>{@code
 * HealthCheck queue = () -> backlog() < 10_000
 *     ? HealthResult.up().withData("backlog", backlog())
 *     : HealthResult.degraded("backlog above 10000").withData("backlog", backlog());
 * }</pre>
 *
 * <p>An implementation may block (it runs on a monitor thread) but should respond to interrupts: a
 * run that passes its timeout is interrupted. A check that throws is reported DOWN with the error
 * classified; it never stops the monitor.
 */
@FunctionalInterface
public interface HealthCheck {
  /**
   * Checks once.
   *
   * @return the result; not {@code null}
   * @throws Exception reported as DOWN, with the error classified
   */
  HealthResult check() throws Exception;
}
