package dev.levee.health.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.health.CheckReport;
import dev.levee.health.HealthGroup;
import dev.levee.health.Status;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * The page escapes whatever text reaches it, even text the monitor's validation would have refused
 * (a check named {@code <script>}): the view is written as given.
 */
class StatusHtmlEscapingTest {
  private static final Instant AT = Instant.parse("2026-12-07T12:00:00Z");

  private static StatusView view(String name, String text) {
    CheckReport check =
        CheckReport.builder()
            .name(name)
            .groups(Set.of(HealthGroup.READY))
            .status(Status.DOWN)
            .reason(text)
            .error(text)
            .data(Map.<String, Object>of(text, text))
            .duration(Duration.ofMillis(3))
            .since(AT)
            .build();
    return new StatusView(
        AT,
        text,
        true,
        Status.DOWN,
        List.of(new StatusView.Group(name, Status.DOWN)),
        Map.of(text, text),
        List.of(check),
        List.of(),
        List.of(new StatusView.Limiter(name, 1, 2, 3)),
        List.of(new StatusView.BulkheadRow(name, 1, 2, 3)),
        List.of(new StatusView.RetryRow(name, 1, 2, 3, 4, 5, 6)),
        List.of(new StatusView.Change(AT, "check", name, "UP", "DOWN", text)),
        CallRates.Window.NONE);
  }

  private static String view(StatusView v) {
    String html = new String(StatusHtml.page(v, "status/status.json"), StandardCharsets.UTF_8);
    return html.substring(0, html.indexOf("<script>"));
  }

  @Test
  void aCheckNamedScriptIsText() {
    String html = view(view("<script>alert(1)</script>", "</td><script>alert(2)</script>"));
    assertThat(html).doesNotContain("<script>alert", "</td><script>");
    assertThat(html)
        .contains("<tr data-check=\"&lt;script&gt;alert(1)&lt;/script&gt;\">")
        .contains("<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>")
        .contains("<title>&lt;/td&gt;&lt;script&gt;alert(2)&lt;/script&gt;</title>")
        .contains("<b>&lt;script&gt;alert(1)&lt;/script&gt;</b>");
  }

  @Property(tries = 300)
  void noTextOpensATagOrLeavesAnAttribute(@ForAll String name, @ForAll String text) {
    String html = view(view(name, text));
    String plain = view(view("x", "y"));
    // Every '<' and '"' in the page is the template's or the renderer's own: as many as with
    // harmless text, whatever the text holds.
    assertThat(count(html, '<')).isEqualTo(count(plain, '<'));
    assertThat(count(html, '"')).isEqualTo(count(plain, '"'));
    assertThat(count(html, '>')).isEqualTo(count(plain, '>'));
  }

  private static long count(String s, char c) {
    return s.chars().filter(ch -> ch == c).count();
  }

  @Test
  void escapeCoversTheFiveCharacters() {
    assertThat(StatusHtml.escape("a&b<c>d\"e'f")).isEqualTo("a&amp;b&lt;c&gt;d&quot;e&#39;f");
    String plain = "plain text";
    assertThat(StatusHtml.escape(plain)).isSameAs(plain);
  }
}
