package dev.levee.health;

import dev.levee.http.servers.TestServers;
import dev.levee.testkit.Await;
import java.time.Duration;

/**
 * The health endpoints on the Undertow adapter, {@link dev.levee.http.undertow.EndpointHandler}.
 */
class HealthEndpointsUndertowIT extends HealthAdapterContract {
  @Override
  TestServers.Running start(HealthEndpoints endpoints) {
    return TestServers.undertow(endpoints, b -> b);
  }

  @Override
  void assertServerThreadsEnded() {
    Await.until(
        Duration.ofSeconds(10),
        "Undertow's XNIO threads ended",
        () ->
            Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.isAlive() && t.getName().startsWith("XNIO-")));
  }
}
