package dev.levee.examples;

import dev.levee.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The demo's own plain-text HTTP answers. (The page at {@code /} is levee-health's {@code
 * StatusPage}.)
 */
final class DemoPages {
  private DemoPages() {}

  /**
   * A plain-text answer.
   *
   * @param status the status code
   * @param text the body
   * @return the response
   */
  static HttpResponse text(int status, String text) {
    return text(status, text, Map.of());
  }

  /**
   * 405, with the methods allowed.
   *
   * @param allow the {@code Allow} header, such as {@code GET, HEAD}
   * @return the response
   */
  static HttpResponse notAllowed(String allow) {
    return text(405, "method not allowed: " + allow + " only\n", Map.of("Allow", allow));
  }

  private static HttpResponse text(int status, String text, Map<String, String> extra) {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers = new java.util.HashMap<>(extra);
    headers.put("Content-Type", "text/plain; charset=utf-8");
    headers.put("Content-Length", Integer.toString(body.length));
    return HttpResponse.of(status, headers, body);
  }
}
