package dev.levee.http;

import dev.levee.http.servers.TestServers;
import java.util.Set;
import org.eclipse.jetty.server.NetworkConnectionLimit;

/**
 * The hostile-client battery against the servlet adapter in Jetty 12, set up as the README says.
 */
class HostileClientsJettyIT extends HostileClientsContract {
  @Override
  TestServers.Running start(HttpEndpoint endpoints) throws Exception {
    return TestServers.jetty(
        endpoints,
        connector -> {
          connector.setIdleTimeout(READ_TIMEOUT.toMillis());
          connector.getServer().addBean(new NetworkConnectionLimit(MAX_CONNECTIONS, connector));
        });
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
