package dev.levee.examples;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.SQLExceptionOverride;
import dev.levee.config.LeveeConfig;
import dev.levee.core.CallNotPermittedException;
import dev.levee.core.CircuitBreaker;
import dev.levee.core.CircuitBreakerConfig;
import dev.levee.core.Pipeline;
import dev.levee.core.Registry;
import dev.levee.core.Retry;
import dev.levee.core.RetryConfig;
import dev.levee.health.GracefulShutdown;
import dev.levee.health.HealthCheckConfig;
import dev.levee.health.HealthEndpoints;
import dev.levee.health.HealthGroup;
import dev.levee.health.HealthMonitor;
import dev.levee.health.HealthRequest;
import dev.levee.health.HealthResponse;
import dev.levee.health.HealthServer;
import dev.levee.health.HttpEndpoint;
import dev.levee.health.Status;
import dev.levee.health.checks.CircuitBreakerHealthCheck;
import dev.levee.health.checks.DataSourceHealthCheck;
import dev.levee.health.checks.DeadlockHealthCheck;
import dev.levee.metrics.LeveeMetrics;
import dev.levee.metrics.PipelineTimer;
import dev.levee.metrics.prometheus.PrometheusEndpoint;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.h2.tools.Server;

/**
 * The demo as a running service: an orders API on 127.0.0.1 writing to H2 (a TCP server behind
 * HikariCP) through a retry and a circuit breaker, with health, metrics and a status page on the
 * same port, three in-process Apache Ratis servers ({@code /health/raft}), a load generator, a
 * status line every second, and, with chaos, a scripted database outage followed by the loss and
 * return of Raft quorum. Closing it shuts down gracefully: readiness DOWN, load stopped, in-flight
 * calls drained, everything closed.
 */
final class DemoService implements AutoCloseable {
  /** What the command line asked for. */
  record Options(
      int port,
      boolean chaos,
      Duration chaosStart,
      Duration outage,
      Duration raftGap,
      int rate,
      Path config) {}

  private final Options options;
  private final PrintStream out;
  private final Path dir;
  private Server h2;
  private final int h2Port;
  private final HikariDataSource pool;
  private final Registry<CircuitBreaker, CircuitBreakerConfig> breakers;
  private final CircuitBreaker breaker;
  private final Pipeline pipeline;
  private final HealthMonitor health;
  private final DemoRaft raft;
  private final PrometheusMeterRegistry prometheus;
  private final HealthServer server;
  private final HttpClient client;
  private final ScheduledExecutorService timers;
  private final AtomicLong ok = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong orderIds = new AtomicLong();
  private long lastSent;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final long startedAt = System.nanoTime();
  private volatile String phase = "steady";

  private DemoService(Options options, PrintStream out) throws Exception {
    this.options = options;
    this.out = out;
    LeveeConfig config =
        options.config() == null ? LeveeConfig.load("") : LeveeConfig.load(options.config());
    dir = Files.createTempDirectory("levee-demo-h2");
    h2 =
        Server.createTcpServer("-tcpPort", "0", "-baseDir", dir.toString(), "-ifNotExists").start();
    h2Port = h2.getPort();
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl("jdbc:h2:tcp://127.0.0.1:" + h2Port + "/orders");
    hikari.setUsername("sa");
    hikari.setPassword("");
    hikari.setMaximumPoolSize(4);
    hikari.setConnectionTimeout(250);
    hikari.setValidationTimeout(250);
    hikari.setPoolName("orders-db");
    hikari.setExceptionOverrideClassName(H2BrokenConnections.class.getName());
    pool = new HikariDataSource(hikari);
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS orders(id BIGINT PRIMARY KEY)");
    }
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
    PipelineTimer timer = PipelineTimer.builder("db").histogram(true).build();
    pipeline =
        Pipeline.builder("db")
            .retry(retries.getOrCreate("db"))
            .circuitBreaker(breaker)
            .observer(timer)
            .build();
    health = HealthMonitor.builder().name("demo").build();
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
    health.register(
        HealthCheckConfig.builder("deadlocks").groups(HealthGroup.LIVE).build(),
        new DeadlockHealthCheck());
    raft = new DemoRaft();
    raft.start(health);
    prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    LeveeMetrics.builder()
        .circuitBreakers(breakers)
        .retries(retries)
        .health(health)
        .raft(raft.check(), "n1")
        .pipelineTimer(timer)
        .build()
        .bindTo(prometheus);
    server =
        HealthServer.start(
            List.of(
                HealthEndpoints.of(health),
                PrometheusEndpoint.of(prometheus),
                new OrdersEndpoint(),
                new StatusPage()),
            "127.0.0.1",
            options.port());
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    timers =
        Executors.newScheduledThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "demo-timer");
              t.setDaemon(true);
              return t;
            });
    health.markStarted();
  }

  /**
   * Starts the service.
   *
   * @param options the options
   * @param out where status goes
   * @return the running service
   * @throws Exception if it cannot start
   */
  static DemoService start(Options options, PrintStream out) throws Exception {
    DemoService s = new DemoService(options, out);
    s.run();
    return s;
  }

  int port() {
    return server.port();
  }

  String phase() {
    return phase;
  }

  private void run() {
    out.printf(
        "Levee demo service on http://127.0.0.1:%d/ (health /health, metrics /metrics, API"
            + " /api/orders); H2 on 127.0.0.1:%d; load %d requests/s%n",
        port(), h2Port, options.rate());
    long period = 1_000_000_000L / Math.max(1, options.rate());
    timers.scheduleAtFixedRate(this::send, 0, period, TimeUnit.NANOSECONDS);
    timers.scheduleAtFixedRate(this::status, 1, 1, TimeUnit.SECONDS);
    if (options.chaos()) {
      timers.schedule(this::stopDatabase, options.chaosStart().toMillis(), TimeUnit.MILLISECONDS);
      timers.schedule(
          this::restartDatabase,
          options.chaosStart().plus(options.outage()).toMillis(),
          TimeUnit.MILLISECONDS);
      Duration raftStart = options.chaosStart().plus(options.outage()).plus(options.raftGap());
      timers.schedule(
          () ->
              raftStep(
                  "raft: n2 stopped",
                  "== chaos: stopping Raft server n2: quorum holds, failure tolerance 0 (DEGRADED)",
                  () -> {
                    raft.leadWithN1();
                    raft.stop("n2");
                  }),
          raftStart.toMillis(),
          TimeUnit.MILLISECONDS);
      timers.schedule(
          () ->
              raftStep(
                  "raft: n3 stopped",
                  "== chaos: stopping Raft server n3: quorum lost, /health/raft DOWN",
                  () -> raft.stop("n3")),
          raftStart.plus(options.raftGap()).toMillis(),
          TimeUnit.MILLISECONDS);
      timers.schedule(
          () ->
              raftStep(
                  "raft: restored",
                  "== chaos: restarting n2 and n3: quorum and health return",
                  () -> {
                    raft.restart("n2");
                    raft.restart("n3");
                  }),
          raftStart.plus(options.raftGap().multipliedBy(2)).toMillis(),
          TimeUnit.MILLISECONDS);
    }
  }

  private void send() {
    long id = sent.incrementAndGet();
    client
        .sendAsync(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + "/api/orders"))
                .timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString(Long.toString(id)))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .whenComplete(
            (r, e) -> {
              if (e != null || r.statusCode() == 500) {
                failed.incrementAndGet();
              } else if (r.statusCode() == 503) {
                rejected.incrementAndGet();
              } else {
                ok.incrementAndGet();
              }
            });
  }

  private void status() {
    long secs = (System.nanoTime() - startedAt) / 1_000_000_000L;
    long now = sent.get();
    long perSecond = now - lastSent; // the status task runs once a second, on one thread
    lastSent = now;
    out.printf(
        "t=%3ds %-22s %3d req/s sent=%d ok=%d failed=%d rejected(fast)=%d breaker db=%s ready=%s"
            + " raft=%s%n",
        secs,
        "[" + phase + "]",
        perSecond,
        now,
        ok.get(),
        failed.get(),
        rejected.get(),
        breaker.state(),
        health.report(HealthGroup.READY, Set.of()).status(),
        health.report(HealthGroup.RAFT, Set.of()).status());
  }

  /** A Raft step of the chaos story. */
  private interface RaftAction {
    void run() throws IOException;
  }

  private void raftStep(String newPhase, String message, RaftAction action) {
    phase = newPhase;
    out.println(message);
    try {
      action.run();
    } catch (IOException e) {
      out.println("== chaos: " + newPhase + " failed: " + e.getMessage());
    }
  }

  private void stopDatabase() {
    phase = "database stopped";
    out.println(
        "== chaos: stopping the H2 server: writes fail, the breaker opens, readiness goes DOWN");
    h2.stop();
  }

  private void restartDatabase() {
    try {
      h2 =
          Server.createTcpServer(
                  "-tcpPort", String.valueOf(h2Port), "-baseDir", dir.toString(), "-ifNotExists")
              .start();
      phase = "database restarted";
      out.println("== chaos: H2 is back: the breaker half-opens and closes, readiness returns");
    } catch (SQLException e) {
      out.println("== chaos: H2 did not restart: " + e.getMessage());
    }
  }

  /** The orders API: POST writes an order through the pipeline. */
  private final class OrdersEndpoint implements HttpEndpoint {
    @Override
    public String basePath() {
      return "/api/orders";
    }

    @Override
    public HealthResponse handle(HealthRequest request) {
      if (!request.method().equals("POST")) {
        return text(405, "POST an order id\n");
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
        return text(201, "stored\n");
      } catch (CallNotPermittedException open) {
        return text(503, "rejected at once: breaker open\n");
      } catch (RuntimeException e) {
        return text(500, "failed: " + e.getClass().getSimpleName() + "\n");
      }
    }
  }

  /** A small page at {@code /} with the breakers and checks. */
  private final class StatusPage implements HttpEndpoint {
    @Override
    public String basePath() {
      return "/";
    }

    @Override
    public HealthResponse handle(HealthRequest request) {
      if (!request.path().equals("/")) {
        return text(404, "not found\n");
      }
      StringBuilder html =
          new StringBuilder("<!doctype html><title>Levee demo</title><h1>Levee demo</h1>");
      html.append("<p>phase: ").append(phase).append("</p><h2>Circuit breakers</h2><ul>");
      breakers
          .all()
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
      return new HealthResponse(
          200,
          Map.of(
              "Content-Type",
              "text/html; charset=utf-8",
              "Content-Length",
              Integer.toString(body.length)),
          request.method().equals("HEAD") ? new byte[0] : body);
    }
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;");
  }

  private static HealthResponse text(int status, String text) {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    return new HealthResponse(
        status,
        Map.of(
            "Content-Type",
            "text/plain; charset=utf-8",
            "Content-Length",
            Integer.toString(body.length)),
        body);
  }

  Status readiness() {
    return health.report(HealthGroup.READY, Set.of()).status();
  }

  /** Graceful: readiness DOWN, load stopped, in-flight drained, then everything closed. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    out.println("== shutting down: readiness DOWN, load stopped, in-flight calls drained");
    timers.shutdownNow();
    GracefulShutdown.Report report =
        GracefulShutdown.builder(health)
            .propagationDelay(Duration.ZERO)
            .drainTimeout(Duration.ofSeconds(5))
            .close("raft", raft)
            .close("metrics", prometheus::close)
            .close("health", health)
            .close("pool", pool)
            .close("h2", () -> h2.stop())
            .close("http", server)
            .build()
            .run();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      out.println("could not delete " + dir + ": " + e.getMessage());
    }
    out.printf(
        "== stopped (%s): sent=%d ok=%d failed=%d rejected(fast)=%d%n",
        report.clean() ? "clean" : "not clean: " + report,
        sent.get(),
        ok.get(),
        failed.get(),
        rejected.get());
  }

  /**
   * HikariCP evicts a connection on SQLState class 08; H2 reports a stopped server as 90067 or
   * 90121, so the pool needs telling, or it keeps lending dead connections after H2 is back.
   */
  public static final class H2BrokenConnections implements SQLExceptionOverride {
    /** Created by HikariCP by name. */
    public H2BrokenConnections() {}

    @java.lang.Override
    public Override adjudicate(SQLException e) {
      int code = e.getErrorCode();
      return code == 90067 || code == 90121 || code == 90098
          ? Override.MUST_EVICT
          : Override.CONTINUE_EVICT;
    }
  }
}
