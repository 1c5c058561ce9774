package dev.levee.health.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
   * @param jsonReference where the script fetches the JSON from, relative to the page's URL
   * @return UTF-8 HTML
   */
  public static byte[] page(StatusView view, String jsonReference) {
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
          out.append(escape(jsonReference));
          break;
        case "overall":
          HtmlText.badge(out, view.status().name());
          break;
        case "generated":
          out.append(HtmlText.clock(view.generatedAt())).append(" UTC");
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
      HtmlText.badge(out, g.status().name());
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
    StatusTables.checks(out, v);
    StatusTables.breakers(out, v);
    StatusTables.tables(out, v);
    StatusTables.timeline(out, v);
  }

  /**
   * Text made safe for HTML content and quoted attribute values: {@code & < > " '} become entities.
   *
   * @param text the text
   * @return the escaped text
   */
  public static String escape(String text) {
    return HtmlText.escape(text);
  }
}
