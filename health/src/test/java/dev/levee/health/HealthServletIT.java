package dev.levee.health;

import dev.levee.health.servlet.HealthServlet;
import dev.levee.testkit.Await;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** The servlet adapter, {@link HealthServlet}, in Jetty 12 (EE10). */
class HealthServletIT extends HealthAdapterContract {
  @Override
  Running start(HealthEndpoints endpoints) throws Exception {
    Server jetty = new Server(new InetSocketAddress("127.0.0.1", 0));
    ServletContextHandler context = new ServletContextHandler("/");
    ServletHolder holder = new ServletHolder(new HealthServlet(endpoints));
    context.addServlet(holder, "/health");
    context.addServlet(holder, "/health/*");
    jetty.setHandler(context);
    jetty.start();
    int port = ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
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

  @Override
  void assertServerThreadsEnded() {
    Await.until(
        Duration.ofSeconds(10),
        "Jetty's threads ended",
        () ->
            Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.isAlive() && t.getName().startsWith("qtp")));
  }
}
