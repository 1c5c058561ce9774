package dev.levee.http.servlet;

import dev.levee.http.HttpEndpoint;
import dev.levee.http.HttpRequest;
import dev.levee.http.HttpResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Map;
import java.util.Objects;

/**
 * Serves an {@link HttpEndpoint} (the health endpoints, a Prometheus endpoint, ...) from a Jakarta
 * Servlet 6 container (Jetty 12, Tomcat 10.1+). Map it at the endpoints' base path and below, for
 * example {@code /health} and {@code /health/*}; paths are taken relative to the context path, so
 * the servlet works in any context.
 *
 * <pre>{@code
 * context.addServlet(new ServletHolder(new EndpointServlet(HealthEndpoints.of(monitor))), "/health/*");
 * }</pre>
 *
 * <p>Every method goes through the endpoints (which answer 405 for all but GET and HEAD). This
 * class is thread-safe.
 */
public final class EndpointServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final transient HttpEndpoint endpoints;

  /**
   * Creates the servlet.
   *
   * @param endpoints what to serve (health endpoints, a Prometheus endpoint, ...)
   */
  public EndpointServlet(HttpEndpoint endpoints) {
    this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String uri = req.getRequestURI();
    String context = req.getContextPath();
    String path =
        context != null && uri.startsWith(context) ? uri.substring(context.length()) : uri;
    HttpResponse response =
        endpoints.handle(
            HttpRequest.builder(req.getMethod(), path)
                .rawQuery(req.getQueryString())
                .accept(req.getHeader("Accept"))
                .authorization(req.getHeader("Authorization"))
                .loopback(isLoopback(req.getRemoteAddr()))
                .build());
    resp.setStatus(response.status());
    for (Map.Entry<String, String> h : response.headers().entrySet()) {
      resp.setHeader(h.getKey(), h.getValue());
    }
    if (response.body().length > 0) {
      resp.getOutputStream().write(response.body());
    }
  }

  private static boolean isLoopback(String address) {
    try {
      return address != null && InetAddress.getByName(address).isLoopbackAddress();
    } catch (IOException e) {
      return false; // the container gives an IP literal; anything else is not loopback
    }
  }
}
