/** Micrometer binders for every Levee primitive, and a Prometheus endpoint. */
// Micrometer ships no module descriptor (only Automatic-Module-Name); its types are this
// module's API, so it must be required transitively all the same.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.levee.metrics {
  requires transitive dev.levee.core;
  // PrometheusEndpoint is an HttpEndpoint.
  requires transitive dev.levee.http;
  requires dev.levee.common;
  // Optional: only HealthMetrics and RaftMetrics (and the builder methods that make them) read
  // health's types; a service without levee-health binds everything else.
  requires static dev.levee.health;
  requires transitive micrometer.core;
  requires org.slf4j;
  requires static micrometer.registry.prometheus;

  exports dev.levee.metrics;
  exports dev.levee.metrics.prometheus;
}
