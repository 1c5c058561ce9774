package dev.levee.health;

import dev.levee.health.servlet.HealthServlet;
import dev.levee.health.undertow.HealthHandler;
import io.undertow.Handlers;
import io.undertow.Undertow;
import java.net.InetSocketAddress;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The three adapters' servers on 127.0.0.1 and an ephemeral port, serving endpoints under {@code
 * /health}, each with the settings a test adds: one place for how each is started.
 */
final class TestServers {
  private TestServers() {}

  /** Levee's own server. */
  static HealthAdapterContract.Running of(HealthServer server) {
    return new HealthAdapterContract.Running() {
      @Override
      public int port() {
        return server.port();
      }

      @Override
      public void close() {
        server.close();
      }
    };
  }

  /** {@link HealthServlet} in Jetty 12 (EE10); {@code tune} sets the connector (and its server). */
  static HealthAdapterContract.Running jetty(HttpEndpoint endpoints, Consumer<ServerConnector> tune)
      throws Exception {
    Server jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    tune.accept(connector);
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    ServletHolder holder = new ServletHolder(new HealthServlet(endpoints));
    context.addServlet(holder, "/health");
    context.addServlet(holder, "/health/*");
    jetty.setHandler(context);
    jetty.start();
    int port = connector.getLocalPort();
    return new HealthAdapterContract.Running() {
      @Override
      public int port() {
        return port;
      }

      @Override
      public void close() throws Exception {
        jetty.stop();
      }
    };
  }

  /** {@link HealthHandler} in Undertow; {@code tune} adds options to the builder. */
  static HealthAdapterContract.Running undertow(
      HttpEndpoint endpoints, UnaryOperator<Undertow.Builder> tune) {
    Undertow undertow =
        tune.apply(
                Undertow.builder()
                    .addHttpListener(0, "127.0.0.1")
                    .setHandler(
                        Handlers.path().addPrefixPath("/health", new HealthHandler(endpoints))))
            .build();
    undertow.start();
    int port = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    return new HealthAdapterContract.Running() {
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
}
