/** YAML configuration for every Levee module, and the assembled {@code Levee} runtime. */
module dev.levee.config {
  requires transitive dev.levee.core;
  requires transitive dev.levee.health;
  requires transitive dev.levee.metrics;
  requires com.fasterxml.jackson.dataformat.yaml;
  requires com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.core;

  exports dev.levee.config;
}
