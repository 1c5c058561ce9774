package dev.levee.metrics.prometheus;

import dev.levee.http.HttpEndpoint;
import dev.levee.http.HttpRequest;
import dev.levee.http.HttpResponse;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Serves {@code GET /metrics} from a {@link PrometheusMeterRegistry}: the OpenMetrics 1.0 text when
 * the {@code Accept} header asks for {@code application/openmetrics-text}, else the Prometheus text
 * format 0.0.4. {@code HEAD} answers the headers; other methods 405; other paths 404. It is an
 * {@link HttpEndpoint}, so {@code levee-http} serves it on Levee's own server ({@code
 * EndpointServer}), a Servlet container or Undertow, alone or beside the health endpoints:
 *
 * <pre>{@code
 * EndpointServer.start(List.of(HealthEndpoints.of(monitor), PrometheusEndpoint.of(prometheus)), "0.0.0.0", 8080);
 * }</pre>
 *
 * Thread-safe.
 */
// Its API names PrometheusMeterRegistry, from an optional module that cannot be required
// transitively (every reader of dev.levee.metrics would then need it to compile).
@SuppressWarnings("exports")
public final class PrometheusEndpoint implements HttpEndpoint {
  /** The Prometheus text format's content type. */
  public static final String TEXT_004 = "text/plain; version=0.0.4; charset=utf-8";

  /** The OpenMetrics text format's content type. */
  public static final String OPENMETRICS_100 =
      "application/openmetrics-text; version=1.0.0; charset=utf-8";

  private final PrometheusMeterRegistry registry;
  private final String path;

  private PrometheusEndpoint(PrometheusMeterRegistry registry, String path) {
    this.registry = Objects.requireNonNull(registry, "registry");
    if (path == null || !path.matches("(/[A-Za-z0-9._~-]+)+")) {
      throw new IllegalArgumentException(
          "prometheus endpoint: path must look like /metrics, was \"" + path + "\"");
    }
    this.path = path;
  }

  /**
   * The endpoint at {@code /metrics}.
   *
   * @param registry the registry to scrape
   * @return the endpoint
   */
  public static PrometheusEndpoint of(PrometheusMeterRegistry registry) {
    return new PrometheusEndpoint(registry, "/metrics");
  }

  /**
   * The endpoint at another path.
   *
   * @param registry the registry to scrape
   * @param path such as {@code /prometheus}
   * @return the endpoint
   * @throws IllegalArgumentException if the path is malformed
   */
  public static PrometheusEndpoint of(PrometheusMeterRegistry registry, String path) {
    return new PrometheusEndpoint(registry, path);
  }

  @Override
  public String basePath() {
    return path;
  }

  @Override
  public HttpResponse handle(HttpRequest request) {
    boolean head = request.method().equals("HEAD");
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Cache-Control", "no-store");
    if (!head && !request.method().equals("GET")) {
      headers.put("Allow", "GET, HEAD");
      return text(405, headers, "method not allowed\n", false);
    }
    if (!request.path().equals(path)) {
      return text(404, headers, "not found\n", head);
    }
    boolean openMetrics =
        request.accept() != null && request.accept().contains("application/openmetrics-text");
    String contentType = openMetrics ? OPENMETRICS_100 : TEXT_004;
    byte[] body = registry.scrape(contentType).getBytes(StandardCharsets.UTF_8);
    headers.put("Content-Type", contentType);
    headers.put("Content-Length", Integer.toString(body.length));
    return HttpResponse.of(200, headers, head ? new byte[0] : body);
  }

  private static HttpResponse text(
      int status, Map<String, String> headers, String text, boolean head) {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    headers.put("Content-Type", "text/plain; charset=utf-8");
    headers.put("Content-Length", Integer.toString(body.length));
    return HttpResponse.of(status, headers, head ? new byte[0] : body);
  }
}
