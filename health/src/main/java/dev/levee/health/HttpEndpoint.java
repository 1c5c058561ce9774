package dev.levee.health;

/**
 * Something served over HTTP under a base path, independent of the server: {@link HealthEndpoints}
 * and the metrics module's {@code PrometheusEndpoint}. The adapters ({@link HealthServer}, {@code
 * servlet.HealthServlet}, {@code undertow.HealthHandler}) serve any of them the same way, so every
 * endpoint behaves alike on every server.
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
  HealthResponse handle(HealthRequest request);

  /**
   * Whether {@link #handle} always answers at once from state already at hand, without I/O, locks
   * held by slow work, or waiting. A server may then answer it on its I/O thread, as {@link
   * HealthServer} and the Undertow adapter do, so its answers never queue behind other requests; an
   * endpoint that says so and then blocks stalls every connection of that server. The health
   * endpoints say so; a Prometheus scrape (milliseconds for a large registry) does not.
   *
   * @return {@code false} unless overridden
   */
  default boolean nonBlocking() {
    return false;
  }
}
