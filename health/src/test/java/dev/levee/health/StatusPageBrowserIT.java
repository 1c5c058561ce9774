package dev.levee.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.core.CircuitBreaker;
import dev.levee.core.CircuitBreakerConfig;
import dev.levee.core.Registry;
import dev.levee.http.EndpointServer;
import dev.levee.http.servlet.EndpointServlet;
import dev.levee.testkit.Await;
import dev.levee.testkit.LeveeThreads;
import java.net.ConnectException;
import java.time.Duration;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The status page in a real browser: headless Chromium loads it from Levee's own server, its script
 * runs, and the rendered DOM follows a breaker that trips, without a reload; when the server stops
 * answering the page says it is stale. Skipped, saying why, where no Chromium is installed.
 */
@Timeout(120)
class StatusPageBrowserIT {
  private static final Duration BOUND = Duration.ofSeconds(20);
  private static final String STATE =
      "document.querySelector('tr[data-breaker=\"payments\"] td.state .badge')?.textContent";

  @Test
  void theBreakersStateChangesOnThePageWithoutAReload() throws Exception {
    try (HeadlessChromium browser = HeadlessChromium.start()) {
      HealthMonitor monitor = HealthMonitor.builder().name("browser").build();
      Registry<CircuitBreaker, CircuitBreakerConfig> breakers =
          CircuitBreaker.registry(
              CircuitBreakerConfig.builder("default")
                  .countWindow(2)
                  .minimumCalls(2)
                  .failureRateThreshold(50)
                  .openDuration(Duration.ofMinutes(5))
                  .build());
      CircuitBreaker payments = breakers.getOrCreate("payments");
      monitor.register(HealthCheckConfig.builder("db").build(), HealthResult::up);
      monitor.markStarted();
      StatusPage page =
          StatusPage.builder(monitor)
              .title("Browser test")
              .info(() -> Map.of("phase", "steady"))
              .circuitBreakers(breakers)
              .build();
      EndpointServer server = EndpointServer.start(page, "127.0.0.1", 0);
      try {
        browser.navigate("http://127.0.0.1:" + server.port() + "/status");
        assertThat(browser.text("document.title")).isEqualTo("Browser test");
        Await.until(
            BOUND,
            () ->
                "the page's script fetched the JSON and drew the breaker CLOSED; it shows "
                    + browser.text(STATE),
            () ->
                !browser.text("document.body.dataset.updated").isEmpty()
                    && browser.text(STATE).equals("CLOSED"));
        // Marks this document: a reload would make a new one, without the mark.
        browser.eval("window.leveeMark = 'same document'");
        String firstUpdate = browser.text("document.body.dataset.updated");

        payments.onFailure(payments.tryAcquire(), new ConnectException("refused"));
        payments.onFailure(payments.tryAcquire(), new ConnectException("refused"));
        payments.tryAcquire(); // rejected
        assertThat(payments.state().name()).isEqualTo("OPEN");

        Await.until(
            BOUND,
            () -> "the page shows the breaker OPEN; it shows " + browser.text(STATE),
            () -> browser.text(STATE).equals("OPEN"));
        assertThat(browser.text("window.leveeMark")).as("no reload").isEqualTo("same document");
        assertThat(browser.text("document.body.dataset.updated")).isNotEqualTo(firstUpdate);
        assertThat(
                browser.text(
                    "document.querySelector('#timeline li[data-kind=\"circuit_breaker\"]')"
                        + "?.textContent"))
            .contains("payments", "CLOSED", "OPEN", "failure rate 100.0% >= 50.0% over 2 calls");
        assertThat(browser.text("document.getElementById('overall').textContent")).isEqualTo("UP");
        assertThat(browser.text("document.querySelector('dl.info dd')?.textContent"))
            .isEqualTo("steady");
        Await.until(
            BOUND,
            () ->
                "the chart draws the rejection; its points: "
                    + browser.text(
                        "document.querySelector('tr[data-breaker=\"payments\"] polyline.k-rejections')"
                            + "?.getAttribute('points')"),
            () ->
                browser
                    .eval(
                        "Array.from(document.querySelectorAll("
                            + "'tr[data-breaker=\"payments\"] polyline.k-rejections'))"
                            + ".some(l => l.getAttribute('points').split(' ')"
                            + ".some(p => parseFloat(p.split(',')[1]) < 35))")
                    .asBoolean());
      } catch (RuntimeException | Error e) {
        server.close();
        monitor.close();
        throw e;
      }
      server.close();
      try {
        Await.until(
            BOUND,
            () ->
                "the page says it is stale; it says "
                    + browser.text("document.getElementById('fresh').textContent"),
            () ->
                browser.eval("document.body.classList.contains('stale')").asBoolean()
                    && browser
                        .text("document.getElementById('fresh').textContent")
                        .startsWith("stale: no answer since "));
        assertThat(browser.text("window.leveeMark")).isEqualTo("same document");
      } finally {
        monitor.close();
      }
    }
    LeveeThreads.assertNoneSurvive(Duration.ofSeconds(10));
  }

  @Test
  void withoutJavaScriptTheServerRenderedViewIsWhole() throws Exception {
    try (HeadlessChromium browser = HeadlessChromium.start()) {
      HealthMonitor monitor = HealthMonitor.builder().name("nojs").build();
      CircuitBreaker payments = CircuitBreaker.of("payments");
      payments.transitionTo(dev.levee.core.CircuitBreakerState.FORCED_OPEN, "maintenance");
      StatusPage page =
          StatusPage.builder(monitor)
              .basePath("/")
              .circuitBreakers(() -> Map.of("payments", payments))
              .build();
      EndpointServer server = EndpointServer.start(page, "127.0.0.1", 0);
      try {
        browser.send("Emulation.setScriptExecutionDisabled", Map.of("value", true));
        browser.navigate("http://127.0.0.1:" + server.port() + "/");
        assertThat(browser.text(STATE)).isEqualTo("FORCED_OPEN");
        assertThat(browser.text("document.body.dataset.updated")).as("no script ran").isEmpty();
        assertThat(
                browser.text(
                    "document.querySelector('#timeline li[data-kind=\"circuit_breaker\"]')"
                        + "?.textContent"))
            .contains("payments", "maintenance");
      } finally {
        server.close();
        monitor.close();
      }
    }
    LeveeThreads.assertNoneSurvive(Duration.ofSeconds(10));
  }

  @Test
  void underAServletContextPathTheScriptFindsItsJsonWithOrWithoutATrailingSlash() throws Exception {
    try (HeadlessChromium browser = HeadlessChromium.start()) {
      HealthMonitor monitor = HealthMonitor.builder().name("ctx").build();
      CircuitBreaker payments = CircuitBreaker.of("payments");
      StatusPage page =
          StatusPage.builder(monitor).circuitBreakers(() -> Map.of("payments", payments)).build();
      Server jetty = new Server();
      ServerConnector connector = new ServerConnector(jetty);
      connector.setHost("127.0.0.1");
      connector.setPort(0);
      jetty.addConnector(connector);
      ServletContextHandler context = new ServletContextHandler("/ops");
      context.addServlet(new ServletHolder(new EndpointServlet(page)), "/*");
      jetty.setHandler(context);
      jetty.start();
      try {
        for (String path : new String[] {"/ops/status", "/ops/status/"}) {
          browser.navigate("http://127.0.0.1:" + connector.getLocalPort() + path);
          Await.until(
              BOUND,
              () ->
                  "at "
                      + path
                      + " the script fetched its JSON and drew the breaker; the page says "
                      + browser.text("document.getElementById('fresh').textContent"),
              () ->
                  !browser.text("document.body.dataset.updated").isEmpty()
                      && browser.text(STATE).equals("CLOSED"));
          assertThat(browser.eval("document.body.classList.contains('stale')").asBoolean())
              .as("at " + path)
              .isFalse();
        }
      } finally {
        jetty.stop();
        monitor.close();
      }
    }
    LeveeThreads.assertNoneSurvive(Duration.ofSeconds(10));
  }
}
