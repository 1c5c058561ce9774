package dev.levee.http.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.http.servers.TestServers;
import dev.levee.http.undertow.AdmissionHandler;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link AdmissionHandler} around Undertow's root handler: the contract, and a handler that
 * dispatches and answers later, whose place comes back when the exchange completes, not when the
 * handler returns.
 */
class AdmissionUndertowIT extends AdmissionContract {
  @Override
  TestServers.Running start(Admission admission) {
    Undertow undertow =
        Undertow.builder()
            .addHttpListener(0, "127.0.0.1")
            .setHandler(new AdmissionHandler(admission, new Application()))
            .build();
    undertow.start();
    int port = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    return new TestServers.Running() {
      @Override
      public int port() {
        return port;
      }

      @Override
      public void close() {
        undertow.stop();
      }
    };
  }

  @Test
  void aHandlerThatDispatchesHoldsItsPlaceUntilTheExchangeCompletes() throws Exception {
    Future<String> later = getLater("/later", false);
    awaitInFlight(1);
    assertThat(later).as("still waiting for the gate").isNotDone();
    gate.countDown();
    assertThat(status(later.get(10, TimeUnit.SECONDS))).isEqualTo(200);
    awaitInFlight(0);
    assertThat(admission.finishedCount(Admission.Outcome.SUCCESS)).isEqualTo(1);
  }

  /** The application: the contract's routes and one that answers from another thread. */
  private final class Application implements HttpHandler {
    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
      String path = exchange.getRequestPath();
      if (path.equals("/health/live")) {
        exchange.getResponseSender().send("ok");
        return;
      }
      if (path.equals("/later")) {
        // Returns at once; the exchange ends on a worker once the gate opens.
        exchange.dispatch(
            () -> {
              awaitGate();
              exchange.getResponseSender().send("ok");
            });
        return;
      }
      if (exchange.isInIoThread()) {
        exchange.dispatch(this);
        return;
      }
      exchange.startBlocking();
      switch (path) {
        case "/slow" -> {
          awaitGate();
          exchange.getOutputStream().write('k');
        }
        case "/boom" -> throw new IllegalStateException("the application failed");
        case "/big" -> {
          exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, BIG);
          OutputStream out = exchange.getOutputStream();
          byte[] piece = new byte[64 << 10];
          for (int sent = 0; sent < BIG; sent += piece.length) {
            out.write(piece);
          }
        }
        default -> exchange.setStatusCode(404);
      }
    }
  }
}
