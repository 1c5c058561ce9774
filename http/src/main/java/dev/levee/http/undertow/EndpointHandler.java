package dev.levee.http.undertow;

import dev.levee.http.HttpEndpoint;
import dev.levee.http.HttpRequest;
import dev.levee.http.HttpResponse;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;

/**
 * Serves an {@link HttpEndpoint} (the health endpoints, a Prometheus endpoint, ...) from Undertow.
 * Endpoints that {@link HttpEndpoint#nonBlocking() never block} (the health endpoints answer from
 * cached results in microseconds) are answered on the I/O thread, so probes never wait for a
 * worker; others are dispatched to Undertow's worker pool.
 *
 * <pre>{@code
 * Undertow.builder().addHttpListener(8080, "0.0.0.0")
 *     .setHandler(Handlers.path().addPrefixPath("/health", new EndpointHandler(HealthEndpoints.of(monitor))))
 *     .build().start();
 * }</pre>
 *
 * <p>The endpoints see the full request URI, so mount the handler where the URI keeps the base path
 * ({@code addPrefixPath} does). This class is thread-safe.
 */
public final class EndpointHandler implements HttpHandler {
  private final HttpEndpoint endpoints;

  /**
   * Creates the handler.
   *
   * @param endpoints what to serve (health endpoints, a Prometheus endpoint, ...)
   */
  public EndpointHandler(HttpEndpoint endpoints) {
    this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    if (!endpoints.nonBlocking() && exchange.isInIoThread()) {
      exchange.dispatch(this); // an endpoint that may block runs on a worker, not the I/O thread
      return;
    }
    InetSocketAddress source = exchange.getSourceAddress();
    String query = exchange.getQueryString();
    HttpResponse response =
        endpoints.handle(
            HttpRequest.builder(exchange.getRequestMethod().toString(), rawPath(exchange))
                .rawQuery(query == null || query.isEmpty() ? null : query)
                .accept(exchange.getRequestHeaders().getFirst(Headers.ACCEPT))
                .authorization(exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION))
                .loopback(
                    source != null
                        && source.getAddress() != null
                        && source.getAddress().isLoopbackAddress())
                .build());
    exchange.setStatusCode(response.status());
    for (Map.Entry<String, String> h : response.headers().entrySet()) {
      exchange.getResponseHeaders().put(HttpString.tryFromString(h.getKey()), h.getValue());
    }
    if (response.body().length > 0) {
      exchange.getResponseSender().send(ByteBuffer.wrap(response.body()));
    } else {
      exchange.endExchange();
    }
  }

  /**
   * The raw path, as the other adapters see it: a request in absolute form ({@code GET
   * http://host/health HTTP/1.1}, what a forward proxy sends) carries scheme and host in its URI.
   */
  static String rawPath(HttpServerExchange exchange) {
    String uri = exchange.getRequestURI();
    if (!exchange.isHostIncludedInRequestURI()) {
      return uri;
    }
    int scheme = uri.indexOf("://");
    int slash = scheme < 0 ? -1 : uri.indexOf('/', scheme + 3);
    return slash < 0 ? "/" : uri.substring(slash);
  }
}
