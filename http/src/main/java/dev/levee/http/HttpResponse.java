package dev.levee.http;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * What an {@link HttpEndpoint} answers: a status code, headers and a body, which an adapter copies
 * to its server's response. For {@code HEAD} the body is empty and {@code Content-Length} still
 * gives the length a {@code GET} would have had.
 *
 * <p>Immutable apart from the body array, which it holds as given and hands out as is (copying it
 * for every probe would cost an allocation per answer): neither side may change it. A class rather
 * than a record, so that it can grow without breaking the endpoints that build one.
 */
public final class HttpResponse {
  private final int status;
  private final Map<String, String> headers;
  private final byte[] body;

  private HttpResponse(int status, Map<String, String> headers, byte[] body) {
    this.status = status;
    this.headers = Map.copyOf(headers);
    this.body = Objects.requireNonNull(body, "body");
  }

  /**
   * A response.
   *
   * @param status the HTTP status code, in [100, 599]
   * @param headers the headers, including {@code Content-Type} and {@code Cache-Control}; copied
   * @param body the body (empty for {@code HEAD}); not copied
   * @return the response
   * @throws IllegalArgumentException if the status is not an HTTP status code
   * @throws NullPointerException if the headers or body are {@code null}
   */
  public static HttpResponse of(int status, Map<String, String> headers, byte[] body) {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status must be in [100, 599], was " + status);
    }
    return new HttpResponse(status, Objects.requireNonNull(headers, "headers"), body);
  }

  /**
   * The HTTP status code.
   *
   * @return the code
   */
  public int status() {
    return status;
  }

  /**
   * The headers.
   *
   * @return the headers, read-only
   */
  public Map<String, String> headers() {
    return headers;
  }

  /**
   * The body, as given (do not change it).
   *
   * @return the body
   */
  public byte[] body() {
    return body;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof HttpResponse)) {
      return false;
    }
    HttpResponse r = (HttpResponse) o;
    return status == r.status && headers.equals(r.headers) && Arrays.equals(body, r.body);
  }

  @Override
  public int hashCode() {
    return 31 * Objects.hash(status, headers) + Arrays.hashCode(body);
  }

  @Override
  public String toString() {
    return "HttpResponse[" + status + ", " + headers + ", " + body.length + " bytes]";
  }
}
