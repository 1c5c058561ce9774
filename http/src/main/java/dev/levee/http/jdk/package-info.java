/**
 * Admission control for the JDK's own HTTP server ({@code com.sun.net.httpserver}, module {@code
 * jdk.httpserver}): {@link dev.levee.http.jdk.JdkAdmissionFilter}. A runtime image without that
 * module loads the rest of {@code levee-http}.
 */
package dev.levee.http.jdk;
