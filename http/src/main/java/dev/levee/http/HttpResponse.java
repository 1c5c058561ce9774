package dev.levee.http;

import java.util.Map;

/**
 * What an {@link HttpEndpoint} answers: a status code, headers and a body, which an adapter copies
 * to its server's response. For {@code HEAD} the body is empty and {@code Content-Length} still
 * gives the length a {@code GET} would have had.
 *
 * @param status the HTTP status code
 * @param headers the headers, including {@code Content-Type} and {@code Cache-Control}
 * @param body the body (empty for {@code HEAD})
 */
public record HttpResponse(int status, Map<String, String> headers, byte[] body) {
  /**
   * Copies the headers.
   *
   * @param status see {@link #status()}
   * @param headers see {@link #headers()}
   * @param body see {@link #body()}
   */
  public HttpResponse {
    headers = Map.copyOf(headers);
  }
}
