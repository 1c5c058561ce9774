/**
 * The Undertow adapter for any {@link dev.levee.http.HttpEndpoint}. Needs {@code undertow-core} on
 * the class path, which {@code levee-http} does not bring: the rest of the module loads without it.
 */
package dev.levee.http.undertow;
