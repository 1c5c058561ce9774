package dev.levee.http.internal;

import dev.levee.http.HttpEndpoint;
import dev.levee.http.HttpRequest;
import dev.levee.http.HttpResponse;
import dev.levee.http.admission.Admission;
import dev.levee.http.admission.AdmissionDecision;
import dev.levee.http.admission.AdmissionRequest;
import java.util.Locale;

/**
 * An endpoint behind {@link Admission}, as {@link Admission#guard} makes it. Levee's own server
 * sees this type and decides on its I/O thread ({@link #admit}), before a request waits for a
 * worker, then calls {@link #answer} on the worker; any other server just calls {@link #handle},
 * which does both. Thread-safe.
 */
public final class GuardedEndpoint implements HttpEndpoint {
  private final Admission admission;
  private final HttpEndpoint endpoint;

  /**
   * Guards an endpoint.
   *
   * @param admission decides
   * @param endpoint answers what is admitted
   */
  public GuardedEndpoint(Admission admission, HttpEndpoint endpoint) {
    this.admission = admission;
    this.endpoint = endpoint;
  }

  @Override
  public String basePath() {
    return endpoint.basePath();
  }

  @Override
  public boolean nonBlocking() {
    return endpoint.nonBlocking();
  }

  @Override
  public HttpResponse handle(HttpRequest request) {
    return answer(request, admit(request));
  }

  /**
   * Decides a request: quick, never blocks (unless a user's predicate does).
   *
   * @param request the request
   * @return the decision
   */
  public AdmissionDecision admit(HttpRequest request) {
    return admission.admit(new View(request));
  }

  /**
   * Answers a decided request: the 503 if it was shed, else the endpoint's answer, finishing the
   * decision with its status (or with what the endpoint threw, which is thrown on).
   *
   * @param request the request
   * @param decision what {@link #admit} decided for it
   * @return the answer
   */
  public HttpResponse answer(HttpRequest request, AdmissionDecision decision) {
    if (!decision.admitted()) {
      return decision.response();
    }
    HttpResponse response;
    try {
      response = endpoint.handle(request);
    } catch (RuntimeException | Error e) {
      decision.fail(e);
      throw e;
    }
    decision.complete(response == null ? 500 : response.status());
    return response;
  }

  @Override
  public String toString() {
    return "GuardedEndpoint[" + endpoint + " behind " + admission + "]";
  }

  /** A request as {@link Admission} reads it. */
  private static final class View implements AdmissionRequest {
    private final HttpRequest request;

    View(HttpRequest request) {
      this.request = request;
    }

    @Override
    public String method() {
      return request.method();
    }

    @Override
    public String path() {
      return request.path();
    }

    @Override
    public String header(String name) {
      return switch (name.toLowerCase(Locale.ROOT)) {
        case "accept" -> request.accept();
        case "authorization" -> request.authorization();
        default -> null;
      };
    }

    @Override
    public <T> T unwrap(Class<T> type) {
      return type.isInstance(request) ? type.cast(request) : null;
    }
  }
}
