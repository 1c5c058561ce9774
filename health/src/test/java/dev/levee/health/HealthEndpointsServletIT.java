package dev.levee.health;

import dev.levee.http.servers.TestServers;
import dev.levee.testkit.Await;
import java.time.Duration;

/**
 * The health endpoints on the servlet adapter, {@link dev.levee.http.servlet.EndpointServlet}, in
 * Jetty 12 (EE10).
 */
class HealthEndpointsServletIT extends HealthAdapterContract {
  @Override
  TestServers.Running start(HealthEndpoints endpoints) throws Exception {
    return TestServers.jetty(endpoints, connector -> {});
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
