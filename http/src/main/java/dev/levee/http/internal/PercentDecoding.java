package dev.levee.http.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict percent-decoding (RFC 3986 2.1) of UTF-8 text: an escape that is not {@code %} and two hex
 * digits, or bytes that are not UTF-8, are an error rather than a replacement character, so a
 * malformed request gets a 400 instead of a lookup of a name nobody wrote.
 */
public final class PercentDecoding {
  private PercentDecoding() {}

  /**
   * Decodes a path segment ({@code +} stays {@code +}).
   *
   * @param s the raw text
   * @return the decoded text
   * @throws IllegalArgumentException naming what is wrong
   */
  public static String segment(String s) {
    return decode(s, false);
  }

  /**
   * Decodes a query key or value ({@code +} is a space, as forms send it).
   *
   * @param s the raw text
   * @return the decoded text
   * @throws IllegalArgumentException naming what is wrong
   */
  public static String query(String s) {
    return decode(s, true);
  }

  private static String decode(String s, boolean plusIsSpace) {
    if (s.indexOf('%') < 0 && !(plusIsSpace && s.indexOf('+') >= 0)) {
      return s;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        int hi = i + 1 < s.length() ? hex(s.charAt(i + 1)) : -1;
        int lo = i + 2 < s.length() ? hex(s.charAt(i + 2)) : -1;
        if (hi < 0 || lo < 0) {
          throw new IllegalArgumentException("bad percent-encoding at character " + i);
        }
        bytes.write(hi * 16 + lo);
        i += 2;
      } else if (c == '+' && plusIsSpace) {
        bytes.write(' ');
      } else {
        byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(utf8, 0, utf8.length);
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("percent-encoded bytes that are not UTF-8");
    }
  }

  /**
   * An ASCII hex digit's value (RFC 3986's HEXDIG), or -1: not {@link Character#digit}, which also
   * reads other scripts' digits and fullwidth letters ({@code U+FF10} as 0, {@code U+FF21} as 10).
   */
  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
