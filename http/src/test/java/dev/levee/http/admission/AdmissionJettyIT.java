package dev.levee.http.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.http.servers.TestServers;
import dev.levee.http.servlet.AdmissionFilter;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/**
 * {@link AdmissionFilter} in Jetty 12 (EE10), mapped first on {@code /*}: the contract, and
 * asynchronous requests, whose place comes back when their async context completes or times out.
 */
class AdmissionJettyIT extends AdmissionContract {
  private final ExecutorService app = Executors.newCachedThreadPool();

  @Override
  TestServers.Running start(Admission admission) throws Exception {
    Server jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    FilterHolder filter = new FilterHolder(new AdmissionFilter(admission));
    filter.setAsyncSupported(true);
    context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
    ServletHolder servlet = new ServletHolder(new Application());
    servlet.setAsyncSupported(true);
    context.addServlet(servlet, "/*");
    jetty.setHandler(context);
    jetty.start();
    int port = connector.getLocalPort();
    return new TestServers.Running() {
      @Override
      public int port() {
        return port;
      }

      @Override
      public void close() throws Exception {
        jetty.stop();
        app.shutdownNow();
      }
    };
  }

  @Test
  void anAsynchronousRequestHoldsItsPlaceUntilItsAsyncContextCompletes() throws Exception {
    Future<String> async = getLater("/async", false);
    awaitInFlight(1);
    assertThat(async).as("still waiting for the gate").isNotDone();
    assertThat(admission.inFlight())
        .as("the dispatch has returned; the place is still held")
        .isEqualTo(1);
    gate.countDown();
    assertThat(status(async.get(10, TimeUnit.SECONDS))).isEqualTo(200);
    awaitInFlight(0);
    assertThat(admission.finishedCount(Admission.Outcome.SUCCESS)).isEqualTo(1);
  }

  @Test
  void anAsynchronousRequestThatTimesOutGivesItsPlaceBackAsADrop() throws Exception {
    String answer = get("/async-timeout", false);
    assertThat(status(answer)).as(answer).isEqualTo(500);
    awaitInFlight(0);
    assertThat(admission.finishedCount(Admission.Outcome.DROPPED)).isEqualTo(1);
    assertThat(limit.droppedCount()).as("the limiter heard the drop").isEqualTo(1);
  }

  /** The application: the contract's routes and two asynchronous ones. */
  private final class Application extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      switch (req.getRequestURI()) {
        case "/health/live", "/slow" -> {
          if (req.getRequestURI().equals("/slow")) {
            awaitGate();
          }
          resp.setContentType("text/plain");
          resp.getOutputStream().write("ok".getBytes(StandardCharsets.US_ASCII));
        }
        case "/boom" -> throw new IllegalStateException("the application failed");
        case "/big" -> {
          resp.setContentLength(BIG);
          ServletOutputStream out = resp.getOutputStream();
          byte[] piece = new byte[64 << 10];
          for (int sent = 0; sent < BIG; sent += piece.length) {
            out.write(piece);
          }
        }
        case "/async" -> {
          AsyncContext async = req.startAsync();
          app.execute(
              () -> {
                awaitGate();
                try {
                  async.getResponse().getOutputStream().write('k');
                } catch (IOException e) {
                  // the client went away: completing still ends the request
                }
                async.complete();
              });
        }
        case "/async-timeout" -> req.startAsync().setTimeout(200); // never completed
        default -> resp.sendError(404);
      }
    }
  }
}
