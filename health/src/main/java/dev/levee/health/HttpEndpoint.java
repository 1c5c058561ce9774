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
   * Answers one request. Must not block: answers come from state already at hand.
   *
   * @param request the request
   * @return the response
   */
  HealthResponse handle(HealthRequest request);
}
