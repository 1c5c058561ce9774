package dev.levee.benchmarks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The overloaded dependency of {@link OverloadExperiment}: a real HTTP server on 127.0.0.1 (JDK
 * {@code HttpServer}, port 0) that serves at most {@code capacity} requests at once, each for the
 * service time, and queues the rest first come, first served, without bound and without knowing
 * whether the client still waits (as a server behind a connection pool does). Requests hold no
 * thread while they wait or are served: the handler queues the exchange, and a timer answers it
 * when its service time is over. {@link #capacity(int)} changes the capacity while it runs.
 */
final class QueueingServer implements AutoCloseable {
  private static final byte[] OK = "ok".getBytes(StandardCharsets.US_ASCII);

  private final HttpServer server;
  private final ScheduledExecutorService timer;
  private final long serviceNanos;
  private final ArrayDeque<HttpExchange> queue = new ArrayDeque<>();
  private int capacity; // guarded by queue
  private int busy; // guarded by queue

  QueueingServer(int capacity, long serviceNanos) throws IOException {
    this.capacity = capacity;
    this.serviceNanos = serviceNanos;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "overload-server-timer");
              t.setDaemon(true);
              return t;
            });
    // Without TCP_NODELAY, the answer's headers and body go out as two segments and the second
    // waits for the client's delayed ACK (40 ms on Linux) on a kept-alive connection: a latency
    // that is the loopback's, not the queue's.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4096);
    server.createContext("/", this::arrived);
    server.setExecutor(null); // the handler only queues: the dispatcher thread runs it
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** Serves at most {@code capacity} at once from now on (requests in service finish first). */
  void capacity(int capacity) {
    synchronized (queue) {
      this.capacity = capacity;
    }
  }

  private void arrived(HttpExchange exchange) {
    boolean start;
    synchronized (queue) {
      start = busy < capacity;
      if (start) {
        busy++;
      } else {
        queue.addLast(exchange);
      }
    }
    if (start) {
      serve(exchange);
    }
  }

  private void serve(HttpExchange exchange) {
    timer.schedule(() -> served(exchange), serviceNanos, TimeUnit.NANOSECONDS);
  }

  private void served(HttpExchange exchange) {
    // The place is given to the next queued request (or freed) before the answer goes out: a
    // client that sends its next request the moment it has this answer must find it free.
    HttpExchange next;
    synchronized (queue) {
      next = busy <= capacity ? queue.pollFirst() : null;
      if (next == null) {
        busy--;
      }
    }
    answer(exchange);
    if (next != null) {
      serve(next);
    }
  }

  private static void answer(HttpExchange exchange) {
    try {
      exchange.sendResponseHeaders(200, OK.length);
      try (OutputStream body = exchange.getResponseBody()) {
        body.write(OK);
      }
    } catch (IOException gone) {
      // the client stopped waiting and closed the connection: the work was done for nobody
    } finally {
      exchange.close();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    timer.shutdownNow();
  }
}
