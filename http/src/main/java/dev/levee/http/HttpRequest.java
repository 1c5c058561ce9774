package dev.levee.http;

import java.util.Objects;

/**
 * A request as an {@link HttpEndpoint} sees it, whatever server received it: only what Levee's
 * endpoints read (no body, which the servers read and drop). Adapters build one per request.
 *
 * @param method the HTTP method, such as {@code GET}
 * @param path the request path, not decoded, without the query
 * @param rawQuery the query string, not decoded, or {@code null}
 * @param accept the {@code Accept} header, or {@code null}
 * @param authorization the {@code Authorization} header, or {@code null}
 * @param loopback whether the caller connected from a loopback address
 */
public record HttpRequest(
    String method,
    String path,
    String rawQuery,
    String accept,
    String authorization,
    boolean loopback) {
  /**
   * Checks the values.
   *
   * @param method see {@link #method()}
   * @param path see {@link #path()}
   * @param rawQuery see {@link #rawQuery()}
   * @param accept see {@link #accept()}
   * @param authorization see {@link #authorization()}
   * @param loopback see {@link #loopback()}
   */
  public HttpRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
  }
}
