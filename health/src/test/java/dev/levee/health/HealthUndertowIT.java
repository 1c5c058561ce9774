package dev.levee.health;

import dev.levee.health.undertow.HealthHandler;
import dev.levee.testkit.Await;
import io.undertow.Handlers;
import io.undertow.Undertow;
import java.net.InetSocketAddress;
import java.time.Duration;

/** The Undertow adapter, {@link HealthHandler}. */
class HealthUndertowIT extends HealthAdapterContract {
  @Override
  Running start(HealthEndpoints endpoints) {
    Undertow undertow =
        Undertow.builder()
            .addHttpListener(0, "127.0.0.1")
            .setHandler(Handlers.path().addPrefixPath("/health", new HealthHandler(endpoints)))
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
