package dev.levee.health;

import dev.levee.http.EndpointServer;
import dev.levee.http.servers.TestServers;
import dev.levee.testkit.Await;
import java.time.Duration;

/** The health endpoints on Levee's own server, {@link EndpointServer}. */
class HealthEndpointsServerIT extends HealthAdapterContract {
  @Override
  TestServers.Running start(HealthEndpoints endpoints) {
    return TestServers.of(EndpointServer.start(endpoints, "127.0.0.1", 0));
  }

  @Override
  void assertServerThreadsEnded() {
    Await.until(
        Duration.ofSeconds(10),
        "the server's I/O and worker threads ended",
        () ->
            Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("levee-http-")));
  }
}
