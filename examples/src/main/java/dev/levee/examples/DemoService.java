package dev.levee.examples;

import com.zaxxer.hikari.HikariDataSource;
import dev.levee.config.LeveeConfig;
import dev.levee.core.AdaptiveLimiter;
import dev.levee.core.AdaptiveLimiterConfig;
import dev.levee.core.CallNotPermittedException;
import dev.levee.core.CircuitBreaker;
import dev.levee.core.CircuitBreakerConfig;
import dev.levee.core.ConcurrencyLimitExceededException;
import dev.levee.core.InFlightTracker;
import dev.levee.core.Pipeline;
import dev.levee.core.Registry;
import dev.levee.core.Retry;
import dev.levee.core.RetryConfig;
import dev.levee.health.GracefulShutdown;
import dev.levee.health.HealthCheckConfig;
import dev.levee.health.HealthEndpoints;
import dev.levee.health.HealthGroup;
import dev.levee.health.HealthMonitor;
import dev.levee.health.Status;
import dev.levee.health.StatusPage;
import dev.levee.health.checks.AdaptiveLimiterHealthCheck;
import dev.levee.health.checks.CircuitBreakerHealthCheck;
import dev.levee.health.checks.DataSourceHealthCheck;
import dev.levee.health.checks.DeadlockHealthCheck;
import dev.levee.http.EndpointServer;
import dev.levee.http.HttpEndpoint;
import dev.levee.http.HttpRequest;
import dev.levee.http.HttpResponse;
import dev.levee.metrics.LeveeMetrics;
import dev.levee.metrics.PipelineTimer;
import dev.levee.metrics.prometheus.PrometheusEndpoint;
import dev.levee.timeouts.Durations;
import dev.levee.timeouts.Ticker;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The demo as a running service: an orders API writing to H2 (a TCP server on 127.0.0.1 behind
 * HikariCP) through a retry, a circuit breaker and an adaptive concurrency limit, with health,
 * metrics and a status page on the same port, three in-process Apache Ratis servers ({@code
 * /health/raft}), a load generator, a status line every second, and, with chaos, a scripted
 * database outage followed by the loss and return of Raft quorum. Closing it shuts down gracefully:
 * readiness DOWN, load stopped, in-flight calls drained, everything closed.
 *
 * <p>Starting is two steps, as Kubernetes wants it. {@link #bind} binds the HTTP port first, so a
 * busy port fails at once with nothing else started; from then on the probes answer (liveness UP,
 * readiness DOWN "starting"), the orders API answers 503 and the status page says "starting".
 * {@link #start()} then starts the heavy parts (H2, the pool, the three Raft servers) and marks the
 * service started; if any fails, whatever was started is closed.
 */
final class DemoService implements AutoCloseable {
  /**
   * What the command line and the configuration asked for.
   *
   * @param bindAddress the address the HTTP server binds
   * @param port its port (0 picks one)
   * @param chaos whether to run the chaos script
   * @param chaosStart when the database stops
   * @param outage how long it stays stopped
   * @param raftGap the time between the Raft steps
   * @param rate the load, in requests a second
   * @param config the configuration (the {@code db} breaker and retry)
   * @param workDir where H2's and Raft's files go, each in a directory of its own, deleted on close
   */
  record Options(
      String bindAddress,
      int port,
      boolean chaos,
      Duration chaosStart,
      Duration outage,
      Duration raftGap,
      int rate,
      LeveeConfig config,
      Path workDir) {}

  /** Something to close if the start fails. */
  private interface Closer {
    void close() throws Exception;
  }

  private final Options options;
  private final PrintStream out;
  private final HealthMonitor health;
  private final PrometheusMeterRegistry prometheus;
  private final EndpointServer server;
  private final DemoLoad load;
  private final Deque<Closer> startedSoFar = new ArrayDeque<>(); // newest first
  // Set by start(), before `ready` is; the HTTP threads read them only once `ready` is true.
  private DemoDatabase database;
  private HikariDataSource pool;
  private Registry<CircuitBreaker, CircuitBreakerConfig> breakers;
  private CircuitBreaker breaker;
  private AdaptiveLimiter limiter;
  private Pipeline pipeline;
  private DemoRaft raft;
  private ScheduledExecutorService timers;
  private volatile boolean ready;
  private final AtomicLong orderIds = new AtomicLong();
  private final InFlightTracker calls = InFlightTracker.create("orders-db", Ticker.system());
  private long lastSent;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CountDownLatch closeEnded = new CountDownLatch(1);
  private volatile boolean startBegan;
  private final CountDownLatch startEnded = new CountDownLatch(1);
  private long startedAt; // set before the status task is scheduled, read only by it
  private volatile String phase = "starting";

  private DemoService(
      Options options, PrintStream out, HealthMonitor health, PrometheusMeterRegistry prometheus)
      throws BadStart {
    this.options = options;
    this.out = out;
    this.health = health;
    this.prometheus = prometheus;
    this.server =
        listen(
            List.of(
                HealthEndpoints.of(health),
                PrometheusEndpoint.of(prometheus, options.config().metrics().path()),
                new OrdersEndpoint(),
                StatusPage.builder(health)
                    .basePath("/")
                    .title("Levee demo")
                    .info(() -> Map.of("phase", phase))
                    .circuitBreakers(() -> ready ? breakers.all() : Map.of())
                    .build()),
            options.config().http(),
            options.bindAddress(),
            options.port());
    this.load =
        new DemoLoad(
            URI.create(
                "http://" + hostForClients(server.address()) + ":" + port() + "/api/orders"));
  }

  /**
   * Binds the HTTP port and serves the probes; nothing heavy starts. Liveness has its check from
   * here on; readiness is DOWN ("starting") until {@link #start()} completes.
   *
   * @param options the options
   * @param out where status goes
   * @return the service, listening, not started
   * @throws BadStart if the address cannot be bound (a busy port, an address not of this machine)
   */
  static DemoService bind(Options options, PrintStream out) throws BadStart {
    HealthMonitor health = HealthMonitor.builder().name("demo").build();
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    DemoService s;
    try {
      s = new DemoService(options, out, health, prometheus);
    } catch (BadStart | RuntimeException e) {
      prometheus.close();
      health.close();
      throw e;
    }
    s.startedSoFar.push(prometheus::close);
    s.startedSoFar.push(health::close);
    s.startedSoFar.push(s.server::close);
    // Registered only once the port is bound: its first status change is a log line, and a
    // failed bind is one line on stderr, nothing else.
    health.register(
        HealthCheckConfig.builder("deadlocks").groups(HealthGroup.LIVE).build(),
        new DeadlockHealthCheck());
    return s;
  }

  /**
   * Checks, with a plain socket bound and closed at once, that the address and port can be bound:
   * before logging and the HTTP, health and metrics classes load, so a busy port is reported in
   * about a second. {@link #bind} still handles the port being taken in between.
   *
   * @param address the address
   * @param port the port
   * @throws BadStart if it cannot be bound, naming the address, the port and why
   */
  static void checkCanBind(String address, int port) throws BadStart {
    InetSocketAddress where = new InetSocketAddress(address, port);
    if (where.isUnresolved()) {
      throw new BadStart("cannot listen on " + address + ":" + port + ": unknown host");
    }
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(where);
    } catch (IOException e) {
      throw cannotBind(address, port, e);
    }
  }

  private static EndpointServer listen(
      List<HttpEndpoint> endpoints, LeveeConfig.Http http, String address, int port)
      throws BadStart {
    try {
      EndpointServer.Builder b = http.serverBuilder(port).bind(address, port);
      endpoints.forEach(b::endpoint);
      return b.start();
    } catch (UncheckedIOException e) { // "endpoint server: cannot bind <address>:<port>"
      throw cannotBind(address, port, e.getCause() == null ? e : e.getCause());
    } catch (IllegalArgumentException e) { // a port out of range: the flags checked it already
      throw new BadStart(e.getMessage());
    }
  }

  private static BadStart cannotBind(String address, int port, Throwable cause) {
    String why = cause.getMessage() == null ? cause.toString() : cause.getMessage();
    if (why.contains("already in use")) {
      return new BadStart("port " + port + " on " + address + " is in use");
    }
    return new BadStart("cannot listen on " + address + ":" + port + ": " + why);
  }

  /** Where the load generator sends: the bound address, or loopback if it is a wildcard. */
  private static String hostForClients(InetSocketAddress bound) {
    InetAddress a = bound.getAddress();
    if (a == null || a.isAnyLocalAddress()) {
      return "127.0.0.1";
    }
    String host = a.getHostAddress();
    return a instanceof Inet6Address ? "[" + host.replace("%", "%25") + "]" : host;
  }

  /**
   * Starts H2, the pool, the pipeline, the three Raft servers and the load, and marks the service
   * started (readiness follows its checks from then on). If any part fails, every part started so
   * far, the HTTP server included, is closed before the failure is thrown. If {@link #close()} is
   * called meanwhile (SIGTERM while the demo starts), it returns once the parts are up without
   * serving, and the close, which waits for it, closes them.
   *
   * @throws Exception if a part cannot start
   */
  void start() throws Exception {
    startBegan = true; // before reading `closed`; close() sets it before reading this
    try {
      if (closed.get()) {
        return; // closed before it started: nothing to start
      }
      try {
        startParts();
      } catch (Exception | Error e) {
        phase = "failed to start";
        abort(e);
        throw e;
      }
      if (closed.get()) {
        return; // closed while starting: close() closes what was started, and nothing serves
      }
      phase = "steady";
      ready = true;
      health.markStarted();
      run();
    } finally {
      startEnded.countDown();
    }
  }

  private void startParts() throws Exception {
    LeveeConfig config = options.config();
    database = DemoDatabase.start(options.workDir());
    startedSoFar.push(database::closeAll);
    pool = database.pool();
    breakers =
        CircuitBreaker.registry(
            config
                .circuitBreakers()
                .getOrDefault(
                    "db",
                    CircuitBreakerConfig.builder("db")
                        .consecutiveFailures(5)
                        .openDuration(Duration.ofSeconds(2))
                        .build()));
    breaker = breakers.getOrCreate("db");
    Registry<Retry, RetryConfig> retries =
        Retry.registry(
            config.retries().getOrDefault("db", RetryConfig.builder("db").maxRetries(1).build()));
    // The database's capacity is found, not guessed: the limit follows the writes' latency.
    Registry<AdaptiveLimiter, AdaptiveLimiterConfig> limiters =
        AdaptiveLimiter.registry(config.adaptiveLimiters().getOrDefault("db", defaultLimiter()));
    limiter = limiters.getOrCreate("db");
    PipelineTimer timer = PipelineTimer.builder("db").histogram(true).build();
    pipeline =
        Pipeline.builder("db")
            .retry(retries.getOrCreate("db"))
            .circuitBreaker(breaker)
            .adaptiveLimiter(limiter)
            .inFlight(calls)
            .observer(timer)
            .build();
    health.register(
        HealthCheckConfig.builder("db")
            .groups(HealthGroup.READY)
            .interval(Duration.ofMillis(500))
            .timeout(Duration.ofSeconds(1))
            .failureAttempts(2)
            .successAttempts(2)
            .build(),
        DataSourceHealthCheck.builder(pool).recoverAfter(2).build());
    health.register(
        HealthCheckConfig.builder("breakers")
            .groups(HealthGroup.READY)
            .interval(Duration.ofMillis(500))
            .failureAttempts(1)
            .build(),
        CircuitBreakerHealthCheck.builder(breakers).build());
    // The limiter's limit, calls in flight and refusals in health and on the status page; never
    // worse than DEGRADED (while held at its minimum and refusing), so readiness stays 200.
    health.register(
        HealthCheckConfig.builder("limits")
            .groups(HealthGroup.READY)
            .interval(Duration.ofMillis(500))
            .failureAttempts(1)
            .build(),
        AdaptiveLimiterHealthCheck.of(limiters));
    raft = new DemoRaft(options.workDir());
    startedSoFar.push(raft::close);
    raft.start(health);
    LeveeMetrics.builder()
        .circuitBreakers(breakers)
        .retries(retries)
        .adaptiveLimiters(limiters)
        .health(health)
        .raft(raft.check(), "n1")
        .pipelineTimer(timer)
        .build()
        .bindTo(prometheus);
    timers =
        Executors.newScheduledThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "demo-timer");
              t.setDaemon(true);
              return t;
            });
    startedSoFar.push(timers::shutdownNow);
  }

  /**
   * The {@code db} limiter when the configuration names none: as the demo's {@code demo-levee.yaml}
   * sets it.
   */
  private static AdaptiveLimiterConfig defaultLimiter() {
    return AdaptiveLimiterConfig.builder("db")
        .initialLimit(20)
        .minLimit(2)
        .maxLimit(40)
        .minSamples(5)
        .baselineRefresh(Duration.ofSeconds(60))
        .build();
  }

  /** Closes what was started, newest first; what fails to close is added to {@code cause}. */
  private void abort(Throwable cause) {
    while (!startedSoFar.isEmpty()) {
      try {
        startedSoFar.pop().close();
      } catch (Exception | Error e) {
        if (cause != null) {
          cause.addSuppressed(e);
        }
      }
    }
  }

  int port() {
    return server.port();
  }

  /**
   * The H2 server's port, on 127.0.0.1.
   *
   * @return the port
   */
  int databasePort() {
    return database.port();
  }

  /**
   * The JDBC URL of the orders database (the password is the pool's alone).
   *
   * @return the URL
   */
  String jdbcUrl() {
    return database.jdbcUrl();
  }

  String phase() {
    return phase;
  }

  private void run() {
    InetSocketAddress bound = server.address();
    out.printf(
        "Levee demo service on http://%s:%d/%s (health /health, metrics %s, API"
            + " /api/orders); H2 on %s:%d (user sa, a password made for this run); load %d"
            + " requests/s%n",
        hostForClients(bound),
        port(),
        bound.getAddress() != null && bound.getAddress().isAnyLocalAddress()
            ? " (bound to " + options.bindAddress() + ": every interface)"
            : "",
        options.config().metrics().path(),
        DemoDatabase.BIND_ADDRESS,
        database.port(),
        options.rate());
    startedAt = System.nanoTime(); // t=0 is when the load and the chaos script start
    long period = 1_000_000_000L / Math.max(1, options.rate());
    timers.scheduleAtFixedRate(load::send, 0, period, TimeUnit.NANOSECONDS);
    timers.scheduleAtFixedRate(this::status, 1, 1, TimeUnit.SECONDS);
    if (options.chaos()) {
      new DemoChaos(database, raft, out, p -> phase = p)
          .schedule(timers, options.chaosStart(), options.outage(), options.raftGap());
    }
  }

  private void status() {
    long secs = (System.nanoTime() - startedAt) / 1_000_000_000L;
    long now = load.sent();
    long perSecond = now - lastSent; // the status task runs once a second, on one thread
    lastSent = now;
    out.printf(
        "t=%3ds %-22s %3d req/s %s breaker db=%s limit=%d ready=%s raft=%s%n",
        secs,
        "[" + phase + "]",
        perSecond,
        load.counts(),
        breaker.state(),
        limiter.limit(),
        health.report(HealthGroup.READY, Set.of()).status(),
        health.report(HealthGroup.RAFT, Set.of()).status());
  }

  /** The orders API: POST writes an order through the pipeline. */
  private final class OrdersEndpoint implements HttpEndpoint {
    @Override
    public String basePath() {
      return "/api/orders";
    }

    @Override
    public HttpResponse handle(HttpRequest request) {
      if (!request.path().equals(basePath())) {
        return DemoPages.text(404, "not found\n");
      }
      if (!request.method().equals("POST")) {
        return DemoPages.notAllowed("POST");
      }
      if (!ready) {
        return DemoPages.text(503, "starting: the database and the pipeline are not up yet\n");
      }
      long id = orderIds.incrementAndGet();
      try {
        pipeline.run(
            () -> {
              try (Connection c = pool.getConnection();
                  PreparedStatement s =
                      c.prepareStatement("MERGE INTO orders KEY(id) VALUES (?)")) {
                s.setLong(1, id);
                s.executeUpdate();
              } catch (SQLException e) {
                throw new UncheckedIOException(new IOException(e));
              }
            });
        return DemoPages.text(201, "stored\n");
      } catch (CallNotPermittedException open) {
        return DemoPages.text(503, "rejected at once: breaker open\n");
      } catch (ConcurrencyLimitExceededException full) {
        return DemoPages.text(
            503, "rejected at once: the database's limit (" + limiter.limit() + ") is reached\n");
      } catch (RuntimeException e) {
        return DemoPages.text(500, "failed: " + e.getClass().getSimpleName() + "\n");
      }
    }
  }

  Status readiness() {
    return health.report(HealthGroup.READY, Set.of()).status();
  }

  /**
   * Graceful: readiness DOWN, load stopped, in-flight drained, then everything closed. A service
   * bound but never started, or whose start failed, just closes what it has; one closed while it
   * starts (SIGTERM's hook) waits for {@link #start()} to end, then closes what it started. A
   * second call waits for the first to finish: SIGTERM's hook while the demo closes at the end of
   * {@code --duration} keeps the JVM until the close is done.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      await(closeEnded);
      return;
    }
    try {
      closeOnce();
    } finally {
      closeEnded.countDown();
    }
  }

  private void closeOnce() {
    if (startBegan) {
      await(startEnded); // the parts it starts are pushed onto startedSoFar by its thread
    }
    if (!ready) {
      abort(null);
      return;
    }
    LeveeConfig.Shutdown plan = options.config().shutdown();
    out.printf(
        "== shutting down: readiness DOWN (503) for %s while the load goes on, as a load balancer"
            + " sends until it notices; then the load stops and calls in flight drain%n",
        Durations.format(plan.propagationDelay()));
    GracefulShutdown.Report report =
        GracefulShutdown.builder(health)
            .propagationDelay(plan.propagationDelay())
            .drainTimeout(plan.drainTimeout())
            .stopIntake("load", this::stopLoad)
            .drain("load", load::outstanding)
            .drain(calls.name(), calls::inFlight)
            // Closed in reverse: health first (its checks stop, probes keep the last judgement:
            // liveness UP), then Raft, the pool, H2 and metrics; the HTTP server last of all.
            .close("metrics", prometheus::close)
            .close("h2", database::stop)
            .close("pool", pool)
            .close("raft", raft)
            .close("health", health)
            .close("http", server) // a EndpointServer: closed last whatever the order here
            .build()
            .run();
    try {
      database.deleteFiles();
    } catch (IOException e) {
      out.println("could not delete the database's files: " + e.getMessage());
    }
    out.printf(
        "== stopped (%s) in %s: %s unanswered=%d%n",
        report.clean() ? "clean" : "not clean: " + report,
        Durations.format(Duration.ofMillis(report.took().toMillis())),
        load.counts(),
        load.unanswered());
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops the load generator, the status line and the chaos script: no new request is sent. */
  private void stopLoad() {
    timers.shutdownNow();
    out.println("== load stopped; draining the requests in flight: " + load.outstanding());
  }
}
