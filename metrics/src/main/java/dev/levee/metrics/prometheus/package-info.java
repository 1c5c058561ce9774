/**
 * The Prometheus endpoint. Needs {@code micrometer-registry-prometheus}, which {@code
 * levee-metrics} does not bring: the rest of the module loads without it.
 */
package dev.levee.metrics.prometheus;
