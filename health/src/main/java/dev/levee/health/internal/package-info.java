/**
 * The monitor's machinery: one runner per check (schedule, timeout, hysteresis), status changes
 * told once to the log and listeners, the JSON writer with its scrubbing of secrets, and the
 * monitor's threads. Not exported.
 */
package dev.levee.health.internal;
