/** YAML configuration for every Levee module, and the assembled {@code Levee} runtime. */
module dev.levee.config {
  requires transitive dev.levee.core;
  requires transitive dev.levee.health;
  requires transitive dev.levee.metrics;
  requires com.fasterxml.jackson.dataformat.yaml;

// Status: planned. It will export dev.levee.config once that package has its first type.
}
