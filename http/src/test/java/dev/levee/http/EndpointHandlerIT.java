package dev.levee.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.http.undertow.EndpointHandler;
import dev.levee.testkit.RawHttp;
import io.undertow.Handlers;
import io.undertow.Undertow;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The Undertow adapter, {@link EndpointHandler}: where it answers each kind of endpoint. */
class EndpointHandlerIT {
  @Test
  void probesAreAnsweredOnTheIoThreadAndEndpointsThatMayBlockOnAWorker() throws Exception {
    Map<String, String> threads = new ConcurrentHashMap<>();
    HttpEndpoint app =
        new HttpEndpoint() {
          @Override
          public String basePath() {
            return "/app";
          }

          @Override
          public HttpResponse handle(HttpRequest request) {
            threads.put("app", Thread.currentThread().getName());
            return HttpResponse.of(200, Map.of(), new byte[0]);
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
          public HttpResponse handle(HttpRequest request) {
            threads.put("probe", Thread.currentThread().getName());
            return HttpResponse.of(200, Map.of(), new byte[0]);
          }
        };
    Undertow undertow =
        Undertow.builder()
            .addHttpListener(0, "127.0.0.1")
            .setHandler(
                Handlers.path()
                    .addPrefixPath("/app", new EndpointHandler(app))
                    .addPrefixPath("/probe", new EndpointHandler(probes)))
            .build();
    undertow.start();
    try {
      int port = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
      assertThat(RawHttp.status(port, "GET", "/app")).isEqualTo(200);
      assertThat(RawHttp.status(port, "GET", "/probe")).isEqualTo(200);
      assertThat(threads.get("probe")).contains("I/O");
      assertThat(threads.get("app")).doesNotContain("I/O");
    } finally {
      undertow.stop();
    }
  }
}
