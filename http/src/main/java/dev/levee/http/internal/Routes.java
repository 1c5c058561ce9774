package dev.levee.http.internal;

import dev.levee.http.HttpEndpoint;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which endpoint answers a path: the one with the longest base path that is the path itself or a
 * whole leading segment of it ({@code /health} answers {@code /health/ready} but not {@code
 * /healthcheck}); a base path of {@code /} answers every path no other takes.
 */
final class Routes {
  private final List<HttpEndpoint> longestFirst;

  Routes(List<? extends HttpEndpoint> endpoints) {
    List<HttpEndpoint> sorted = new ArrayList<>(endpoints);
    sorted.sort(Comparator.comparingInt((HttpEndpoint e) -> e.basePath().length()).reversed());
    this.longestFirst = List.copyOf(sorted);
  }

  /** The endpoint for {@code path}, or {@code null}. */
  HttpEndpoint find(String path) {
    for (HttpEndpoint e : longestFirst) {
      String base = e.basePath();
      if (path.equals(base)
          || base.equals("/")
          || (path.startsWith(base) && path.charAt(base.length()) == '/')) {
        return e;
      }
    }
    return null;
  }
}
