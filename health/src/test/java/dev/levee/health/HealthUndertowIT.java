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

  @org.junit.jupiter.api.Test
  void probesAreAnsweredOnTheIoThreadAndEndpointsThatMayBlockOnAWorker() throws Exception {
    java.util.Map<String, String> threads = new java.util.concurrent.ConcurrentHashMap<>();
    HttpEndpoint app =
        new HttpEndpoint() {
          @Override
          public String basePath() {
            return "/app";
          }

          @Override
          public HealthResponse handle(HealthRequest request) {
            threads.put("app", Thread.currentThread().getName());
            return new HealthResponse(200, java.util.Map.of(), new byte[0]);
          }
        };
    HttpEndpoint probes =
        new HttpEndpoint() {
          @Override
          public String basePath() {
            return "/probe";
          }

          @Override
          public boolean nonBlocking() {
            return true;
          }

          @Override
          public HealthResponse handle(HealthRequest request) {
            threads.put("probe", Thread.currentThread().getName());
            return new HealthResponse(200, java.util.Map.of(), new byte[0]);
          }
        };
    Undertow undertow =
        Undertow.builder()
            .addHttpListener(0, "127.0.0.1")
            .setHandler(
                Handlers.path()
                    .addPrefixPath("/app", new HealthHandler(app))
                    .addPrefixPath("/probe", new HealthHandler(probes)))
            .build();
    undertow.start();
    try {
      int port = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
      org.assertj.core.api.Assertions.assertThat(
              dev.levee.testkit.RawHttp.status(port, "GET", "/app"))
          .isEqualTo(200);
      org.assertj.core.api.Assertions.assertThat(
              dev.levee.testkit.RawHttp.status(port, "GET", "/probe"))
          .isEqualTo(200);
      org.assertj.core.api.Assertions.assertThat(threads.get("probe")).contains("I/O");
      org.assertj.core.api.Assertions.assertThat(threads.get("app")).doesNotContain("I/O");
    } finally {
      undertow.stop();
    }
  }
}
