/** YAML configuration for every Levee module, and the assembled {@code Levee} runtime. */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.levee.config {
  requires transitive dev.levee.core;
  requires transitive dev.levee.http;
  requires transitive dev.levee.health;
  requires transitive dev.levee.metrics;
  requires dev.levee.common;
  requires org.yaml.snakeyaml;
  requires com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.core;
  requires micrometer.registry.prometheus;
  requires org.slf4j;

  exports dev.levee.config;
}
