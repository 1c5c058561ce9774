package dev.levee.health.internal;

import dev.levee.health.CheckReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes a {@link StatusView} as the status page: the page's template (a resource of this module,
 * {@code status-page.html}, with its style and script inline) with the first view rendered by the
 * server, so that the page is whole without JavaScript. The script then fetches the JSON and
 * redraws the same elements in place; the two renderings build the same element names, classes and
 * {@code data-*} attributes.
 *
 * <p>Every name, reason, error and data value goes through {@link #escape(String)}: a check named
 * {@code <script>} is text, never markup. The script builds the DOM with text nodes only.
 */
public final class StatusHtml {
  /** How many samples a chart spans (the sampler's default window). */
  static final int CHART_SAMPLES = 180;

  private static final Pattern SLOT = Pattern.compile("\\{\\{([a-z]+)}}");
  private static final List<String> TEMPLATE = load();

  private static final String SCRIPT_HASH = hash(TEMPLATE);

  private StatusHtml() {}

  /**
   * The page's script as a Content-Security-Policy source ({@code 'sha256-...'}): the one script
   * the page may run, so that even markup slipped into the page could not run its own.
   *
   * @return the source expression
   */
  public static String scriptHash() {
    return SCRIPT_HASH;
  }

  private static String hash(List<String> template) {
    String text = String.join("", template);
    int start = text.indexOf("<script>") + "<script>".length();
    int end = text.indexOf("</script>");
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(text.substring(start, end).getBytes(StandardCharsets.UTF_8));
      return "'sha256-" + Base64.getEncoder().encodeToString(digest) + "'";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** The template cut at its slots: text, slot name, text, slot name, ..., text. */
  private static List<String> load() {
    try (InputStream in = StatusHtml.class.getResourceAsStream("status-page.html")) {
      if (in == null) {
        throw new IllegalStateException("status-page.html is missing from levee-health's jar");
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      List<String> parts = new ArrayList<>();
      Matcher m = SLOT.matcher(text);
      int at = 0;
      while (m.find()) {
        parts.add(text.substring(at, m.start()));
        parts.add(m.group(1));
        at = m.end();
      }
      parts.add(text.substring(at));
      return List.copyOf(parts);
    } catch (IOException e) {
      throw new UncheckedIOException("status-page.html could not be read", e);
    }
  }

  /**
   * The page for {@code view}.
   *
   * @param view the first view
   * @param jsonPath where the script fetches the JSON from
   * @return UTF-8 HTML
   */
  public static byte[] page(StatusView view, String jsonPath) {
    StringBuilder out = new StringBuilder(16_384 + 600 * view.breakers().size());
    for (int i = 0; i < TEMPLATE.size(); i++) {
      String part = TEMPLATE.get(i);
      if (i % 2 == 0) {
        out.append(part);
        continue;
      }
      switch (part) {
        case "title":
          out.append(escape(view.title()));
          break;
        case "json":
          out.append(escape(jsonPath));
          break;
        case "overall":
          badge(out, view.status().name());
          break;
        case "generated":
          out.append(clock(view.generatedAt())).append(" UTC");
          break;
        case "view":
          view(out, view);
          break;
        default:
          throw new IllegalStateException("status-page.html has an unknown slot " + part);
      }
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void view(StringBuilder out, StatusView v) {
    out.append("<section><h2>Groups</h2><p class=\"groups\" id=\"groups\">");
    for (StatusView.Group g : v.groups()) {
      out.append("<span class=\"group\" data-group=\"").append(escape(g.name())).append("\">");
      out.append(escape(g.name())).append(' ');
      badge(out, g.status().name());
      out.append("</span>");
    }
    out.append("</p></section>\n");
    if (!v.details()) {
      out.append("<p class=\"empty\" id=\"no-details\">Details are not shown to this caller.</p>");
      return;
    }
    if (!v.info().isEmpty()) {
      out.append("<dl class=\"info\" id=\"info\">");
      for (Map.Entry<String, String> e : v.info().entrySet()) {
        out.append("<dt>").append(escape(e.getKey())).append("</dt><dd>");
        out.append(escape(e.getValue())).append("</dd>");
      }
      out.append("</dl>\n");
    }
    checks(out, v);
    breakers(out, v);
    tables(out, v);
    timeline(out, v);
  }

  private static void checks(StringBuilder out, StatusView v) {
    out.append("<section><h2>Checks</h2>");
    if (v.checks().isEmpty()) {
      out.append("<p id=\"checks\" class=\"empty\">none</p></section>\n");
      return;
    }
    head(out, "checks", "check", "status", "reason", "#took", "#for", "data");
    for (CheckReport c : v.checks()) {
      out.append("<tr data-check=\"").append(escape(c.name())).append("\"><td>");
      out.append(escape(c.name())).append("</td><td>");
      badge(out, c.status().name());
      out.append("</td><td>").append(escape(c.reason() == null ? "" : c.reason()));
      if (c.error() != null) {
        out.append(": ").append(escape(c.error()));
      }
      out.append("</td><td class=\"num\">");
      if (c.duration() != null) {
        tenths(out, Math.round(c.duration().toNanos() / 1e5)).append(" ms");
      }
      out.append("</td><td class=\"num\">").append(age(v.generatedAt(), c.since()));
      out.append("</td><td class=\"data\">");
      String sep = "";
      for (Map.Entry<String, Object> d : c.data().entrySet()) {
        out.append(sep).append(escape(d.getKey())).append('=');
        out.append(escape(String.valueOf(d.getValue())));
        sep = ", ";
      }
      out.append("</td></tr>");
    }
    out.append("</tbody></table></section>\n");
  }

  private static void breakers(StringBuilder out, StatusView v) {
    out.append("<section><h2>Circuit breakers</h2>");
    if (v.breakers().isEmpty()) {
      out.append("<p id=\"breakers\" class=\"empty\">none</p></section>\n");
      return;
    }
    head(
        out,
        "breakers",
        "breaker",
        "state",
        "#failure rate",
        "#slow rate",
        "#window",
        "#ok / failed / slow / rejected",
        "#for",
        "calls · failures · rejections per s");
    for (StatusView.Breaker b : v.breakers()) {
      out.append("<tr data-breaker=\"").append(escape(b.name())).append("\"><td>");
      out.append(escape(b.name())).append("</td><td class=\"state\">");
      badge(out, b.stats().state().name());
      out.append("</td><td class=\"num\">").append(pct(b.stats().failureRate()));
      out.append("</td><td class=\"num\">").append(pct(b.stats().slowCallRate()));
      out.append("</td><td class=\"num\">").append(b.stats().bufferedCalls()).append(" calls");
      out.append("</td><td class=\"num\">").append(b.successes()).append(" / ");
      out.append(b.failures()).append(" / ").append(b.slowCalls()).append(" / ");
      out.append(b.stats().rejectedCalls());
      out.append("</td><td class=\"num\">")
          .append(age(v.generatedAt(), b.stats().lastTransitionAt()));
      out.append("</td><td>");
      chart(out, b.series());
      out.append("</td></tr>");
    }
    out.append("</tbody></table></section>\n<p class=\"legend\"><span class=\"k-calls\">— calls");
    out.append("</span><span class=\"k-failures\">— failures</span><span class=\"k-rejections\">");
    out.append("— rejections</span></p>\n");
  }

  /** The same lines as the script draws: newest sample at the right edge. */
  private static void chart(StringBuilder out, CallRates.Series s) {
    int w = 180;
    int h = 36;
    int n = s.calls().length;
    int max = 1;
    for (int i = 0; i < n; i++) {
      max = Math.max(max, s.calls()[i] + s.rejections()[i]);
    }
    out.append("<svg class=\"chart\" width=\"180\" height=\"36\" viewBox=\"0 0 180 36\">");
    out.append("<title>calls, failures and rejections per second, last ").append(n);
    out.append(" s</title>");
    line(out, s.calls(), "calls", "#0969da", w, h, max);
    line(out, s.failures(), "failures", "#cf222e", w, h, max);
    line(out, s.rejections(), "rejections", "#b7791f", w, h, max);
    out.append("</svg>");
  }

  private static void line(
      StringBuilder out, int[] values, String kind, String colour, int w, int h, int max) {
    out.append("<polyline class=\"k-").append(kind).append("\" fill=\"none\" stroke=\"");
    out.append(colour).append("\" stroke-width=\"1.5\" points=\"");
    int n = values.length;
    for (int j = 0; j < n; j++) {
      // x = w - (n - 1 - j) * w / CHART_SAMPLES, y = h - 1 - v * (h - 2) / max, in tenths: no
      // String.format (a page of 1,000 breakers draws 540,000 points).
      long x10 = Math.round(10 * (w - (n - 1 - j) * ((double) w / CHART_SAMPLES)));
      long y10 = Math.round(10 * (h - 1 - values[j] * (h - 2.0) / max));
      if (j > 0) {
        out.append(' ');
      }
      tenths(out, x10).append(',');
      tenths(out, y10);
    }
    out.append("\"/>");
  }

  private static StringBuilder tenths(StringBuilder out, long tenths) {
    if (tenths < 0) {
      out.append('-');
      tenths = -tenths;
    }
    return out.append(tenths / 10).append('.').append(tenths % 10);
  }

  private static void tables(StringBuilder out, StatusView v) {
    out.append("<section><h2>Rate limiters</h2>");
    if (v.rateLimiters().isEmpty()) {
      out.append("<p id=\"rate-limiters\" class=\"empty\">none</p>");
    } else {
      head(out, "rate-limiters", "rate limiter", "#permitted", "#rejected", "#available");
      for (StatusView.Limiter l : v.rateLimiters()) {
        row(out, "data-rate-limiter", l.name(), l.permitted(), l.rejected(), l.available());
      }
      out.append("</tbody></table>");
    }
    out.append("</section>\n<section><h2>Bulkheads</h2>");
    if (v.bulkheads().isEmpty()) {
      out.append("<p id=\"bulkheads\" class=\"empty\">none</p>");
    } else {
      head(out, "bulkheads", "bulkhead", "#in flight", "#limit", "#rejected");
      for (StatusView.BulkheadRow b : v.bulkheads()) {
        row(out, "data-bulkhead", b.name(), b.inFlight(), b.maxConcurrent(), b.rejected());
      }
      out.append("</tbody></table>");
    }
    out.append("</section>\n<section><h2>Retries</h2>");
    if (v.retries().isEmpty()) {
      out.append("<p id=\"retries\" class=\"empty\">none</p>");
    } else {
      head(
          out,
          "retries",
          "retry",
          "#ok at once",
          "#ok after retry",
          "#failed at once",
          "#failed after retry",
          "#retries",
          "#budget exhausted");
      for (StatusView.RetryRow r : v.retries()) {
        row(
            out,
            "data-retry",
            r.name(),
            r.successWithoutRetry(),
            r.successWithRetry(),
            r.failedWithoutRetry(),
            r.failedWithRetry(),
            r.retries(),
            r.budgetExhausted());
      }
      out.append("</tbody></table>");
    }
    out.append("</section>\n");
  }

  private static void timeline(StringBuilder out, StatusView v) {
    out.append("<section><h2>Timeline</h2>");
    if (v.timeline().isEmpty()) {
      out.append("<p class=\"empty\" id=\"timeline\">no changes yet</p></section>\n");
      return;
    }
    out.append("<ol class=\"timeline\" id=\"timeline\">");
    for (StatusView.Change c : v.timeline()) {
      out.append("<li data-kind=\"").append(c.kind()).append("\"><time datetime=\"");
      out.append(c.at()).append("\">").append(clock(c.at())).append("</time> ");
      out.append(c.kind()).append(" <b>").append(escape(c.name())).append("</b> ");
      if (c.from() == null) {
        out.append("first result ");
      } else {
        badge(out, c.from());
        out.append(" → ");
      }
      badge(out, c.to());
      if (c.reason() != null && !c.reason().isEmpty()) {
        out.append(' ').append(escape(c.reason()));
      }
      out.append("</li>");
    }
    out.append("</ol></section>\n");
  }

  /** A table's start; a heading that starts with {@code #} is a numeric column. */
  private static void head(StringBuilder out, String id, String... headings) {
    out.append("<table id=\"").append(id).append("\"><thead><tr>");
    for (String h : headings) {
      boolean num = h.startsWith("#");
      out.append(num ? "<th class=\"num\">" : "<th>").append(num ? h.substring(1) : h);
      out.append("</th>");
    }
    out.append("</tr></thead><tbody>");
  }

  private static void row(StringBuilder out, String attribute, String name, long... values) {
    out.append("<tr ").append(attribute).append("=\"").append(escape(name)).append("\"><td>");
    out.append(escape(name)).append("</td>");
    for (long value : values) {
      out.append("<td class=\"num\">").append(value).append("</td>");
    }
    out.append("</tr>");
  }

  private static void badge(StringBuilder out, String status) {
    out.append("<span class=\"badge s-").append(status).append("\">").append(status);
    out.append("</span>");
  }

  private static String pct(double rate) {
    return rate < 0
        ? "n/a"
        : tenths(new StringBuilder(8), Math.round(rate * 10)).append('%').toString();
  }

  private static String clock(Instant at) {
    return at == null ? "" : at.toString().substring(11, 19);
  }

  /** As the script's {@code age}: {@code 42s}, {@code 3m 12s}, {@code 5h 2m}, {@code 3d 4h}. */
  static String age(Instant now, Instant at) {
    if (at == null) {
      return "";
    }
    long s = Math.max(0, Duration.between(at, now).getSeconds());
    if (s < 60) {
      return s + "s";
    }
    long m = s / 60;
    if (m < 60) {
      return m + "m " + (s % 60) + "s";
    }
    long h = m / 60;
    if (h < 48) {
      return h + "h " + (m % 60) + "m";
    }
    return (h / 24) + "d " + (h % 24) + "h";
  }

  /**
   * Text made safe for HTML content and quoted attribute values: {@code & < > " '} become entities.
   *
   * @param text the text
   * @return the escaped text
   */
  public static String escape(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      String entity;
      switch (ch) {
        case '&':
          entity = "&amp;";
          break;
        case '<':
          entity = "&lt;";
          break;
        case '>':
          entity = "&gt;";
          break;
        case '"':
          entity = "&quot;";
          break;
        case '\'':
          entity = "&#39;";
          break;
        default:
          entity = null;
      }
      if (entity != null) {
        if (out == null) {
          out = new StringBuilder(text.length() + 16).append(text, 0, i);
        }
        out.append(entity);
      } else if (out != null) {
        out.append(ch);
      }
    }
    return out == null ? text : out.toString();
  }
}
