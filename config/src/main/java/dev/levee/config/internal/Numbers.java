package dev.levee.config.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a configuration value is, read for a key that takes an {@code int} or a {@code double}: the
 * tree's numbers (the YAML's, typed by {@link Scalars}) and text (quoted in the file, or from an
 * override) alike.
 */
final class Numbers {
  private static final Pattern INTEGER_TEXT = Pattern.compile("[-+]?[0-9]+");
  private static final Pattern DECIMAL_TEXT =
      Pattern.compile("[-+]?(?:\\.[0-9]+|[0-9]+(?:\\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?");

  private Numbers() {}

  /**
   * A value read for an {@code int} key.
   *
   * @param value the value, if it is an integer an {@code int} holds; else {@code null}
   * @param beyond if it is a number past an {@code int}'s range, the side: 1 above, -1 below
   *     ({@code 99999999999}, {@code 1e400}, {@code -.inf}); else 0 (not an integer: {@code 2.5},
   *     {@code .nan}, text)
   */
  record AsInt(Integer value, int beyond) {
    private static final AsInt NOT = new AsInt(null, 0);
  }

  /**
   * Reads a value as an {@code int}.
   *
   * @param v the value
   * @return what it is
   */
  static AsInt asInt(JsonNode v) {
    if (v.isInt()) {
      return new AsInt(v.intValue(), 0);
    }
    if (v.isIntegralNumber()) {
      return new AsInt(null, v.bigIntegerValue().signum());
    }
    if (v.isNumber()) {
      return fromDouble(v.doubleValue());
    }
    if (v.isTextual()) {
      String t = v.textValue().strip();
      if (INTEGER_TEXT.matcher(t).matches()) {
        try {
          return new AsInt(Integer.parseInt(t), 0);
        } catch (NumberFormatException tooLong) {
          return new AsInt(null, t.startsWith("-") ? -1 : 1);
        }
      }
      if (DECIMAL_TEXT.matcher(t).matches()) {
        return fromDouble(Double.parseDouble(t));
      }
    }
    return AsInt.NOT;
  }

  private static AsInt fromDouble(double d) {
    if (d > Integer.MAX_VALUE) {
      return new AsInt(null, 1);
    }
    if (d < Integer.MIN_VALUE) {
      return new AsInt(null, -1);
    }
    return AsInt.NOT; // a fraction, NaN, or an integer written as a float (3.0): not an integer
  }

  /**
   * Reads a value as a {@code double}: a number, or text that is one ({@code 2.5}, {@code 1e3}).
   *
   * @param v the value
   * @return the number (perhaps infinite or NaN), or {@code null} if it is not one
   */
  static Double asDouble(JsonNode v) {
    if (v.isNumber()) {
      return v.doubleValue(); // past a double's range, infinite: judged by the key's rule
    }
    if (v.isTextual()) {
      String t = v.textValue().strip();
      if (DECIMAL_TEXT.matcher(t).matches()) {
        return Double.parseDouble(t);
      }
    }
    return null;
  }

  /**
   * A builder's message about a value it was handed in place of the file's, made to name the
   * file's: {@code was 2147483647} becomes {@code was 99999999999}.
   *
   * @param message the message
   * @param handed the value handed, as the builder prints it
   * @param written the value as the file wrote it
   * @return the message naming the file's value
   */
  static String fileValue(String message, String handed, String written) {
    return Pattern.compile("\\bwas " + Pattern.quote(handed) + "(?![0-9.E])")
        .matcher(message)
        .replaceAll(Matcher.quoteReplacement("was " + written));
  }
}
