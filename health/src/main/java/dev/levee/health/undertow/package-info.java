/**
 * The Undertow adapter for the health endpoints. Needs {@code undertow-core} on the class path,
 * which {@code levee-health} does not bring: the rest of the module loads without it.
 */
package dev.levee.health.undertow;
