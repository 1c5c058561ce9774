/**
 * The only code in {@code levee-health} that touches HikariCP: the pool figures and the soft
 * eviction a {@code DataSourceHealthCheck} uses when the data source it checks is a HikariCP pool.
 * Nothing here is loaded otherwise, so the check of any other data source works without HikariCP on
 * the class path.
 */
package dev.levee.health.internal.hikari;
