package dev.levee.http;

import java.util.Objects;

/**
 * A request as an {@link HttpEndpoint} sees it, whatever server received it: only what Levee's
 * endpoints read (no body, which the servers read and drop). Adapters build one per request with
 * {@link #builder(String, String)}; tests of an endpoint do the same.
 *
 * <p>Immutable and thread-safe. A class rather than a record, so that what an endpoint may read can
 * grow (a header, say) without breaking the code that builds requests.
 */
public final class HttpRequest {
  private final String method;
  private final String path;
  private final String rawQuery;
  private final String accept;
  private final String authorization;
  private final boolean loopback;

  private HttpRequest(Builder b) {
    this.method = b.method;
    this.path = b.path;
    this.rawQuery = b.rawQuery;
    this.accept = b.accept;
    this.authorization = b.authorization;
    this.loopback = b.loopback;
  }

  /**
   * Starts a request.
   *
   * @param method the HTTP method, such as {@code GET}
   * @param path the request path, not decoded, without the query
   * @return a builder
   * @throws NullPointerException if either is {@code null}
   */
  public static Builder builder(String method, String path) {
    return new Builder(
        Objects.requireNonNull(method, "method"), Objects.requireNonNull(path, "path"));
  }

  /**
   * The HTTP method, such as {@code GET}.
   *
   * @return the method
   */
  public String method() {
    return method;
  }

  /**
   * The request path, not decoded, without the query.
   *
   * @return the path
   */
  public String path() {
    return path;
  }

  /**
   * The query string, not decoded.
   *
   * @return the query, or {@code null} if the request had none
   */
  public String rawQuery() {
    return rawQuery;
  }

  /**
   * The {@code Accept} header.
   *
   * @return the header, or {@code null}
   */
  public String accept() {
    return accept;
  }

  /**
   * The {@code Authorization} header.
   *
   * @return the header, or {@code null}
   */
  public String authorization() {
    return authorization;
  }

  /**
   * Whether the caller connected from a loopback address.
   *
   * @return {@code true} for a loopback caller
   */
  public boolean loopback() {
    return loopback;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof HttpRequest)) {
      return false;
    }
    HttpRequest r = (HttpRequest) o;
    return loopback == r.loopback
        && method.equals(r.method)
        && path.equals(r.path)
        && Objects.equals(rawQuery, r.rawQuery)
        && Objects.equals(accept, r.accept)
        && Objects.equals(authorization, r.authorization);
  }

  @Override
  public int hashCode() {
    return Objects.hash(method, path, rawQuery, accept, authorization, loopback);
  }

  /** The method, path and query; never the {@code Authorization} header's value. */
  @Override
  public String toString() {
    return "HttpRequest["
        + method
        + " "
        + path
        + (rawQuery == null ? "" : "?" + rawQuery)
        + (authorization == null ? "" : ", with authorization")
        + (loopback ? ", loopback" : "")
        + "]";
  }

  /** Builds an {@link HttpRequest}. Not thread-safe. */
  public static final class Builder {
    private final String method;
    private final String path;
    private String rawQuery;
    private String accept;
    private String authorization;
    private boolean loopback;

    private Builder(String method, String path) {
      this.method = method;
      this.path = path;
    }

    /**
     * Sets the query string, not decoded.
     *
     * @param rawQuery the query, or {@code null} for none
     * @return this builder
     */
    public Builder rawQuery(String rawQuery) {
      this.rawQuery = rawQuery;
      return this;
    }

    /**
     * Sets the {@code Accept} header.
     *
     * @param accept the header, or {@code null}
     * @return this builder
     */
    public Builder accept(String accept) {
      this.accept = accept;
      return this;
    }

    /**
     * Sets the {@code Authorization} header.
     *
     * @param authorization the header, or {@code null}
     * @return this builder
     */
    public Builder authorization(String authorization) {
      this.authorization = authorization;
      return this;
    }

    /**
     * Sets whether the caller connected from a loopback address (default {@code false}).
     *
     * @param loopback whether it did
     * @return this builder
     */
    public Builder loopback(boolean loopback) {
      this.loopback = loopback;
      return this;
    }

    /**
     * Builds the request.
     *
     * @return the request
     */
    public HttpRequest build() {
      return new HttpRequest(this);
    }
  }
}
