/**
 * Health: {@link dev.levee.health.HealthCheck}s run on a schedule by the {@link
 * dev.levee.health.HealthMonitor}, each with its own timeout, and grouped into liveness, readiness,
 * startup, Raft and custom {@link dev.levee.health.HealthGroup}s; {@link
 * dev.levee.health.HealthEndpoints} serves the last results as JSON over any {@code dev.levee.http}
 * server, so a probe never waits for a check. {@link dev.levee.health.GracefulShutdown} takes a
 * service down in the order Kubernetes expects. Built-in checks are in {@code
 * dev.levee.health.checks}; Raft health in {@code dev.levee.health.raft}.
 */
package dev.levee.health;
