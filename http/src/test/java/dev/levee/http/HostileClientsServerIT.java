package dev.levee.http;

import dev.levee.http.servers.TestServers;
import java.time.Duration;
import java.util.Set;

/** The hostile-client battery against Levee's own {@link EndpointServer}. */
class HostileClientsServerIT extends HostileClientsContract {
  @Override
  TestServers.Running start(HttpEndpoint endpoints) {
    return TestServers.of(
        EndpointServer.builder()
            .endpoint(endpoints)
            .bind("127.0.0.1", 0)
            .readTimeout(READ_TIMEOUT)
            .maxConnections(MAX_CONNECTIONS)
            .start());
  }

  @Override
  boolean closesIncompleteRequests() {
    return true;
  }

  @Override
  Set<String> refusedByTheServerItself() {
    return Set.of();
  }

  @Override
  AtTheLimit atTheLimit() {
    return new AtTheLimit(
        200, Duration.ofSeconds(1)); // a connection still waiting for its request makes room
  }
}
