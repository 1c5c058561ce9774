package dev.levee.examples;

import dev.levee.core.CircuitBreaker;
import dev.levee.health.HealthMonitor;
import dev.levee.http.HttpEndpoint;
import dev.levee.http.HttpRequest;
import dev.levee.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;

/** The demo's own HTTP answers: the status page at {@code /}, and plain-text responses. */
final class DemoPages {
  private DemoPages() {}

  /**
   * A small page at {@code /} with the phase, the breakers and the checks. {@code GET} and {@code
   * HEAD} only (405 with {@code Allow: GET, HEAD} otherwise); {@code HEAD} has no body and the
   * {@code Content-Length} of the {@code GET}. Other paths are 404.
   */
  static final class StatusPage implements HttpEndpoint {
    private final Supplier<String> phase;
    private final Supplier<Map<String, CircuitBreaker>> breakers;
    private final HealthMonitor health;

    /**
     * Creates the page.
     *
     * @param phase the demo's phase
     * @param breakers the breakers by name (none while the service starts)
     * @param health the monitor whose checks it lists
     */
    StatusPage(
        Supplier<String> phase,
        Supplier<Map<String, CircuitBreaker>> breakers,
        HealthMonitor health) {
      this.phase = phase;
      this.breakers = breakers;
      this.health = health;
    }

    @Override
    public String basePath() {
      return "/";
    }

    @Override
    public HttpResponse handle(HttpRequest request) {
      if (!request.path().equals("/")) {
        return text(404, "not found\n");
      }
      boolean head = request.method().equals("HEAD");
      if (!head && !request.method().equals("GET")) {
        return notAllowed("GET, HEAD");
      }
      StringBuilder html =
          new StringBuilder("<!doctype html><title>Levee demo</title><h1>Levee demo</h1>");
      html.append("<p>phase: ").append(phase.get()).append("</p><h2>Circuit breakers</h2><ul>");
      breakers
          .get()
          .forEach(
              (n, b) ->
                  html.append("<li>").append(n).append(": ").append(b.state()).append("</li>"));
      html.append("</ul><h2>Health checks</h2><ul>");
      health
          .reports()
          .forEach(
              r ->
                  html.append("<li>")
                      .append(r.name())
                      .append(": ")
                      .append(r.status())
                      .append(r.reason() == null ? "" : " (" + escape(r.reason()) + ")")
                      .append("</li>"));
      html.append("</ul><p><a href=/health?verbose>/health</a> <a href=/metrics>/metrics</a></p>");
      byte[] body = html.toString().getBytes(StandardCharsets.UTF_8);
      return HttpResponse.of(
          200,
          Map.of(
              "Content-Type",
              "text/html; charset=utf-8",
              "Content-Length",
              Integer.toString(body.length)),
          head ? new byte[0] : body);
    }
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;");
  }

  /**
   * A plain-text answer.
   *
   * @param status the status code
   * @param text the body
   * @return the response
   */
  static HttpResponse text(int status, String text) {
    return text(status, text, Map.of());
  }

  /**
   * 405, with the methods allowed.
   *
   * @param allow the {@code Allow} header, such as {@code GET, HEAD}
   * @return the response
   */
  static HttpResponse notAllowed(String allow) {
    return text(405, "method not allowed: " + allow + " only\n", Map.of("Allow", allow));
  }

  private static HttpResponse text(int status, String text, Map<String, String> extra) {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers = new java.util.HashMap<>(extra);
    headers.put("Content-Type", "text/plain; charset=utf-8");
    headers.put("Content-Length", Integer.toString(body.length));
    return HttpResponse.of(status, headers, body);
  }
}
