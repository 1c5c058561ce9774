package dev.levee.benchmarks;

import dev.levee.health.HealthCheckConfig;
import dev.levee.health.HealthEndpoints;
import dev.levee.health.HealthGroup;
import dev.levee.health.HealthMonitor;
import dev.levee.health.HealthResult;
import dev.levee.http.EndpointServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Load test of {@code /health/ready} on {@code EndpointServer}: this process serves it, with a
 * healthy check and a check that never returns registered; a second JVM sends requests at a fixed
 * rate (open loop: each request's latency counts from when it was due, so a stall is not hidden by
 * the client waiting) over keep-alive connections on 127.0.0.1, and prints p50, p90, p99, p99.9 and
 * the maximum.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.levee.benchmarks.HealthLatency [rate/s] [seconds]
 * (defaults 1000 and 60; the first third, at most 10 s, is warm-up and not counted)
 * </pre>
 *
 * Not a JMH benchmark and not part of CI: it measures a server and a client across processes.
 */
public final class HealthLatency {
  private HealthLatency() {}

  /**
   * Runs the server and the client process.
   *
   * @param args rate per second (default 1000) and seconds (default 60)
   * @throws Exception if the run fails
   */
  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("client")) {
      client(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
      return;
    }
    int rate = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
    CountDownLatch never = new CountDownLatch(1);
    try (HealthMonitor monitor = HealthMonitor.builder().build()) {
      monitor.register(
          HealthCheckConfig.builder("db").interval(Duration.ofSeconds(1)).build(),
          HealthResult::up);
      monitor.register(
          HealthCheckConfig.builder("hangs")
              .groups(HealthGroup.READY)
              .critical(false)
              .interval(Duration.ofSeconds(1))
              .timeout(Duration.ofMillis(500))
              .build(),
          () -> {
            while (true) {
              try {
                never.await(); // ignores interrupts: the worst kind of check
              } catch (InterruptedException ignored) {
                // keep hanging
              }
            }
          });
      monitor.markStarted();
      try (EndpointServer server =
          EndpointServer.start(HealthEndpoints.of(monitor), "127.0.0.1", 0)) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process client =
            new ProcessBuilder(
                    java,
                    "-cp",
                    System.getProperty("java.class.path"),
                    HealthLatency.class.getName(),
                    "client",
                    String.valueOf(server.port()),
                    String.valueOf(rate),
                    String.valueOf(seconds))
                .redirectErrorStream(true)
                .start();
        try (BufferedReader out =
            new BufferedReader(
                new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = out.readLine()) != null) {
            System.out.println(line);
          }
        }
        if (!client.waitFor(seconds + 60L, TimeUnit.SECONDS)) {
          client.destroyForcibly();
          throw new IllegalStateException("the client process did not finish");
        }
        System.out.println(
            "server side: hanging check reports \""
                + monitor.report("hangs").orElseThrow().reason()
                + "\"");
      }
    }
  }

  /** The second process: fixed-rate GETs over a few keep-alive connections. */
  private static void client(int port, int rate, int seconds) throws Exception {
    int connections = 4;
    long period = 1_000_000_000L / rate * connections; // each connection's share of the rate
    int perConnection = rate * seconds / connections;
    int warmup = rate / connections * Math.min(10, seconds / 3); // JIT warm-up: up to 10s
    List<Thread> threads = new ArrayList<>();
    long[][] latencies = new long[connections][perConnection];
    int[] bad = new int[connections];
    long start = System.nanoTime() + 200_000_000L;
    for (int c = 0; c < connections; c++) {
      int id = c;
      Thread t =
          new Thread(
              () -> {
                try {
                  run(port, start + id * (period / connections), period, latencies[id], bad, id);
                } catch (IOException e) {
                  throw new IllegalStateException(e);
                }
              });
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
    long[] all =
        Arrays.stream(latencies)
            .flatMapToLong(l -> Arrays.stream(l, warmup, l.length))
            .sorted()
            .toArray();
    System.out.printf(
        Locale.ROOT,
        "GET /health/ready at %d/s for %ds over %d connections (%d measured, first %d per"
            + " connection as warm-up), non-200 answers: %d%n",
        rate,
        seconds,
        connections,
        all.length,
        warmup,
        Arrays.stream(bad).sum());
    System.out.printf(
        Locale.ROOT,
        "latency from due time: p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, max %.3f ms%n",
        pct(all, 0.50),
        pct(all, 0.90),
        pct(all, 0.99),
        pct(all, 0.999),
        all[all.length - 1] / 1e6);
  }

  private static double pct(long[] sorted, double p) {
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
  }

  private static void run(int port, long first, long period, long[] out, int[] bad, int id)
      throws IOException {
    byte[] request =
        ("GET /health/ready HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    try (Socket socket = new Socket()) {
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      OutputStream os = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[8192];
      for (int i = 0; i < out.length; i++) {
        long due = first + i * period;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        os.write(request);
        os.flush();
        int status = readResponse(in, buffer);
        out[i] = System.nanoTime() - due;
        if (status != 200) {
          bad[id]++;
        }
      }
    }
  }

  /** Reads one response with a Content-Length body; returns its status code. */
  private static int readResponse(InputStream in, byte[] buffer) throws IOException {
    StringBuilder head = new StringBuilder();
    int b;
    while ((b = in.read()) >= 0) {
      head.append((char) b);
      if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
        break;
      }
    }
    String text = head.toString();
    int status = Integer.parseInt(text.substring(9, 12));
    int at = text.toLowerCase(Locale.ROOT).indexOf("content-length:");
    int length = Integer.parseInt(text.substring(at + 15, text.indexOf('\r', at)).trim());
    int read = 0;
    while (read < length) {
      int n = in.read(buffer, 0, Math.min(buffer.length, length - read));
      if (n < 0) {
        throw new IOException("connection closed mid-body");
      }
      read += n;
    }
    return status;
  }
}
