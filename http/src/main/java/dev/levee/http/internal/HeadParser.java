package dev.levee.http.internal;

import java.nio.charset.StandardCharsets;

/**
 * Finds and parses an HTTP/1.x request head (RFC 9112): the request line and the header fields up
 * to the empty line. Strict where leniency is a risk (whitespace before a colon, folded lines,
 * control characters, a {@code Transfer-Encoding} beside a {@code Content-Length}, conflicting
 * lengths: the ingredients of request smuggling), lenient where RFC 9112 allows it (a bare LF as a
 * line end, empty lines before the request line). Every verdict is an {@link HttpError} with the
 * status to answer.
 */
final class HeadParser {
  /** More fields than this is a 431. */
  static final int MAX_FIELDS = 100;

  private HeadParser() {}

  /**
   * Where the head ends: the index just past the empty line that ends it, or -1 if it has not all
   * arrived. The head starts at {@code start}, after any empty lines ({@link #skipEmptyLines});
   * scanning starts at {@code from}, which may be where an earlier scan stopped.
   */
  static int findEnd(byte[] buf, int start, int from, int to) {
    for (int i = Math.max(from, start + 1); i < to; i++) {
      if (buf[i] == '\n'
          && (buf[i - 1] == '\n' || (buf[i - 1] == '\r' && i - 2 >= start && buf[i - 2] == '\n'))) {
        return i + 1;
      }
    }
    return -1;
  }

  /**
   * Skips the empty lines a client may send before a request line (RFC 9112 2.2).
   *
   * @return the index of the first byte that is not CR or LF, or {@code to}
   */
  static int skipEmptyLines(byte[] buf, int start, int to) {
    int i = start;
    while (i < to && (buf[i] == '\r' || buf[i] == '\n')) {
      i++;
    }
    return i;
  }

  /**
   * Parses a whole head, {@code [start, end)}, as found by {@link #findEnd}.
   *
   * @param maxBody the largest body accepted
   * @throws HttpError if the head is malformed or asks for what the server does not do
   */
  static RequestHead parse(byte[] buf, int start, int end, long maxBody) throws HttpError {
    int pos = skipEmptyLines(buf, start, end);
    int lineEnd = lineEnd(buf, pos, end);
    String requestLine = text(buf, pos, lineEnd);
    pos = next(buf, lineEnd, end);
    int sp1 = requestLine.indexOf(' ');
    int sp2 = sp1 < 0 ? -1 : requestLine.indexOf(' ', sp1 + 1);
    if (sp1 <= 0 || sp2 < 0 || requestLine.indexOf(' ', sp2 + 1) >= 0) {
      throw new HttpError(400, "malformed request line");
    }
    String method = requestLine.substring(0, sp1);
    String target = requestLine.substring(sp1 + 1, sp2);
    String version = requestLine.substring(sp2 + 1);
    if (!isToken(method)) {
      throw new HttpError(400, "malformed method");
    }
    boolean http11;
    if (version.equals("HTTP/1.1")) {
      http11 = true;
    } else if (version.equals("HTTP/1.0")) {
      http11 = false;
    } else if (version.matches("HTTP/[2-9](\\.[0-9])?")) {
      throw new HttpError(505, "only HTTP/1.0 and HTTP/1.1 are served");
    } else {
      throw new HttpError(400, "malformed HTTP version");
    }
    String pathAndQuery = originForm(target);
    int q = pathAndQuery.indexOf('?');
    String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    String query = q < 0 ? null : pathAndQuery.substring(q + 1);

    String accept = null;
    String authorization = null;
    String contentLength = null;
    boolean transferEncoding = false;
    boolean close = false;
    boolean keepAlive = false;
    boolean expectContinue = false;
    int fields = 0;
    while (pos < end) {
      lineEnd = lineEnd(buf, pos, end);
      if (lineEnd == pos) {
        break; // the empty line
      }
      if (buf[pos] == ' ' || buf[pos] == '\t') {
        throw new HttpError(400, "folded header lines are not accepted");
      }
      if (++fields > MAX_FIELDS) {
        throw new HttpError(431, "more than " + MAX_FIELDS + " header fields");
      }
      String line = text(buf, pos, lineEnd);
      pos = next(buf, lineEnd, end);
      int colon = line.indexOf(':');
      if (colon <= 0 || !isToken(line.substring(0, colon))) {
        throw new HttpError(400, "malformed header field");
      }
      String name = line.substring(0, colon);
      String value = fieldValue(line, colon + 1);
      if (name.equalsIgnoreCase("Content-Length")) {
        if (contentLength != null && !contentLength.equals(value)) {
          throw new HttpError(400, "conflicting Content-Length fields");
        }
        contentLength = value;
      } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
        transferEncoding = true;
      } else if (name.equalsIgnoreCase("Connection")) {
        for (String option : value.split(",")) {
          close |= option.strip().equalsIgnoreCase("close");
          keepAlive |= option.strip().equalsIgnoreCase("keep-alive");
        }
      } else if (name.equalsIgnoreCase("Accept")) {
        accept = accept == null ? value : accept + ", " + value;
      } else if (name.equalsIgnoreCase("Authorization")) {
        if (authorization != null) {
          throw new HttpError(400, "more than one Authorization field");
        }
        authorization = value;
      } else if (name.equalsIgnoreCase("Expect")) {
        expectContinue = value.equalsIgnoreCase("100-continue");
      }
    }
    if (transferEncoding) {
      if (contentLength != null) {
        throw new HttpError(400, "both Transfer-Encoding and Content-Length");
      }
      throw new HttpError(411, "transfer codings are not accepted: send Content-Length");
    }
    long length = contentLength == null ? 0 : length(contentLength, maxBody);
    return new RequestHead(
        method,
        path,
        query,
        accept,
        authorization,
        http11,
        http11 ? !close : keepAlive && !close,
        length,
        expectContinue && length > 0 && http11); // RFC 9110 10.1.1: ignored in HTTP/1.0
  }

  /**
   * A field value without the optional whitespace around it, which is SP and HTAB only (RFC 9110
   * 5.6.3; {@code String.strip()} would also take VT, FF and FS to US, so a length of VT and {@code
   * 5} would read as 5 here and as something else to a proxy in front). A control character in it
   * is refused: RFC 9110 5.5 makes it invalid, and one in a length is a smuggling ingredient.
   */
  private static String fieldValue(String line, int from) throws HttpError {
    int begin = from;
    int end = line.length();
    while (begin < end && (line.charAt(begin) == ' ' || line.charAt(begin) == '\t')) {
      begin++;
    }
    while (end > begin && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) {
      end--;
    }
    for (int i = begin; i < end; i++) {
      char c = line.charAt(i);
      if ((c < ' ' && c != '\t') || c == 0x7f) {
        throw new HttpError(400, "control character in a header field");
      }
    }
    return line.substring(begin, end);
  }

  private static long length(String value, long maxBody) throws HttpError {
    if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(Character::isDigit)) {
      throw new HttpError(400, "malformed Content-Length");
    }
    long n = Long.parseLong(value);
    if (n > maxBody) {
      throw new HttpError(413, "body of " + n + " bytes is over the limit of " + maxBody);
    }
    return n;
  }

  /**
   * The path and query of a request target: origin form as it is, absolute form ({@code
   * http://host/path}, what a forward proxy sends, RFC 9112 3.2.2) without scheme and authority.
   */
  private static String originForm(String target) throws HttpError {
    for (int i = 0; i < target.length(); i++) {
      char c = target.charAt(i);
      if (c <= ' ' || c >= 0x7f || c == '#') {
        throw new HttpError(400, "malformed request target");
      }
    }
    if (target.startsWith("/")) {
      return target;
    }
    String lower = target.toLowerCase(java.util.Locale.ROOT);
    int scheme = lower.startsWith("http://") ? 7 : lower.startsWith("https://") ? 8 : -1;
    if (scheme < 0) {
      throw new HttpError(400, "malformed request target");
    }
    int slash = target.indexOf('/', scheme);
    int question = target.indexOf('?', scheme);
    if (slash < 0 || (question >= 0 && question < slash)) {
      return question < 0 ? "/" : "/" + target.substring(question);
    }
    return target.substring(slash);
  }

  /** The index of the line's LF, or its CR when a CRLF ends it. */
  private static int lineEnd(byte[] buf, int pos, int end) throws HttpError {
    for (int i = pos; i < end; i++) {
      byte b = buf[i];
      if (b == '\n') {
        return i > pos && buf[i - 1] == '\r' ? i - 1 : i;
      }
      if (b == 0 || (b == '\r' && (i + 1 >= end || buf[i + 1] != '\n'))) {
        throw new HttpError(400, "control character in the request head");
      }
    }
    return end;
  }

  /** Where the line after the one ending at {@code lineEnd} starts ({@code end} if none). */
  private static int next(byte[] buf, int lineEnd, int end) {
    if (lineEnd >= end) {
      return end;
    }
    return buf[lineEnd] == '\r' ? lineEnd + 2 : lineEnd + 1;
  }

  private static String text(byte[] buf, int from, int to) {
    return new String(buf, from, to - from, StandardCharsets.ISO_8859_1);
  }

  /** RFC 9110 5.6.2: a token is one or more tchars. */
  static boolean isToken(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
