package dev.levee.errors.internal;

import dev.levee.errors.ErrorCategory;

/** The default category of each HTTP error status; see {@code ErrorClassifiers.forHttpStatus}. */
public final class HttpStatuses {
  private HttpStatuses() {}

  /**
   * The default category of an HTTP error status.
   *
   * @param status an HTTP status code
   * @return its category, or {@code null} if it is not an error status (outside 400-599)
   */
  public static ErrorCategory categoryOrNull(int status) {
    if (status < 400 || status > 599) {
      return null;
    }
    switch (status) {
      case 408: // Request Timeout: the server gave up waiting; a prompt retry usually works.
      case 425: // Too Early (RFC 8470): the request is safe to retry as is.
      case 504: // Gateway Timeout: an upstream timed out, like a network timeout.
      case 500: // Internal Server Error: most often a passing fault behind the server.
      case 502: // Bad Gateway: the upstream was unreachable or reset the connection.
        return ErrorCategory.RETRIABLE;
      case 429: // Too Many Requests: rate limited; back off longer, honour Retry-After.
      case 503: // Service Unavailable: overloaded or restarting; back off longer.
      case 507: // Insufficient Storage: resources exhausted.
        return ErrorCategory.TRANSIENT;
      case 501: // Not Implemented
      case 505: // HTTP Version Not Supported
      case 508: // Loop Detected
      case 510: // Not Extended
      case 511: // Network Authentication Required
        return ErrorCategory.FATAL;
      default:
        // Any other 4xx is the caller's request; any other 5xx (including proxies' 520-524) is
        // a server-side fault worth another try.
        return status < 500 ? ErrorCategory.INVALID_INPUT : ErrorCategory.RETRIABLE;
    }
  }
}
