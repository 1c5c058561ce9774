package dev.levee.http.servlet;

import dev.levee.http.HttpResponse;
import dev.levee.http.admission.Admission;
import dev.levee.http.admission.AdmissionDecision;
import dev.levee.http.admission.AdmissionRequest;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;

/**
 * Puts {@link Admission} in front of a Jakarta Servlet 6 application (Jetty 12, Tomcat 10.1+): a
 * shed request gets the 503 at once and never reaches the servlet; an admitted one holds its place
 * until its response is done.
 *
 * <pre>{@code
 * context.addFilter(new FilterHolder(new AdmissionFilter(admission)), "/*",
 *     EnumSet.of(DispatcherType.REQUEST));
 * }</pre>
 *
 * <p>When a request ends: for a synchronous request, when the chain returns (with the response's
 * status) or throws (with what it threw); for a request that went asynchronous ({@code
 * startAsync}), when its async context completes, times out (a drop) or reports an error, heard
 * through an {@code AsyncListener} the filter adds (and adds again to each new async cycle). Only
 * the first dispatch of a request is decided: the filter lets {@code ASYNC}, {@code ERROR}, {@code
 * FORWARD} and {@code INCLUDE} dispatches through untouched, however it is mapped.
 *
 * <p>Paths are read relative to the context path, as {@link EndpointServlet} reads them, so the
 * default probe paths ({@code /health}) match wherever the application is deployed. Map the filter
 * first, before filters that do work for a request. This class is thread-safe.
 */
public final class AdmissionFilter implements Filter {
  private final Admission admission;

  /**
   * Creates the filter.
   *
   * @param admission decides each request
   */
  public AdmissionFilter(Admission admission) {
    this.admission = Objects.requireNonNull(admission, "admission");
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (request.getDispatcherType() != DispatcherType.REQUEST
        || !(request instanceof HttpServletRequest)
        || !(response instanceof HttpServletResponse)) {
      chain.doFilter(request, response);
      return;
    }
    HttpServletRequest req = (HttpServletRequest) request;
    HttpServletResponse resp = (HttpServletResponse) response;
    AdmissionDecision decision = admission.admit(new View(req));
    if (!decision.admitted()) {
      shed(req, resp, decision.response());
      return;
    }
    try {
      chain.doFilter(request, response);
    } catch (IOException | ServletException | RuntimeException | Error e) {
      decision.fail(e);
      throw e;
    }
    // The Servlet specification defers a complete() called during this dispatch until the
    // dispatch has returned, so a listener added now still hears it.
    if (req.isAsyncStarted()) {
      req.getAsyncContext().addListener(new Release(decision, resp));
    } else {
      decision.complete(resp.getStatus());
    }
  }

  private static void shed(HttpServletRequest req, HttpServletResponse resp, HttpResponse answer)
      throws IOException {
    resp.setStatus(answer.status());
    for (Map.Entry<String, String> h : answer.headers().entrySet()) {
      resp.setHeader(h.getKey(), h.getValue());
    }
    resp.setContentLength(answer.body().length);
    if (!"HEAD".equals(req.getMethod())) {
      resp.getOutputStream().write(answer.body());
    }
  }

  /** Finishes an asynchronous request's decision when its async context ends. */
  private static final class Release implements AsyncListener {
    private final AdmissionDecision decision;
    private final HttpServletResponse response;

    Release(AdmissionDecision decision, HttpServletResponse response) {
      this.decision = decision;
      this.response = response;
    }

    @Override
    public void onComplete(AsyncEvent event) {
      decision.complete(response.getStatus());
    }

    @Override
    public void onTimeout(AsyncEvent event) {
      decision.timedOut();
    }

    @Override
    public void onError(AsyncEvent event) {
      Throwable error = event.getThrowable();
      if (error == null) {
        decision.abandon();
      } else {
        decision.fail(error);
      }
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
      // A new async cycle (startAsync again after a dispatch) has its own listeners.
      event.getAsyncContext().addListener(this);
    }
  }

  /** A request as {@link Admission} reads it. */
  private static final class View implements AdmissionRequest {
    private final HttpServletRequest request;

    View(HttpServletRequest request) {
      this.request = request;
    }

    @Override
    public String method() {
      return request.getMethod();
    }

    @Override
    public String path() {
      String uri = request.getRequestURI();
      String context = request.getContextPath();
      return context != null && uri.startsWith(context) ? uri.substring(context.length()) : uri;
    }

    @Override
    public String header(String name) {
      return request.getHeader(name);
    }

    @Override
    public <T> T unwrap(Class<T> type) {
      return type.isInstance(request) ? type.cast(request) : null;
    }
  }
}
