package dev.levee.config.internal;

import com.fasterxml.jackson.databind.JsonNode;

/** How problems show a value. */
final class Shown {
  private Shown() {}

  /**
   * A value as problems show it: text quoted, control characters escaped, infinities and NaN as
   * YAML writes them, at most {@value #LONGEST_SHOWN} characters.
   *
   * @param v the value
   * @return how it is shown
   */
  static String value(JsonNode v) {
    String s;
    if (v.isTextual()) {
      s = "\"" + escaped(v.textValue()) + "\"";
    } else if (v.isFloatingPointNumber()
        && !Double.isFinite(v.doubleValue())
        && !v.isBigDecimal()) {
      s =
          Double.isNaN(v.doubleValue())
              ? ".nan"
              : v.doubleValue() > 0 ? ".inf" : "-.inf"; // as YAML
    } else {
      s = v.toString();
    }
    if (s.length() <= LONGEST_SHOWN) {
      return s;
    }
    int end = LONGEST_SHOWN - 3;
    if (Character.isHighSurrogate(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(0, end) + "...";
  }

  private static final int LONGEST_SHOWN = 80;

  /**
   * Whether text has a control character, which {@link #escaped} would escape.
   *
   * @param text the text
   * @return whether it has one
   */
  static boolean hasControl(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (Character.isISOControl(text.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Text with its control characters escaped: {@code \n}, {@code \t}, else {@code \}{@code u001b}.
   *
   * @param text the text
   * @return the escaped text
   */
  static String escaped(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n') {
        out.append("\\n");
      } else if (c == '\t') {
        out.append("\\t");
      } else if (Character.isISOControl(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
