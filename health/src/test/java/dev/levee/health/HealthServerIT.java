package dev.levee.health;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levee.testkit.Await;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Levee's own server, {@link HealthServer}. */
class HealthServerIT extends HealthAdapterContract {
  @Override
  Running start(HealthEndpoints endpoints) {
    return TestServers.of(HealthServer.start(endpoints, "127.0.0.1", 0));
  }

  @Override
  void assertServerThreadsEnded() {
    Await.until(
        Duration.ofSeconds(10),
        "the server's I/O and worker threads ended",
        () ->
            Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("levee-health-http-")));
  }

  @Test
  void aBadBindIsReportedWithTheAddress() {
    assertThatThrownBy(
            () -> HealthServer.start(HealthEndpoints.of(monitor()), "127.0.0.1", server.port()))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageStartingWith("health server: cannot bind 127.0.0.1:" + server.port() + " (")
        .hasMessageContaining("in use");
    assertThatThrownBy(() -> HealthServer.start(HealthEndpoints.of(monitor()), "127.0.0.1", 70000))
        .hasMessage("health server: port must be in [0, 65535], was 70000");
  }
}
