/**
 * HTTP for Levee's endpoints, apart from what they serve: the endpoint abstraction ({@link
 * dev.levee.http.HttpEndpoint}, {@link dev.levee.http.HttpRequest}, {@link
 * dev.levee.http.HttpResponse}) and Levee's own server, {@link dev.levee.http.EndpointServer}. The
 * Servlet and Undertow adapters are in {@code dev.levee.http.servlet} and {@code
 * dev.levee.http.undertow}; admission control for an application's requests is in {@code
 * dev.levee.http.admission}. The health and metrics modules build on it; neither needs the other.
 */
package dev.levee.http;
