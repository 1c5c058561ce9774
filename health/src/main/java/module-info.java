/**
 * Scheduled health checks aggregated into live, ready, started and raft groups, served as JSON
 * through any of {@code dev.levee.http}'s servers. Adapters for optional dependencies live in their
 * own packages so this module loads without them.
 */
module dev.levee.health {
  // HealthEndpoints is an HttpEndpoint; DetailPolicy judges an HttpRequest.
  requires transitive dev.levee.http;
  // HealthMonitor takes a Ticker, a Scheduler and an ErrorClassifier.
  requires transitive dev.levee.timeouts;
  requires transitive dev.levee.errors;
  // Not transitive: only the built-in checks of breakers and in-flight calls name its types, and
  // whoever has a breaker or a tracker to check already reads it. A user of health alone does not.
  requires dev.levee.core;
  requires dev.levee.common;
  requires com.fasterxml.jackson.databind;
  requires org.slf4j;
  // Only dev.levee.health.internal.hikari uses it, and only for a data source that is a HikariCP
  // pool: DataSourceHealthCheck checks any other DataSource without it.
  requires static com.zaxxer.hikari;
  // DataSourceHealthCheck takes a DataSource.
  requires transitive java.sql;
  requires transitive java.management;

  exports dev.levee.health;
  exports dev.levee.health.checks;
  exports dev.levee.health.raft;
}
