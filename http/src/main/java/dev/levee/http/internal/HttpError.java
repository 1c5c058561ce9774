package dev.levee.http.internal;

/**
 * A request the server answers with an error status and closes the connection after: malformed, too
 * large, or not supported. Carries no stack trace: it is a verdict on a client's bytes, not a fault
 * in the server.
 */
final class HttpError extends Exception {
  private static final long serialVersionUID = 1L;

  /** The status to answer with. */
  final int status;

  HttpError(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }
}
