package dev.levee.http.internal;

import dev.levee.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Turns {@link HttpResponse}s into HTTP/1.1 bytes, and makes the server's own error answers. */
final class Responses {
  /** Headers the server writes itself; an endpoint's values for them are not copied. */
  private static final Set<String> OWN =
      Set.of("content-length", "connection", "keep-alive", "transfer-encoding", "date");

  /** RFC 9110 5.6.7: {@code Sun, 06 Nov 1994 08:49:37 GMT}, always two-digit days. */
  private static final DateTimeFormatter IMF_FIXDATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", java.util.Locale.ENGLISH);

  private static final byte[] CONTINUE =
      "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  private Responses() {}

  /**
   * The bytes of a response: the head, then the body unless {@code head} (a HEAD request, which
   * gets the length a GET would have had) or the status has none.
   *
   * @param response what the endpoint answered
   * @param head whether the request was HEAD
   * @param close whether the connection closes after this response
   * @param keepAlive10 whether to say {@code Connection: keep-alive} (an HTTP/1.0 client that
   *     asked)
   * @param now the time, for the {@code Date} header
   * @return the head and the body, to write in one gathering write
   */
  static ByteBuffer[] encode(
      HttpResponse response, boolean head, boolean close, boolean keepAlive10, Instant now) {
    int status = response.status();
    boolean noBody = status < 200 || status == 204 || status == 304;
    StringBuilder h = new StringBuilder(256);
    h.append("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
    String declaredLength = null;
    for (Map.Entry<String, String> e : response.headers().entrySet()) {
      String name = e.getKey();
      if (name.equalsIgnoreCase("Content-Length")) {
        declaredLength = e.getValue();
      }
      if (OWN.contains(name.toLowerCase(java.util.Locale.ROOT)) || !HeadParser.isToken(name)) {
        continue;
      }
      h.append(name).append(": ").append(clean(e.getValue())).append("\r\n");
    }
    h.append("Date: ").append(IMF_FIXDATE.format(now.atOffset(ZoneOffset.UTC))).append("\r\n");
    byte[] body = response.body();
    if (!noBody) {
      String length =
          head
                  && body.length == 0
                  && declaredLength != null
                  && declaredLength.matches("[0-9]{1,18}")
              ? declaredLength
              : Integer.toString(body.length);
      h.append("Content-Length: ").append(length).append("\r\n");
    }
    if (close) {
      h.append("Connection: close\r\n");
    } else if (keepAlive10) {
      h.append("Connection: keep-alive\r\n");
    }
    h.append("\r\n");
    ByteBuffer headBytes = ByteBuffer.wrap(h.toString().getBytes(StandardCharsets.ISO_8859_1));
    ByteBuffer bodyBytes = head || noBody ? ByteBuffer.allocate(0) : ByteBuffer.wrap(body);
    return new ByteBuffer[] {headBytes, bodyBytes};
  }

  /** What a client that sent {@code Expect: 100-continue} waits for before its body. */
  static ByteBuffer continueBytes() {
    return ByteBuffer.wrap(CONTINUE);
  }

  /**
   * The server's own answer: {@code {"error": message}} as JSON, like the endpoints' errors.
   *
   * @param status the status
   * @param message what was wrong
   * @return the response
   */
  static HttpResponse error(int status, String message) {
    byte[] body = ErrorBody.json(message);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("Cache-Control", "no-store");
    if (status == 503) {
      headers.put("Retry-After", "1");
    }
    return HttpResponse.of(status, headers, body);
  }

  /** A header value with any control character (a CR or LF would split the head) made a space. */
  private static String clean(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < ' ' && c != '\t' || c == 0x7f) {
        StringBuilder b = new StringBuilder(value.length());
        for (int j = 0; j < value.length(); j++) {
          char d = value.charAt(j);
          b.append(d < ' ' && d != '\t' || d == 0x7f ? ' ' : d);
        }
        return b.toString();
      }
    }
    return value;
  }

  static String reason(int status) {
    return switch (status) {
      case 100 -> "Continue";
      case 200 -> "OK";
      case 201 -> "Created";
      case 202 -> "Accepted";
      case 204 -> "No Content";
      case 301 -> "Moved Permanently";
      case 302 -> "Found";
      case 304 -> "Not Modified";
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 406 -> "Not Acceptable";
      case 408 -> "Request Timeout";
      case 409 -> "Conflict";
      case 411 -> "Length Required";
      case 413 -> "Content Too Large";
      case 414 -> "URI Too Long";
      case 415 -> "Unsupported Media Type";
      case 429 -> "Too Many Requests";
      case 431 -> "Request Header Fields Too Large";
      case 500 -> "Internal Server Error";
      case 501 -> "Not Implemented";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      case 505 -> "HTTP Version Not Supported";
      default -> "Status " + status;
    };
  }
}
