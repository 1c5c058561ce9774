/**
 * The Jakarta Servlet adapters: {@link dev.levee.http.servlet.EndpointServlet} serves any {@link
 * dev.levee.http.HttpEndpoint}, {@link dev.levee.http.servlet.AdmissionFilter} puts admission
 * control in front of an application. Needs {@code jakarta.servlet-api} 6 on the class path, which
 * {@code levee-http} does not bring: the rest of the module loads without it.
 */
package dev.levee.http.servlet;
