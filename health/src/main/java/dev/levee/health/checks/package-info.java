/**
 * Built-in health checks for what most services need to watch: a database ({@link
 * dev.levee.health.checks.DataSourceHealthCheck}, any JDBC data source, with pool figures for
 * HikariCP), disk space, heap after GC, thread deadlocks, circuit breakers, heartbeats, loop
 * progress and hung calls. Each is a {@link dev.levee.health.HealthCheck} to register on a {@link
 * dev.levee.health.HealthMonitor}; each is thread-safe. Process-level checks ({@link
 * dev.levee.health.checks.DeadlockHealthCheck}, {@link
 * dev.levee.health.checks.ProgressHealthCheck}) suit liveness; the rest suit readiness.
 */
package dev.levee.health.checks;
