package dev.levee.http.internal;

/**
 * A request line and the headers the server and the endpoints use.
 *
 * @param method the method, such as {@code GET}
 * @param path the raw path (not decoded), without the query
 * @param query the raw query, or {@code null} when the target has no {@code ?}
 * @param accept the {@code Accept} header, or {@code null}
 * @param authorization the {@code Authorization} header, or {@code null}
 * @param http11 whether the request is HTTP/1.1 (else 1.0)
 * @param keepAlive whether the client wants the connection kept open after the response
 * @param contentLength the declared body length, 0 when none is declared
 * @param expectContinue whether the client waits for {@code 100 Continue} before its body
 */
record RequestHead(
    String method,
    String path,
    String query,
    String accept,
    String authorization,
    boolean http11,
    boolean keepAlive,
    long contentLength,
    boolean expectContinue) {}
