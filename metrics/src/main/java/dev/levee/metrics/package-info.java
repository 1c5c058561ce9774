/**
 * Micrometer binders for Levee. Metrics are pulled: each binder registers gauges and function
 * counters that read a primitive's own state at scrape time, so binding adds no work to a call.
 */
package dev.levee.metrics;
