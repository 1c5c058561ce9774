package dev.levee.http.admission;

/**
 * What {@link Admission} reads of an incoming request to give it a priority, whatever server
 * received it. The adapters make one per request over their server's own request object; the
 * predicates given to {@link Admission.Builder} read it.
 *
 * <p>Implementations read through to the server's request and are used only on the thread that
 * calls {@link Admission#admit}.
 */
public interface AdmissionRequest {
  /**
   * The HTTP method, such as {@code GET}.
   *
   * @return the method
   */
  String method();

  /**
   * The request path, not decoded, without the query: relative to the context path in a Servlet
   * container, the whole path on Undertow and the JDK's server.
   *
   * @return the path
   */
  String path();

  /**
   * The first value of a request header.
   *
   * @param name the header's name, in any case
   * @return the value, or {@code null} if the request has none (or, for a request an {@link
   *     dev.levee.http.HttpEndpoint} sees, for any header but {@code Accept} and {@code
   *     Authorization}, the only ones {@link dev.levee.http.HttpRequest} carries)
   */
  String header(String name);

  /**
   * The server's own request object, for a predicate that needs more than the above (a user's role,
   * a TLS attribute): the {@code HttpServletRequest}, Undertow's {@code HttpServerExchange}, the
   * JDK's {@code HttpExchange}, or Levee's {@link dev.levee.http.HttpRequest}.
   *
   * @param <T> the type asked for
   * @param type the type asked for
   * @return the server's request if it is a {@code type}, else {@code null}
   */
  <T> T unwrap(Class<T> type);
}
