package dev.levee.health.internal;

/** The status page's paths and query: where its JSON is from the page, and {@code ?since=}. */
public final class StatusPaths {
  private StatusPaths() {}

  /**
   * Where the page's script finds the JSON, relative to the page's own URL, so that it resolves
   * under a servlet context path or a proxy's prefix that this endpoint never sees: {@code
   * status/status.json} from {@code .../status}, {@code status.json} from {@code .../status/} (the
   * last segment of the path is the page's own name, as the browser sees it too).
   *
   * @param pagePath the page's path as requested: the base path, with or without a slash after it
   * @return the relative reference
   */
  public static String jsonReference(String pagePath) {
    if (pagePath.endsWith("/")) {
      return "status.json";
    }
    return pagePath.substring(pagePath.lastIndexOf('/') + 1) + "/status.json";
  }

  /**
   * The {@code since=n} of a query, with {@code n >= -1}; anything else in the query is ignored.
   *
   * @param query the raw query, or {@code null}
   * @return {@code n}, or -1 when the query has none
   * @throws IllegalArgumentException if {@code n} is not a sample number, naming it
   */
  public static long since(String query) {
    if (query == null) {
      return -1;
    }
    for (String pair : query.split("&")) {
      if (pair.startsWith("since=")) {
        String value = pair.substring("since=".length());
        if (!value.matches("-1|[0-9]{1,18}")) {
          throw new IllegalArgumentException(
              "since must be a sample number (or -1), was \""
                  + (value.length() > 40 ? value.substring(0, 40) + "..." : value)
                  + "\"");
        }
        return Long.parseLong(value);
      }
    }
    return -1;
  }
}
