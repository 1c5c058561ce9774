/**
 * The HikariCP health check. Needs {@code HikariCP} on the class path, which {@code levee-health}
 * does not bring: the rest of the module loads without it.
 */
package dev.levee.health.hikari;
