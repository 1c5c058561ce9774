package dev.levee.http.internal;

import java.nio.charset.StandardCharsets;

/**
 * The JSON every Levee endpoint and server answers an error with: {@code {"error":"<message>"}},
 * UTF-8, written here without a JSON library so the server needs none. The same bytes Jackson
 * writes for that object: quote, backslash and control characters escaped, everything else as it
 * is. Thread-safe.
 */
public final class ErrorBody {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private ErrorBody() {}

  /**
   * The error body.
   *
   * @param message what was wrong
   * @return UTF-8 JSON
   */
  public static byte[] json(String message) {
    StringBuilder out = new StringBuilder(message.length() + 16).append("{\"error\":\"");
    for (int i = 0; i < message.length(); i++) {
      char c = message.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20) {
            out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append("\"}").toString().getBytes(StandardCharsets.UTF_8);
  }
}
