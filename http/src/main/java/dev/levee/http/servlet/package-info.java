/**
 * The Jakarta Servlet adapter for any {@link dev.levee.http.HttpEndpoint}. Needs {@code
 * jakarta.servlet-api} 6 on the class path, which {@code levee-http} does not bring: the rest of
 * the module loads without it.
 */
package dev.levee.http.servlet;
