package dev.levee.http;

import dev.levee.common.internal.LeveeThreadFactory;
import dev.levee.common.internal.Require;
import dev.levee.http.internal.HttpLoop;
import dev.levee.http.internal.HttpSettings;
import dev.levee.timeouts.Durations;
import dev.levee.timeouts.Ticker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@link HttpEndpoint}s (the health endpoints, a Prometheus endpoint, an application's own)
 * over HTTP/1.1 with nothing beyond the JDK: Levee's own small server, built so that probes answer
 * within milliseconds whatever other clients do.
 *
 * <pre>{@code
 * try (EndpointServer server = EndpointServer.start(HealthEndpoints.of(monitor), "0.0.0.0", 8080)) {
 *   ...
 * }
 * }</pre>
 *
 * <p>What it guarantees, and the settings that matter ({@link #builder()}):
 *
 * <ul>
 *   <li>One I/O thread reads and writes every connection without blocking: a client that sends
 *       slowly, stops halfway or never reads its answer holds a connection, never a thread.
 *   <li>A request must arrive whole within {@linkplain Builder#readTimeout the read timeout} (5s)
 *       from its first byte, and a new connection must start its request within it; a kept-alive
 *       connection may wait {@linkplain Builder#idleTimeout the idle timeout} (30s) for its next
 *       request; a client that takes none of its answer for the read timeout is dropped. A request
 *       that did not arrive in time gets a 408 and the connection closes.
 *   <li>At most {@linkplain Builder#maxConnections maxConnections} (512) are open. A new one beyond
 *       them makes room: the kept-alive connection idle longest is closed, else the one that has
 *       waited longest for its request to arrive (its client gets a 503 if its request had begun),
 *       so clients that hold connections and send nothing are cycled out and a probe is served
 *       however many of them there are. Only when every connection has a request being answered
 *       does a newcomer get a 503 at once.
 *   <li>Endpoints that {@linkplain HttpEndpoint#nonBlocking() never block} (the health endpoints)
 *       are answered on the I/O thread as soon as their request is read, so probes never queue
 *       behind other requests. Other endpoints run on {@linkplain Builder#workerThreads worker
 *       threads} (8) with a {@linkplain Builder#workerQueue bounded queue} (256); a request that
 *       finds both full gets a 503 with {@code Retry-After} at once.
 *   <li>Request heads over {@linkplain Builder#maxHeadBytes 16 KiB} get a 431, bodies over
 *       {@linkplain Builder#maxBodyBytes 1 MiB} a 413; bodies are read and dropped (endpoints see
 *       none), and {@code Transfer-Encoding} gets a 411. Malformed requests get a JSON 400, and
 *       anything the server refuses closes the connection.
 * </ul>
 *
 * <p>Threads: {@code levee-http-<port>} (the I/O thread) and, while there is work for them, {@code
 * levee-http-<port>-worker-<n>}; daemons. {@link #close()} stops accepting at once (the port
 * closes), closes connections that have no request being answered, lets answers underway finish for
 * up to {@linkplain Builder#closeTimeout the close timeout} (5s), then stops every thread it
 * started. Problems clients cause are summed up in one log line a minute at most. This class is
 * thread-safe.
 */
public final class EndpointServer implements AutoCloseable {
  // Held apart so that loading this class (as reading a configuration does, for its rules)
  // starts no logging backend: an application applies its logging configuration first.
  private static final class Log {
    static final Logger LOG = LoggerFactory.getLogger(EndpointServer.class);
  }

  private final HttpLoop loop;
  private final Thread ioThread;
  private final ThreadPoolExecutor workers;
  private final Duration closeTimeout;
  private final InetSocketAddress address;
  private final AtomicBoolean closed = new AtomicBoolean();

  private EndpointServer(Builder b, HttpLoop loop) {
    this.loop = loop;
    this.workers = loop.workers();
    this.closeTimeout = b.closeTimeout;
    this.address = loop.address();
    this.ioThread = LeveeThreadFactory.single("http", String.valueOf(address.getPort()), loop);
  }

  /**
   * Binds and starts a server with the default settings.
   *
   * @param endpoints what to serve (health endpoints, a Prometheus endpoint, ...)
   * @param bindAddress the address to bind, such as {@code 127.0.0.1} or {@code 0.0.0.0}
   * @param port the port; 0 picks a free one (see {@link #port()})
   * @return the running server
   * @throws UncheckedIOException if the address cannot be bound, naming it
   * @throws IllegalArgumentException if the port is outside [0, 65535] or the address cannot be
   *     resolved
   */
  public static EndpointServer start(HttpEndpoint endpoints, String bindAddress, int port) {
    return builder().endpoint(endpoints).bind(bindAddress, port).start();
  }

  /**
   * Binds and starts a server for several endpoints on one port, each under its own base path, with
   * the default settings.
   *
   * @param endpoints what to serve; base paths must differ
   * @param bindAddress the address to bind, such as {@code 127.0.0.1} or {@code 0.0.0.0}
   * @param port the port; 0 picks a free one (see {@link #port()})
   * @return the running server
   * @throws UncheckedIOException if the address cannot be bound, naming it
   * @throws IllegalArgumentException if the port is outside [0, 65535], the address cannot be
   *     resolved, or two base paths are equal
   */
  public static EndpointServer start(
      List<? extends HttpEndpoint> endpoints, String bindAddress, int port) {
    Builder b = builder().bind(bindAddress, port);
    Objects.requireNonNull(endpoints, "endpoints").forEach(b::endpoint);
    return b.start();
  }

  /**
   * Starts configuring a server.
   *
   * @return a builder with the defaults given in the class description, bound to {@code 0.0.0.0}
   *     port 8080 unless {@link Builder#bind} says otherwise
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The address the server listens on (with the real port when started with port 0).
   *
   * @return the address
   */
  public InetSocketAddress address() {
    return address;
  }

  /**
   * The port the server listens on.
   *
   * @return the port
   */
  public int port() {
    return address.getPort();
  }

  /**
   * Connections open now, from clients of every kind.
   *
   * @return the count
   */
  public int openConnections() {
    return loop.openConnections();
  }

  /**
   * Stops accepting (the port closes before this returns), lets answers underway finish for up to
   * the close timeout, then stops every thread. Idempotent. Called from one of the server's own
   * threads (an endpoint that closes its server), it starts the close and returns without waiting;
   * the close goes on as described, every thread stopping at its end.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      loop.beginClosing(); // the I/O thread finishes the close, ending the workers too
    }
    // A second caller waits too: when close() returns, the port is closed, whoever called first.
    Thread me = Thread.currentThread();
    if (me == ioThread || me.getName().startsWith(ioThread.getName() + "-worker-")) {
      return;
    }
    try {
      // The close timeout, then the workers' grace, and one more grace for the loop's last turn.
      ioThread.join(closeTimeout.plus(HttpLoop.WORKER_GRACE.multipliedBy(2)).toMillis());
    } catch (InterruptedException e) {
      workers.shutdownNow();
      Thread.currentThread().interrupt();
      return;
    }
    if (ioThread.isAlive()) {
      workers.shutdownNow(); // the loop is stuck (an endpoint that says it never blocks, blocking)
      Log.LOG
          .atWarn()
          .addKeyValue("component", "http")
          .log(
              "endpoint server {}: its I/O thread did not end within {}; an endpoint that says it"
                  + " never blocks may be blocking it",
              address,
              Durations.format(closeTimeout.plus(HttpLoop.WORKER_GRACE.multipliedBy(2))));
    }
  }

  @Override
  public String toString() {
    return "EndpointServer[" + address + "]";
  }

  /** Configures and starts a {@link EndpointServer}. Each setter checks its value at once. */
  public static final class Builder {
    private final List<HttpEndpoint> endpoints = new ArrayList<>();
    private String bindAddress = "0.0.0.0";
    private int port = 8080;
    private Duration readTimeout = Duration.ofSeconds(5);
    private Duration idleTimeout = Duration.ofSeconds(30);
    private int maxConnections = 512;
    private int workerThreads = 8;
    private int workerQueue = 256;
    private int maxHeadBytes = 16 * 1024;
    private long maxBodyBytes = 1024 * 1024;
    private Duration closeTimeout = Duration.ofSeconds(5);
    private Ticker ticker = Ticker.system();
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * Adds an endpoint, served under its base path.
     *
     * @param endpoint the endpoint
     * @return this builder
     * @throws IllegalArgumentException if an endpoint with that base path was added
     */
    public Builder endpoint(HttpEndpoint endpoint) {
      Objects.requireNonNull(endpoint, "endpoint");
      for (HttpEndpoint e : endpoints) {
        if (e.basePath().equals(endpoint.basePath())) {
          throw new IllegalArgumentException(
              "endpoint server: two endpoints have the base path " + endpoint.basePath());
        }
      }
      endpoints.add(endpoint);
      return this;
    }

    /**
     * Sets where to listen (default {@code 0.0.0.0}, port 8080).
     *
     * @param bindAddress an address or host name, such as {@code 127.0.0.1} or {@code 0.0.0.0}
     * @param port in [0, 65535]; 0 picks a free port
     * @return this builder
     * @throws IllegalArgumentException if the port is out of range
     */
    public Builder bind(String bindAddress, int port) {
      this.bindAddress = Objects.requireNonNull(bindAddress, "bindAddress");
      this.port = Require.inRange("endpoint server: port", port, 0, 65535);
      return this;
    }

    /**
     * Sets how long a request may take to arrive, from its first byte to its last (and a new
     * connection to start one), and how long a client may take none of its answer (default 5s).
     *
     * @param timeout in [10ms, 10m]
     * @return this builder
     */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout =
          within("readTimeout", timeout, Duration.ofMillis(10), Duration.ofMinutes(10));
      return this;
    }

    /**
     * Sets how long a kept-alive connection may wait for its next request (default 30s).
     *
     * @param timeout in [10ms, 1h]
     * @return this builder
     */
    public Builder idleTimeout(Duration timeout) {
      this.idleTimeout = within("idleTimeout", timeout, Duration.ofMillis(10), Duration.ofHours(1));
      return this;
    }

    /**
     * Sets how many connections may be open at once (default 512).
     *
     * @param max in [1, 100000]
     * @return this builder
     */
    public Builder maxConnections(int max) {
      this.maxConnections = between("maxConnections", max, 1, 100_000);
      return this;
    }

    /**
     * Sets how many threads answer the endpoints that may block (default 8).
     *
     * @param threads in [1, 1024]
     * @return this builder
     */
    public Builder workerThreads(int threads) {
      this.workerThreads = between("workerThreads", threads, 1, 1024);
      return this;
    }

    /**
     * Sets how many requests for blocking endpoints may wait for a worker (default 256).
     *
     * @param queue in [1, 100000]
     * @return this builder
     */
    public Builder workerQueue(int queue) {
      this.workerQueue = between("workerQueue", queue, 1, 100_000);
      return this;
    }

    /**
     * Sets the largest request line and header fields together (default 16 KiB).
     *
     * @param bytes in [1 KiB, 1 MiB]
     * @return this builder
     */
    public Builder maxHeadBytes(int bytes) {
      this.maxHeadBytes = between("maxHeadBytes", bytes, 1024, 1024 * 1024);
      return this;
    }

    /**
     * Sets the largest request body, read and dropped (default 1 MiB).
     *
     * @param bytes in [0, 1 GiB]
     * @return this builder
     */
    public Builder maxBodyBytes(long bytes) {
      this.maxBodyBytes = Require.inRange("endpoint server: maxBodyBytes", bytes, 0, 1L << 30);
      return this;
    }

    /**
     * Sets how long {@link EndpointServer#close()} lets answers underway finish (default 5s).
     *
     * @param timeout in [0, 5m]
     * @return this builder
     */
    public Builder closeTimeout(Duration timeout) {
      this.closeTimeout = within("closeTimeout", timeout, Duration.ZERO, Duration.ofMinutes(5));
      return this;
    }

    /**
     * Sets the ticker that measures the timeouts (a manual one in tests).
     *
     * @param ticker the ticker
     * @return this builder
     */
    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /**
     * Sets the clock for the {@code Date} header.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Binds and starts the server.
     *
     * @return the running server
     * @throws UncheckedIOException if the address cannot be bound, naming it
     * @throws IllegalArgumentException if the address cannot be resolved
     * @throws IllegalStateException if no endpoint was added
     */
    public EndpointServer start() {
      if (endpoints.isEmpty()) {
        throw new IllegalStateException("endpoint server: no endpoint to serve");
      }
      InetSocketAddress address = new InetSocketAddress(bindAddress, port);
      if (address.isUnresolved()) {
        throw new IllegalArgumentException(
            "endpoint server: cannot resolve the bind address \"" + bindAddress + "\"");
      }
      HttpSettings settings =
          new HttpSettings(
              readTimeout,
              idleTimeout,
              maxConnections,
              workerThreads,
              workerQueue,
              maxHeadBytes,
              maxBodyBytes,
              closeTimeout,
              ticker,
              clock);
      String where = bindAddress + ":" + port;
      HttpLoop loop;
      try {
        loop = HttpLoop.bind(endpoints, address, 128, settings);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "endpoint server: cannot bind " + where + " (" + e.getMessage() + ")", e);
      }
      EndpointServer server = new EndpointServer(this, loop);
      server.ioThread.start();
      Log.LOG
          .atInfo()
          .addKeyValue("component", "http")
          .addKeyValue("address", server.address().toString())
          .log(
              "endpoint server listening on {} for {}",
              server.address(),
              endpoints.stream().map(HttpEndpoint::basePath).toList());
      return server;
    }

    private static Duration within(String field, Duration value, Duration min, Duration max) {
      return Require.inRange("endpoint server: " + field, value, min, max);
    }

    private static int between(String field, int value, int min, int max) {
      return Require.inRange("endpoint server: " + field, value, min, max);
    }
  }
}
