/**
 * Scheduled health checks aggregated into live, ready, started and raft groups, served as JSON.
 * Adapters for optional dependencies live in their own packages so this module loads without them.
 */
module dev.levee.health {
  requires transitive dev.levee.core;
  requires dev.levee.common;
  requires com.fasterxml.jackson.databind;
  requires org.slf4j;
  // Optional: only the adapter packages use them. Not transitive: a static transitive requirement
  // would make every module that reads this one need them to compile.
  requires static jakarta.servlet;
  // Undertow 2.3 declares no module name: this is the one the JDK derives from its jar's name.
  requires static undertow.core;
  // Only dev.levee.health.internal.hikari uses it, and only for a data source that is a HikariCP
  // pool: DataSourceHealthCheck checks any other DataSource without it.
  requires static com.zaxxer.hikari;
  requires java.sql;
  requires transitive java.management;

  exports dev.levee.health;
  exports dev.levee.health.checks;
  exports dev.levee.health.raft;
  exports dev.levee.health.servlet;
  exports dev.levee.health.undertow;
}
