package dev.levee.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@link HealthEndpoints} (or any {@link HttpEndpoint}) on the JDK's own HTTP server ({@code
 * jdk.httpserver}): no dependency beyond the JDK. Answers come from the monitor's cached results,
 * on two threads of the server's own ({@code levee-health-http-*}).
 *
 * <pre>{@code
 * try (HealthServer server = HealthServer.start(HealthEndpoints.of(monitor), "0.0.0.0", 8080)) {
 *   ...
 * }
 * }</pre>
 *
 * <p>Unless the application has set it, the first use of this class sets the system property {@code
 * sun.net.httpserver.nodelay=true} (TCP_NODELAY on the JDK server's connections): without it, each
 * response waits for the client's delayed ACK, 40 ms on Linux. It applies to every JDK {@code
 * HttpServer} the process starts after it, and only if none started before.
 *
 * <p>{@link #close()} stops accepting and answering at once, and stops every thread the server
 * started. This class is thread-safe.
 */
public final class HealthServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HealthServer.class);
  private static final Duration STOP_GRACE = Duration.ofSeconds(1);
  private static final String NO_DELAY = "sun.net.httpserver.nodelay";

  static {
    // The JDK server writes a response's headers and body in two writes; with Nagle's algorithm on,
    // the body waits for the client's delayed ACK of the headers (40 ms on Linux), which made
    // /health/ready take 40 ms or more per request on a keep-alive connection. The JDK reads this
    // property once, when its first server starts; an application's own setting wins.
    if (System.getProperty(NO_DELAY) == null) {
      System.setProperty(NO_DELAY, "true");
    }
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final AtomicBoolean closed = new AtomicBoolean();

  private HealthServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Binds and starts a server.
   *
   * @param endpoints what to serve (health endpoints, a Prometheus endpoint, ...)
   * @param bindAddress the address to bind, such as {@code 127.0.0.1} or {@code 0.0.0.0}
   * @param port the port; 0 picks a free one (see {@link #port()})
   * @return the running server
   * @throws UncheckedIOException if the address cannot be bound, naming it
   * @throws IllegalArgumentException if the port is outside [0, 65535]
   */
  public static HealthServer start(HttpEndpoint endpoints, String bindAddress, int port) {
    return start(
        java.util.List.of(Objects.requireNonNull(endpoints, "endpoints")), bindAddress, port);
  }

  /**
   * Binds and starts a server for several endpoints on one port, each under its own base path.
   *
   * @param endpoints what to serve; base paths must differ
   * @param bindAddress the address to bind, such as {@code 127.0.0.1} or {@code 0.0.0.0}
   * @param port the port; 0 picks a free one (see {@link #port()})
   * @return the running server
   * @throws UncheckedIOException if the address cannot be bound, naming it
   * @throws IllegalArgumentException if the port is outside [0, 65535] or two base paths are equal
   */
  public static HealthServer start(
      java.util.List<? extends HttpEndpoint> endpoints, String bindAddress, int port) {
    Objects.requireNonNull(endpoints, "endpoints");
    if (endpoints.stream().map(HttpEndpoint::basePath).distinct().count() != endpoints.size()) {
      throw new IllegalArgumentException(
          "health server: two endpoints have the same base path: "
              + endpoints.stream().map(HttpEndpoint::basePath).toList());
    }
    Objects.requireNonNull(bindAddress, "bindAddress");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("health server: port must be in [0, 65535], was " + port);
    }
    InetSocketAddress address = new InetSocketAddress(bindAddress, port);
    HttpServer server;
    try {
      server = HttpServer.create(address, 64);
    } catch (IOException e) {
      throw new UncheckedIOException("health server: cannot bind " + bindAddress + ":" + port, e);
    }
    AtomicInteger count = new AtomicInteger();
    ThreadPoolExecutor executor =
        new ThreadPoolExecutor(
            2,
            2,
            0,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(1024),
            task -> {
              Thread t = new Thread(task, "levee-health-http-" + count.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    for (HttpEndpoint endpoint : endpoints) {
      server.createContext(endpoint.basePath(), exchange -> serve(endpoint, exchange));
    }
    server.start();
    HealthServer started = new HealthServer(server, executor);
    LOG.atInfo()
        .addKeyValue("component", "health")
        .addKeyValue("address", started.address().toString())
        .log(
            "health server listening on {} for {}",
            started.address(),
            endpoints.stream().map(HttpEndpoint::basePath).toList());
    return started;
  }

  private static void serve(HttpEndpoint endpoints, HttpExchange exchange) throws IOException {
    // The request body is never read: a probe has none, and on JDK 17 a GET without a length
    // leaves the body stream reading the connection until the client closes it.
    try (exchange) {
      InetAddress remote = exchange.getRemoteAddress().getAddress();
      HealthRequest request =
          new HealthRequest(
              exchange.getRequestMethod(),
              exchange.getRequestURI().getRawPath(),
              exchange.getRequestURI().getRawQuery(),
              exchange.getRequestHeaders().getFirst("Accept"),
              exchange.getRequestHeaders().getFirst("Authorization"),
              remote != null && remote.isLoopbackAddress());
      HealthResponse response = endpoints.handle(request);
      for (Map.Entry<String, String> h : response.headers().entrySet()) {
        if (!h.getKey().equals("Content-Length")) {
          exchange.getResponseHeaders().set(h.getKey(), h.getValue());
        }
      }
      boolean head = request.method().equals("HEAD");
      if (head) {
        exchange
            .getResponseHeaders()
            .set("Content-Length", response.headers().get("Content-Length"));
        exchange.sendResponseHeaders(response.status(), -1);
      } else {
        exchange.sendResponseHeaders(response.status(), response.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(response.body());
        }
      }
    } catch (RuntimeException | Error e) {
      LOG.error("health server: a request failed", e);
      throw e;
    }
  }

  /**
   * The address the server listens on (with the real port when started with port 0).
   *
   * @return the address
   */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  /**
   * The port the server listens on.
   *
   * @return the port
   */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Stops the server and its threads. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    server.stop(0); // at once: a probe answers in microseconds, and waiting holds the caller
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("health server: a request thread did not stop within {}", STOP_GRACE);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
