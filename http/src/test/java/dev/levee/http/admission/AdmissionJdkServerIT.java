package dev.levee.http.admission;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.levee.http.jdk.JdkAdmissionFilter;
import dev.levee.http.servers.TestServers;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** {@link JdkAdmissionFilter} on the JDK's {@code HttpServer}, with a pool of 16 threads. */
class AdmissionJdkServerIT extends AdmissionContract {
  @Override
  TestServers.Running start(Admission admission) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    ExecutorService pool = Executors.newFixedThreadPool(16);
    server.setExecutor(pool);
    server.createContext("/", this::handle).getFilters().add(new JdkAdmissionFilter(admission));
    server.start();
    int port = server.getAddress().getPort();
    return new TestServers.Running() {
      @Override
      public int port() {
        return port;
      }

      @Override
      public void close() {
        server.stop(0);
        pool.shutdownNow();
      }
    };
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      switch (exchange.getRequestURI().getPath()) {
        case "/health/live", "/slow" -> {
          if (exchange.getRequestURI().getPath().equals("/slow")) {
            awaitGate();
          }
          exchange.sendResponseHeaders(200, 2);
          exchange
              .getResponseBody()
              .write("ok".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        case "/boom" -> throw new IllegalStateException("the application failed");
        case "/big" -> {
          exchange.sendResponseHeaders(200, BIG);
          OutputStream out = exchange.getResponseBody();
          byte[] piece = new byte[64 << 10];
          for (int sent = 0; sent < BIG; sent += piece.length) {
            out.write(piece);
          }
        }
        default -> exchange.sendResponseHeaders(404, -1);
      }
    }
  }
}
