package dev.levee.http;

import dev.levee.http.internal.ErrorBody;
import dev.levee.http.internal.PercentDecoding;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the server and adapter tests serve where probes go, in place of the health endpoints (a
 * module built on this one): a non-blocking endpoint at {@code /health} that answers {@code
 * /health}, {@code /health/live} and {@code /health/ready} with 200 and {@code
 * {"status":"UP","checks":[]}}, and reads its path and query as {@code HealthEndpoints} does:
 * strict percent-decoding of every segment and query part, a JSON 400 naming what is malformed, 404
 * for other paths, 405 for methods other than GET and HEAD, {@code Cache-Control: no-store} on
 * every answer. The health module checks its real endpoints on each adapter. Thread-safe.
 */
final class ProbeEndpoint implements HttpEndpoint {
  private static final byte[] UP =
      "{\"status\":\"UP\",\"checks\":[]}".getBytes(StandardCharsets.UTF_8);

  @Override
  public String basePath() {
    return "/health";
  }

  @Override
  public boolean nonBlocking() {
    return true;
  }

  @Override
  public HttpResponse handle(HttpRequest request) {
    boolean head = request.method().equals("HEAD");
    if (!head && !request.method().equals("GET")) {
      Map<String, String> headers = headers();
      headers.put("Allow", "GET, HEAD");
      return respond(405, headers, ErrorBody.json("method not allowed"), false);
    }
    String path = request.path();
    if (!path.equals("/health") && !path.startsWith("/health/")) {
      return respond(404, headers(), ErrorBody.json("not found"), head);
    }
    String[] parts = path.equals("/health") ? new String[0] : path.substring(8).split("/", -1);
    if (parts.length > 2) {
      return respond(404, headers(), ErrorBody.json("not found"), head);
    }
    try {
      for (int i = 0; i < parts.length; i++) {
        parts[i] = PercentDecoding.segment(parts[i]);
      }
    } catch (IllegalArgumentException bad) {
      return respond(400, headers(), ErrorBody.json("malformed path: " + bad.getMessage()), head);
    }
    if (request.rawQuery() != null) {
      for (String pair : request.rawQuery().split("&")) {
        try {
          for (String part : pair.split("=", 2)) {
            PercentDecoding.query(part);
          }
        } catch (IllegalArgumentException bad) {
          return respond(
              400, headers(), ErrorBody.json("malformed query: " + bad.getMessage()), head);
        }
      }
    }
    boolean probe =
        parts.length == 0
            || parts.length == 1 && (parts[0].equals("live") || parts[0].equals("ready"));
    return probe
        ? respond(200, headers(), UP, head)
        : respond(404, headers(), ErrorBody.json("not found"), head);
  }

  private static Map<String, String> headers() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("Cache-Control", "no-store");
    return headers;
  }

  private static HttpResponse respond(
      int status, Map<String, String> headers, byte[] body, boolean head) {
    headers.put("Content-Length", Integer.toString(body.length));
    return HttpResponse.of(status, headers, head ? new byte[0] : body);
  }
}
