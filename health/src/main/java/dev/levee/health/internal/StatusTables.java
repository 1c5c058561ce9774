package dev.levee.health.internal;

import static dev.levee.health.internal.HtmlText.age;
import static dev.levee.health.internal.HtmlText.badge;
import static dev.levee.health.internal.HtmlText.clock;
import static dev.levee.health.internal.HtmlText.escape;
import static dev.levee.health.internal.HtmlText.pct;
import static dev.levee.health.internal.HtmlText.tenths;

import dev.levee.health.CheckReport;
import java.util.Map;

/**
 * The tables and the timeline of the status page's first view: checks, circuit breakers, rate
 * limiters, bulkheads, retries. Each table has the id, columns, classes and {@code data-*}
 * attributes the page's script builds, so the script's redraw replaces it with its like.
 */
final class StatusTables {
  private StatusTables() {}

  static void checks(StringBuilder out, StatusView v) {
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

  static void breakers(StringBuilder out, StatusView v) {
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
    Map<StatusView.Breaker, Boolean> drawn = StatusCharts.drawn(v.breakers());
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
      if (drawn.containsKey(b)) {
        StatusCharts.chart(out, b.series());
      } else {
        out.append("<span class=\"empty\">(drawn by the script)</span>");
      }
      out.append("</td></tr>");
    }
    out.append("</tbody></table></section>\n<p class=\"legend\"><span class=\"k-calls\">— calls");
    out.append("</span><span class=\"k-failures\">— failures</span><span class=\"k-rejections\">");
    out.append("— rejections</span></p>\n");
    if (drawn.size() < v.breakers().size()) {
      out.append("<p class=\"empty\" id=\"charts-left-out\">Charts drawn here for the ");
      out.append(drawn.size()).append(" busiest breakers of ").append(v.breakers().size());
      out.append(" (those not closed first); the page's script draws every one.</p>\n");
    }
  }

  static void tables(StringBuilder out, StatusView v) {
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

  static void timeline(StringBuilder out, StatusView v) {
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
}
