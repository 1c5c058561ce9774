package dev.levee.http;

/**
 * Something served over HTTP under a base path, independent of the server: the health module's
 * {@code HealthEndpoints}, the metrics module's {@code PrometheusEndpoint}, or an application's
 * own. The adapters ({@link EndpointServer}, {@link dev.levee.http.servlet.EndpointServlet}, {@link
 * dev.levee.http.undertow.EndpointHandler}) serve any of them the same way, so every endpoint
 * behaves alike on every server.
 */
public interface HttpEndpoint {
  /**
   * The path under which the endpoint answers, such as {@code /health} or {@code /metrics}.
   *
   * @return the path
   */
  String basePath();

  /**
   * Answers one request. May block (an application's endpoint that calls a database) unless {@link
   * #nonBlocking()} says it never does.
   *
   * @param request the request
   * @return the response
   */
  HttpResponse handle(HttpRequest request);

  /**
   * Whether {@link #handle} always answers at once from state already at hand, without I/O, locks
   * held by slow work, or waiting. A server may then answer it on its I/O thread, as {@link
   * EndpointServer} and the Undertow adapter do, so its answers never queue behind other requests;
   * an endpoint that says so and then blocks stalls every connection of that server. The health
   * endpoints say so; a Prometheus scrape (milliseconds for a large registry) does not.
   *
   * @return {@code false} unless overridden
   */
  default boolean nonBlocking() {
    return false;
  }
}
