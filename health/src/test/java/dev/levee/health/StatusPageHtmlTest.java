package dev.levee.health;

import static dev.levee.health.StatusPageJsonTest.get;
import static dev.levee.health.StatusPageJsonTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.levee.core.CircuitBreaker;
import dev.levee.core.CircuitBreakerConfig;
import dev.levee.core.Registry;
import dev.levee.http.HttpRequest;
import dev.levee.http.HttpResponse;
import dev.levee.timeouts.testing.ManualScheduler;
import dev.levee.timeouts.testing.ManualTicker;
import java.net.ConnectException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The page's first view (server-rendered), its escaping, and what callers without details see. */
class StatusPageHtmlTest {
  // Check names are validated (letters, digits, '.', '_', '-'); StatusHtmlEscapingTest feeds the
  // page a check named <script> directly. Reasons, data, breaker names and the title are free text.
  private static final String EVIL_CHECK = "cache";
  private static final String EVIL_REASON = "\"><img src=x onerror=alert(1)> & more";
  private static final String EVIL_BREAKER = "<b onmouseover=\"alert(2)\">pay</b>";

  private final ManualTicker ticker = new ManualTicker();
  private final ManualScheduler scheduler = new ManualScheduler(ticker);
  private final Clock clock = new TickerClock(ticker, StatusPageJsonTest.T0);
  private final HealthMonitor monitor =
      HealthMonitor.builder()
          .name("orders")
          .ticker(ticker)
          .clock(clock)
          .scheduler(scheduler)
          .executor(new Checks.DirectExecutor())
          .build();
  private final Registry<CircuitBreaker, CircuitBreakerConfig> breakers =
      CircuitBreaker.registry(
          CircuitBreakerConfig.builder("default")
              .countWindow(2)
              .minimumCalls(1)
              .failureRateThreshold(50)
              .ticker(ticker)
              .clock(clock)
              .build());

  @AfterEach
  void close() {
    monitor.close();
  }

  private StatusPage page(DetailPolicy details) {
    monitor.register(
        HealthCheckConfig.builder("db").build(),
        () -> HealthResult.down("connection refused").withData("url", "jdbc:h2:tcp://db/x"));
    monitor.register(
        HealthCheckConfig.builder(EVIL_CHECK).build(),
        () -> HealthResult.degraded(EVIL_REASON).withData("<k>", "<v>"));
    CircuitBreaker b = breakers.getOrCreate(EVIL_BREAKER);
    b.onFailure(b.tryAcquire(), new ConnectException());
    CircuitBreaker payments = breakers.getOrCreate("payments");
    payments.onSuccess(payments.tryAcquire(), 0);
    StatusPage page =
        StatusPage.builder(monitor)
            .title("Orders <prod>")
            .details(details)
            .info(() -> Map.of("phase", "<chaos>"))
            .circuitBreakers(breakers)
            .build();
    scheduler.runDue();
    scheduler.advance(Duration.ofSeconds(75));
    return page;
  }

  private static String html(HttpResponse response) {
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.headers()).containsEntry("Content-Type", "text/html; charset=utf-8");
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  @Test
  void theServerRendersTheFirstViewWithoutJavaScript() {
    String html = html(get(page(DetailPolicy.always()), "/status", null, false));

    assertThat(html).contains("<title>Orders &lt;prod&gt;</title>");
    assertThat(html).contains("data-json=\"status/status.json\"");
    assertThat(html).contains("<span id=\"overall\"><span class=\"badge s-DOWN\">DOWN</span>");
    assertThat(html)
        .contains(
            "<span class=\"group\" data-group=\"ready\">ready <span class=\"badge s-DOWN\">DOWN"
                + "</span></span>");
    assertThat(html)
        .contains(
            "<tr data-check=\"db\"><td>db</td><td><span class=\"badge s-DOWN\">DOWN</span></td>"
                + "<td>connection refused</td><td class=\"num\">0.0 ms</td>"
                + "<td class=\"num\">1m 15s</td><td class=\"data\">url=jdbc:h2:tcp://db/x</td>");
    assertThat(html)
        .contains(
            "<tr data-breaker=\"payments\"><td>payments</td><td class=\"state\">"
                + "<span class=\"badge s-CLOSED\">CLOSED</span></td><td class=\"num\">0.0%</td>");
    assertThat(html).contains("<svg class=\"chart\"");
    assertThat(html).contains("<ol class=\"timeline\" id=\"timeline\"><li data-kind=\"");
    assertThat(html).contains("<dt>phase</dt><dd>&lt;chaos&gt;</dd>");
    assertThat(html).contains("<p id=\"rate-limiters\" class=\"empty\">none</p>");
    assertThat(html).contains("as of 12:01:15 UTC");
  }

  @Test
  void everyNameReasonAndValueIsEscaped() {
    String html = html(get(page(DetailPolicy.always()), "/status", null, false));
    String view = html.substring(html.indexOf("<main id=\"view\">"), html.indexOf("</main>"));

    assertThat(view).doesNotContain("<script", "<img", "<b onmouseover", "<k>", "<v>", "<prod>");
    assertThat(view)
        .contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt; &amp; more")
        .contains("&lt;b onmouseover=&quot;alert(2)&quot;&gt;pay&lt;/b&gt;")
        .contains("&lt;k&gt;=&lt;v&gt;");
    assertThat(html.split("<script>", -1)).as("the page's own script is the only one").hasSize(2);
  }

  @Test
  void onlyThePagesOwnScriptMayRun() throws Exception {
    HttpResponse response = get(page(DetailPolicy.always()), "/status", null, false);
    String html = html(response);
    String script =
        html.substring(html.indexOf("<script>") + "<script>".length(), html.indexOf("</script>"));
    String hash =
        Base64.getEncoder()
            .encodeToString(
                MessageDigest.getInstance("SHA-256")
                    .digest(script.getBytes(StandardCharsets.UTF_8)));
    assertThat(response.headers().get("Content-Security-Policy"))
        .startsWith("default-src 'none'; script-src 'sha256-" + hash + "';")
        .contains("connect-src 'self'");
    assertThat(response.headers()).containsEntry("X-Content-Type-Options", "nosniff");
  }

  @Test
  void aCallerWithoutDetailsSeesStatusesOnlyInThePage() {
    StatusPage page = page(DetailPolicy.loopback());
    String html = html(get(page, "/status", null, false));
    String view = html.substring(html.indexOf("<main id=\"view\">"), html.indexOf("</main>"));

    assertThat(view).contains("data-group=\"ready\"", "Details are not shown to this caller.");
    assertThat(view)
        .doesNotContain("payments", "pay&lt;", "db", "connection refused", "cache", "chaos");
    String loopback = html(get(page, "/status", null, true));
    assertThat(loopback).contains("data-breaker=\"payments\"", "connection refused");
  }

  @Test
  void aCallerWithoutDetailsSeesStatusesOnlyInTheJson() throws Exception {
    StatusPage page = page(DetailPolicy.bearerToken("0123456789abcdef0123"));
    JsonNode anonymous = json(get(page, "/status/status.json", null, true));
    assertThat(fields(anonymous))
        .containsExactly("version", "generated_at", "title", "details", "status", "groups");
    assertThat(anonymous.get("details").asBoolean()).isFalse();
    assertThat(anonymous.get("status").asText()).isEqualTo("DOWN");
    assertThat(anonymous.get("groups").get(0).toString())
        .isEqualTo("{\"name\":\"live\",\"status\":\"UP\"}");
    assertThat(anonymous.get("groups").get(1).toString())
        .isEqualTo("{\"name\":\"ready\",\"status\":\"DOWN\"}");

    JsonNode allowed =
        json(
            page.handle(
                HttpRequest.builder("GET", "/status/status.json")
                    .authorization("Bearer 0123456789abcdef0123")
                    .build()));
    assertThat(allowed.get("details").asBoolean()).isTrue();
    assertThat(allowed.get("checks").size()).isEqualTo(4);
    assertThat(allowed.get("circuit_breakers").size()).isEqualTo(2);
  }

  private static String[] fields(JsonNode node) {
    java.util.List<String> names = new java.util.ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names.toArray(new String[0]);
  }

  @Test
  void theChartDrawsTheSamplesNewestAtTheRight() {
    StatusPage page = page(DetailPolicy.always());
    CircuitBreaker payments = breakers.getOrCreate("payments");
    for (int i = 0; i < 4; i++) {
      payments.onSuccess(payments.tryAcquire(), 0);
    }
    scheduler.advance(Duration.ofSeconds(1));
    String html = html(get(page, "/status", null, false));
    Matcher row =
        Pattern.compile("data-breaker=\"payments\".*?class=\"k-calls\"[^>]*points=\"([^\"]*)\"")
            .matcher(html);
    assertThat(row.find()).isTrue();
    String[] points = row.group(1).split(" ");
    assertThat(points[points.length - 1])
        .as("4 calls, the tallest: at the top")
        .isEqualTo("180.0,1.0");
  }

  @Test
  void thePageFindsItsJsonRelativeToItsOwnUrlWithOrWithoutATrailingSlash() {
    StatusPage page = page(DetailPolicy.always());
    String bare = dataJson(html(get(page, "/status", null, false)));
    String slash = dataJson(html(get(page, "/status/", null, false)));

    assertThat(bare).isEqualTo("status/status.json");
    assertThat(slash).isEqualTo("status.json");
    // Resolved by the browser against the URL it sees, whatever prefix a context path or a proxy
    // added: both land on the JSON under that prefix.
    for (String prefix : new String[] {"", "/ops", "/a/b"}) {
      String at = "http://127.0.0.1:8080" + prefix;
      assertThat(URI.create(at + "/status").resolve(bare).getPath())
          .isEqualTo(prefix + "/status/status.json");
      assertThat(URI.create(at + "/status/").resolve(slash).getPath())
          .isEqualTo(prefix + "/status/status.json");
    }
    assertThat(get(page, "/status//", null, false).status()).isEqualTo(404);
  }

  @Test
  void underTheRootPathThePageFindsItsJsonBesideIt() {
    StatusPage page = StatusPage.builder(monitor).basePath("/").build();
    String ref = dataJson(html(get(page, "/", null, false)));

    assertThat(ref).isEqualTo("status.json");
    assertThat(URI.create("http://127.0.0.1:8080/ops/").resolve(ref).getPath())
        .isEqualTo("/ops/status.json");
    assertThat(get(page, "/status.json", null, true).status()).isEqualTo(200);
  }

  private static String dataJson(String html) {
    Matcher m = Pattern.compile("<body data-json=\"([^\"]*)\"").matcher(html);
    assertThat(m.find()).as("the body names its JSON").isTrue();
    return m.group(1);
  }

  @Test
  void theServerDrawsTheChartsOfTheBusiestBreakersOnlyNotClosedFirst() {
    StatusPage page = page(DetailPolicy.always());
    for (int i = 0; i < 60; i++) {
      CircuitBreaker b = breakers.getOrCreate(String.format("busy-%02d", i));
      for (int call = 0; call < i; call++) {
        b.onSuccess(b.tryAcquire(), 0); // busy-59 the busiest, busy-00 idle
      }
    }
    breakers
        .getOrCreate("zz-maintenance")
        .transitionTo(
            dev.levee.core.CircuitBreakerState.FORCED_OPEN, "maintenance"); // idle, but not closed
    scheduler.advance(Duration.ofSeconds(1));
    String html = html(get(page, "/status", null, false));

    assertThat(Pattern.compile("<svg class=\"chart\"").matcher(html).results().count())
        .isEqualTo(50);
    assertThat(chartDrawn(html, "zz-maintenance")).as("not closed: drawn first").isTrue();
    assertThat(chartDrawn(html, "busy-59")).isTrue();
    assertThat(chartDrawn(html, "busy-12"))
        .as("48 busy ones after the two not closed (this and the evil one, open)")
        .isTrue();
    assertThat(chartDrawn(html, "busy-11")).as("the 49th busiest closed one: left out").isFalse();
    assertThat(chartDrawn(html, "busy-00")).isFalse();
    assertThat(html)
        .contains("<tr data-breaker=\"busy-00\">")
        .contains("Charts drawn here for the 50 busiest breakers of 63");
  }

  private static boolean chartDrawn(String html, String breaker) {
    int row = html.indexOf("<tr data-breaker=\"" + breaker + "\">");
    assertThat(row).as("a row for " + breaker).isNotNegative();
    return html.substring(row, html.indexOf("</tr>", row)).contains("<svg class=\"chart\"");
  }
}
