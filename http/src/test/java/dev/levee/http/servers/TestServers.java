package dev.levee.http.servers;

import dev.levee.http.EndpointServer;
import dev.levee.http.HttpEndpoint;
import dev.levee.http.servlet.EndpointServlet;
import dev.levee.http.undertow.EndpointHandler;
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
 * /health}, each with the settings a test adds: one place for how each is started. Public, in this
 * module's test jar (this package only), for the health module's tests of its endpoints on each
 * server.
 */
// Compiled into dev.levee.http with the tests, it names Jetty's and Undertow's types, which only
// the tests read: nothing to pass on to the module's users.
@SuppressWarnings("exports")
public final class TestServers {
  private TestServers() {}

  /** A started server. */
  public interface Running extends AutoCloseable {
    /**
     * The port it listens on.
     *
     * @return the port
     */
    int port();

    @Override
    void close() throws Exception;
  }

  /**
   * Levee's own server.
   *
   * @param server the started server
   * @return it, as a running server
   */
  public static Running of(EndpointServer server) {
    return new Running() {
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

  /**
   * {@link EndpointServlet} in Jetty 12 (EE10), mapped at {@code /health} and below.
   *
   * @param endpoints what to serve
   * @param tune sets the connector (and its server)
   * @return the running server
   * @throws Exception if Jetty does not start
   */
  public static Running jetty(HttpEndpoint endpoints, Consumer<ServerConnector> tune)
      throws Exception {
    Server jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    tune.accept(connector);
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    ServletHolder holder = new ServletHolder(new EndpointServlet(endpoints));
    context.addServlet(holder, "/health");
    context.addServlet(holder, "/health/*");
    jetty.setHandler(context);
    jetty.start();
    int port = connector.getLocalPort();
    return new Running() {
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

  /**
   * {@link EndpointHandler} in Undertow, at the prefix {@code /health}.
   *
   * @param endpoints what to serve
   * @param tune adds options to the builder
   * @return the running server
   */
  public static Running undertow(HttpEndpoint endpoints, UnaryOperator<Undertow.Builder> tune) {
    Undertow undertow =
        tune.apply(
                Undertow.builder()
                    .addHttpListener(0, "127.0.0.1")
                    .setHandler(
                        Handlers.path().addPrefixPath("/health", new EndpointHandler(endpoints))))
            .build();
    undertow.start();
    int port = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    return new Running() {
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
