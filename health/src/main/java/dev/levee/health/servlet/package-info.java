/**
 * The Jakarta Servlet adapter for the health endpoints. Needs {@code jakarta.servlet-api} 6 on the
 * class path, which {@code levee-health} does not bring: the rest of the module loads without it.
 */
package dev.levee.health.servlet;
