package dev.levee.examples;

import dev.levee.config.LeveeConfig;
import dev.levee.core.CallNotPermittedException;
import dev.levee.core.CircuitBreaker;
import dev.levee.core.CircuitBreakerConfig;
import dev.levee.core.Registry;
import dev.levee.errors.ClassifiedException;
import dev.levee.errors.ErrorCategory;
import dev.levee.errors.ErrorClassifier;
import dev.levee.errors.ErrorClassifiers;
import dev.levee.health.HealthCheckConfig;
import dev.levee.health.HealthEndpoints;
import dev.levee.health.HealthGroup;
import dev.levee.health.HealthMonitor;
import dev.levee.health.checks.CircuitBreakerHealthCheck;
import dev.levee.health.checks.DeadlockHealthCheck;
import dev.levee.http.EndpointServer;
import dev.levee.metrics.LeveeMetrics;
import dev.levee.metrics.prometheus.PrometheusEndpoint;
import dev.levee.timeouts.Deadline;
import dev.levee.timeouts.OperationTimeoutException;
import dev.levee.timeouts.TimeLimiter;
import dev.levee.timeouts.Timeouts;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The runnable demo. It grows with Levee: today it shows what the errors, timeouts, circuit
 * breaker, health and metrics modules do, against a real server on 127.0.0.1 that accepts
 * connections and never answers, and serves health and metrics over HTTP on 127.0.0.1.
 */
public final class Demo {
  private final PrintStream out;
  private final Registry<CircuitBreaker, CircuitBreakerConfig> breakers =
      CircuitBreaker.registry(
          CircuitBreakerConfig.builder("default")
              .consecutiveFailures(3)
              .openDuration(Duration.ofSeconds(30))
              .build());

  Demo(PrintStream out) {
    this.out = out;
  }

  /**
   * Runs the demo. A mistake in how it was started (a flag, the port, the configuration) is one
   * line on stderr, {@code levee-demo: } and what was wrong, and exit status 2; nothing is left
   * running.
   *
   * @param args see {@code --help}
   * @throws Exception if the demo itself fails
   */
  public static void main(String[] args) throws Exception {
    try {
      main(DemoArgs.parse(args));
    } catch (BadStart e) {
      System.err.println("levee-demo: " + e.getMessage());
      System.exit(2);
    }
  }

  private static void main(DemoArgs args) throws Exception {
    if (args.help()) {
      System.out.println(DemoArgs.USAGE);
      return;
    }
    LeveeConfig config = args.loadConfig();
    String address = config.http().bindAddress();
    int port = args.port().orElse(config.http().port());
    if (!args.tour()) {
      DemoService.checkCanBind(address, port);
    }
    // Levee reads and validates logging:, the application applies it, before anything logs.
    DemoLogging.apply(config.logging());
    if (args.tour()) {
      new Demo(System.out).run();
      return;
    }
    DemoService service =
        DemoService.bind( // the port first: a busy one fails before anything heavy starts
            new DemoService.Options(
                address,
                port,
                args.chaos(),
                Duration.ofSeconds(10),
                Duration.ofSeconds(12),
                Duration.ofSeconds(6),
                args.rate(),
                config,
                Path.of(System.getProperty("java.io.tmpdir"))),
            System.out);
    // Before the start: SIGTERM while H2 and Raft start closes them and deletes their files.
    Runtime.getRuntime().addShutdownHook(new Thread(service::close, "demo-shutdown"));
    try {
      service.start();
    } catch (Exception e) { // not the user's mistake: what was started is closed; say what broke
      System.err.println("levee-demo: could not start: " + e);
      e.printStackTrace();
      System.exit(1);
    }
    if (args.duration() != null) {
      Thread.sleep(args.duration().toMillis());
      service.close();
      System.exit(0);
    }
    Thread.currentThread().join(); // until Ctrl-C: the hook shuts down gracefully
  }

  void run() throws Exception {
    out.println("Levee demo: errors, timeouts, a circuit breaker, health and metrics");
    out.println();
    classify();
    ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    List<Socket> held = new CopyOnWriteArrayList<>();
    Thread acceptor = acceptForever(silent, held);
    try (TimeLimiter limiter =
        TimeLimiter.builder("demo")
            .timeouts(Timeouts.builder().timeout("upstream.read", Duration.ofMillis(300)).build())
            .build()) {
      timeOut(limiter, silent.getLocalPort());
      shareADeadline(limiter, silent.getLocalPort());
      breakTheCircuit(limiter, silent.getLocalPort());
      out.println();
      out.printf(
          "Violations counted by the limiter: %d %s%n",
          limiter.violationCount(), limiter.violationsByOperation());
      out.println();
      showHealthAndMetrics(limiter);
    } finally {
      silent.close();
      for (Socket s : held) {
        s.close();
      }
      acceptor.join(5_000);
    }
    out.println("Closed the limiter: its worker and timer threads are gone.");
  }

  private void classify() {
    ErrorClassifier classifier = ErrorClassifiers.defaults();
    Map<String, Throwable> samples = new LinkedHashMap<>();
    samples.put(
        "socket read timed out, wrapped twice",
        new CompletionException(
            new RuntimeException(new SocketTimeoutException("read timed out"))));
    samples.put("connection refused", new ConnectException("Connection refused"));
    samples.put("SQLState 40001 (serialization failure)", new SQLException("conflict", "40001"));
    samples.put("SQLState 53300 (too many connections)", new SQLException("full", "53300"));
    samples.put("SQLState 23505 (unique violation)", new SQLException("duplicate", "23505"));
    samples.put("IllegalArgumentException", new IllegalArgumentException("bad id"));
    samples.put("InterruptedException", new InterruptedException());
    samples.put(
        "ClassifiedException(TRANSIENT)",
        ClassifiedException.builder(ErrorCategory.TRANSIENT, "quota exhausted")
            .metadata("api_key", "sk-live-123")
            .build());
    samples.put("IllegalStateException", new IllegalStateException("corrupt"));
    out.println("1. Every failure gets one category, and every policy acts on it:");
    samples.forEach(
        (what, error) -> out.printf("   %-42s -> %s%n", what, classifier.classify(error)));
    out.printf(
        "   HTTP 429 -> %s, 503 -> %s, 504 -> %s, 404 -> %s%n",
        ErrorClassifiers.forHttpStatus(429),
        ErrorClassifiers.forHttpStatus(503),
        ErrorClassifiers.forHttpStatus(504),
        ErrorClassifiers.forHttpStatus(404));
    out.println("   Secrets never print: " + samples.get("ClassifiedException(TRANSIENT)"));
    out.println();
  }

  private void timeOut(TimeLimiter limiter, int port) throws Exception {
    out.println("2. A read from a server that never answers, limited to 300ms:");
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      limiter.call("upstream.read", () -> socket.getInputStream().read(), socket);
      out.println("   unexpected: the read returned");
    } catch (OperationTimeoutException e) {
      out.println("   " + e.reason() + " -> " + e.category() + "; the socket was closed for us");
    }
    out.println();
  }

  @SuppressWarnings("try") // the scope is never named: binding it is the point
  private void shareADeadline(TimeLimiter limiter, int port) throws Exception {
    out.println("3. One 500ms request deadline shared by calls that may take 300ms each:");
    try (Deadline.Scope request = Deadline.after(Duration.ofMillis(500)).bind()) {
      for (int call = 1; call <= 2; call++) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
          limiter.call("upstream.read", () -> socket.getInputStream().read(), socket);
        } catch (OperationTimeoutException e) {
          out.printf(
              "   call %d: %s%n", call, e.fromDeadline() ? "limited by the deadline" : "own 300ms");
        }
      }
    }
  }

  private void breakTheCircuit(TimeLimiter limiter, int port) throws Exception {
    out.println();
    out.println(
        "4. A circuit breaker in front of it: 3 timeouts in a row open it, then calls fail fast:");
    CircuitBreaker breaker = breakers.getOrCreate("upstream");
    for (int call = 1; call <= 5; call++) {
      try {
        breaker.call(
            () -> {
              try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return limiter.call("upstream.read", () -> socket.getInputStream().read(), socket);
              }
            });
      } catch (OperationTimeoutException e) {
        out.printf("   call %d: timed out, breaker %s%n", call, breaker.state());
      } catch (CallNotPermittedException e) {
        out.printf(
            "   call %d: rejected at once (%s), breaker %s%n", call, e.category(), breaker.state());
      }
    }
  }

  private void showHealthAndMetrics(TimeLimiter limiter) throws Exception {
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (HealthMonitor health = HealthMonitor.builder().name("demo").build()) {
      health.register(
          HealthCheckConfig.builder("upstream")
              .groups(HealthGroup.READY)
              .failureAttempts(1)
              .build(),
          CircuitBreakerHealthCheck.builder(breakers).downWhenOpen("upstream").build());
      health.register(
          HealthCheckConfig.builder("deadlocks").groups(HealthGroup.LIVE).build(),
          new DeadlockHealthCheck());
      health.markStarted();
      LeveeMetrics.builder()
          .circuitBreakers(breakers)
          .health(health)
          .timeLimiter(limiter)
          .build()
          .bindTo(prometheus);
      waitForFirstResults(health);
      try (EndpointServer server =
          EndpointServer.start(
              List.of(HealthEndpoints.of(health), PrometheusEndpoint.of(prometheus)),
              "127.0.0.1",
              0)) {
        out.printf("5. What operators see, over HTTP on 127.0.0.1:%d:%n", server.port());
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (String path : List.of("/health/live", "/health/ready")) {
          HttpResponse<String> r = get(client, server.port(), path);
          out.printf("   GET %-14s -> %d %s%n", path, r.statusCode(), r.body());
        }
        HttpResponse<String> metrics = get(client, server.port(), "/metrics");
        out.printf("   GET %-14s -> %d, among its lines:%n", "/metrics", metrics.statusCode());
        for (String line : metrics.body().split("\n")) {
          if (line.startsWith("circuitbreaker_state{")
              || line.startsWith(
                  "circuitbreaker_requests_total{name=\"upstream\",result=\"not_permitted\"")
              || line.startsWith("timeouts_violations_total")
              || line.startsWith("health_status{group=\"ready\"")) {
            out.println("      " + line);
          }
        }
      }
    }
    out.println("Closed the monitor and the server: no health or HTTP thread is left.");
    out.println();
  }

  private static HttpResponse<String> get(HttpClient client, int port, String path)
      throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The checks run on the monitor's threads; wait (at most 10s) until each has a result. */
  private static void waitForFirstResults(HealthMonitor health) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (health.reports().stream().anyMatch(r -> r.checkedAt() == null && r.duration() == null)) {
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException("the demo's health checks did not run within 10s");
      }
      Thread.sleep(20);
    }
  }

  private static Thread acceptForever(ServerSocket server, List<Socket> held) {
    Thread acceptor =
        new Thread(
            () -> {
              try {
                while (true) {
                  held.add(server.accept()); // hold it open, never answer
                }
              } catch (IOException closed) {
                // the demo is over
              }
            },
            "demo-silent-server");
    acceptor.setDaemon(true);
    acceptor.start();
    return acceptor;
  }
}
