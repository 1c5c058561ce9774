package dev.levee.health;

import dev.levee.testkit.Await;
import java.time.Duration;

/** The servlet adapter, {@link dev.levee.health.servlet.HealthServlet}, in Jetty 12 (EE10). */
class HealthServletIT extends HealthAdapterContract {
  @Override
  Running start(HealthEndpoints endpoints) throws Exception {
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
