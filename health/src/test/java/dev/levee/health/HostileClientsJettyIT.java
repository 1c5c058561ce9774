package dev.levee.health;

import dev.levee.health.servlet.HealthServlet;
import java.util.Set;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The hostile-client battery against the servlet adapter in Jetty 12, set up as the README says.
 */
class HostileClientsJettyIT extends HostileClientsContract {
  @Override
  HealthAdapterContract.Running start(HttpEndpoint endpoints) throws Exception {
    Server jetty = new Server();
    HttpConfiguration http = new HttpConfiguration();
    ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    connector.setIdleTimeout(READ_TIMEOUT.toMillis());
    jetty.addConnector(connector);
    jetty.addBean(new NetworkConnectionLimit(MAX_CONNECTIONS, connector));
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

  @Override
  boolean closesIncompleteRequests() {
    return false;
  }

  @Override
  Set<String> refusedByTheServerItself() {
    return Set.of("/health/%zz", "/health/ready/%", "/health/%C3%28");
  }

  @Override
  AtTheLimit atTheLimit() {
    return new AtTheLimit(200, READ_TIMEOUT.multipliedBy(2).plusSeconds(2));
  }
}
