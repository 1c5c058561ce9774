package dev.levee.health.internal;

import java.time.Duration;
import java.time.Instant;

/**
 * The small pieces the status page's HTML is made of ({@link StatusHtml}, {@link StatusTables},
 * {@link StatusCharts}): escaping, badges, numbers in tenths, percentages, clock times and ages,
 * each written as the page's script writes it.
 */
final class HtmlText {
  private HtmlText() {}

  static void badge(StringBuilder out, String status) {
    out.append("<span class=\"badge s-").append(status).append("\">").append(status);
    out.append("</span>");
  }

  static String pct(double rate) {
    return rate < 0
        ? "n/a"
        : tenths(new StringBuilder(8), Math.round(rate * 10)).append('%').toString();
  }

  static String clock(Instant at) {
    return at == null ? "" : IsoInstant.format(at).substring(11, 19);
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

  static StringBuilder tenths(StringBuilder out, long tenths) {
    if (tenths < 0) {
      out.append('-');
      tenths = -tenths;
    }
    return out.append(tenths / 10).append('.').append(tenths % 10);
  }

  /**
   * Text made safe for HTML content and quoted attribute values: {@code & < > " '} become entities.
   *
   * @param text the text
   * @return the escaped text
   */
  static String escape(String text) {
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
