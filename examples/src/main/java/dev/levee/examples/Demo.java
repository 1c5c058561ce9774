package dev.levee.examples;

import dev.levee.core.CallNotPermittedException;
import dev.levee.core.CircuitBreaker;
import dev.levee.core.CircuitBreakerConfig;
import dev.levee.errors.ClassifiedException;
import dev.levee.errors.ErrorCategory;
import dev.levee.errors.ErrorClassifier;
import dev.levee.errors.ErrorClassifiers;
import dev.levee.timeouts.Deadline;
import dev.levee.timeouts.OperationTimeoutException;
import dev.levee.timeouts.TimeLimiter;
import dev.levee.timeouts.Timeouts;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The runnable demo. It grows with Levee: today it shows what the errors and timeouts modules do,
 * against a real server on 127.0.0.1 that accepts connections and never answers.
 */
public final class Demo {
  private final PrintStream out;

  Demo(PrintStream out) {
    this.out = out;
  }

  /**
   * Runs the demo.
   *
   * @param args {@code --help} prints usage
   * @throws Exception if the demo itself fails
   */
  public static void main(String[] args) throws Exception {
    for (String arg : args) {
      if (arg.equals("--help") || arg.equals("-h")) {
        System.out.println(
            "usage: java -jar examples/target/levee-demo.jar\n\n"
                + "Shows Levee's error classification, timeouts and a circuit breaker against a"
                + " silent server on"
                + " 127.0.0.1.\nThe demo grows with Levee's modules; see the README's status list.");
        return;
      }
      System.err.println("unknown argument: " + arg + " (try --help)");
      System.exit(2);
    }
    new Demo(System.out).run();
  }

  void run() throws Exception {
    out.println("Levee demo: errors, timeouts and a circuit breaker");
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
    CircuitBreaker breaker =
        CircuitBreaker.of(
            "upstream",
            CircuitBreakerConfig.builder("upstream")
                .consecutiveFailures(3)
                .openDuration(Duration.ofSeconds(30))
                .build());
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
