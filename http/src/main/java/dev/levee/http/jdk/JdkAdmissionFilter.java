package dev.levee.http.jdk;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import dev.levee.http.HttpResponse;
import dev.levee.http.admission.Admission;
import dev.levee.http.admission.AdmissionDecision;
import dev.levee.http.admission.AdmissionRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.Objects;

/**
 * Puts {@link Admission} in front of the handlers of a JDK {@code
 * com.sun.net.httpserver.HttpServer} context: a shed request gets the 503 at once and never reaches
 * the handler; an admitted one holds its place until the handler returns.
 *
 * <pre>{@code
 * HttpContext api = server.createContext("/", application);
 * api.getFilters().add(new JdkAdmissionFilter(admission));
 * }</pre>
 *
 * <p>The JDK's server runs a handler to the end of its exchange on one thread, so the place is
 * given back when the chain returns, with the response code the handler sent (none sent teaches the
 * limiter nothing), or when it throws, with what it threw. A handler that hands its exchange to
 * another thread and returns ends its request early, as far as admission is concerned. Paths are
 * whole (not relative to the context). This class is thread-safe.
 */
public final class JdkAdmissionFilter extends Filter {
  private final Admission admission;

  /**
   * Creates the filter.
   *
   * @param admission decides each request
   */
  public JdkAdmissionFilter(Admission admission) {
    this.admission = Objects.requireNonNull(admission, "admission");
  }

  @Override
  public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
    AdmissionDecision decision = admission.admit(new View(exchange));
    if (!decision.admitted()) {
      shed(exchange, decision.response());
      return;
    }
    try {
      chain.doFilter(exchange);
    } catch (IOException | RuntimeException | Error e) {
      decision.fail(e);
      throw e;
    }
    decision.complete(exchange.getResponseCode());
  }

  private static void shed(HttpExchange exchange, HttpResponse answer) throws IOException {
    try (exchange) {
      for (Map.Entry<String, String> h : answer.headers().entrySet()) {
        exchange.getResponseHeaders().set(h.getKey(), h.getValue());
      }
      if ("HEAD".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(answer.status(), -1);
        return;
      }
      exchange.sendResponseHeaders(answer.status(), answer.body().length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer.body());
      }
    }
  }

  @Override
  public String description() {
    return "Levee admission control \"" + admission.name() + "\"";
  }

  /** A request as {@link Admission} reads it. */
  private static final class View implements AdmissionRequest {
    private final HttpExchange exchange;

    View(HttpExchange exchange) {
      this.exchange = exchange;
    }

    @Override
    public String method() {
      return exchange.getRequestMethod();
    }

    @Override
    public String path() {
      String path = exchange.getRequestURI().getRawPath();
      return path == null ? "/" : path;
    }

    @Override
    public String header(String name) {
      return exchange.getRequestHeaders().getFirst(name);
    }

    @Override
    public <T> T unwrap(Class<T> type) {
      return type.isInstance(exchange) ? type.cast(exchange) : null;
    }
  }
}
