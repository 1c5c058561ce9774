/**
 * Scheduled health checks aggregated into live, ready, started and raft groups, served as JSON.
 * Adapters for optional dependencies live in their own packages so this module loads without them.
 */
module dev.levee.health {
  requires transitive dev.levee.core;
  requires com.fasterxml.jackson.databind;
  requires jdk.httpserver;
  requires org.slf4j;
  requires transitive java.management;

  exports dev.levee.health;
  exports dev.levee.health.checks;
}
