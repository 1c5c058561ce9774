package dev.levee.http.undertow;

import dev.levee.http.HttpResponse;
import dev.levee.http.admission.Admission;
import dev.levee.http.admission.AdmissionDecision;
import dev.levee.http.admission.AdmissionRequest;
import io.undertow.server.ExchangeCompletionListener;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;

/**
 * Puts {@link Admission} in front of an Undertow handler: a shed request gets the 503 at once, on
 * the I/O thread, and never reaches the handler; an admitted one holds its place until its exchange
 * completes.
 *
 * <pre>{@code
 * Undertow.builder().addHttpListener(8080, "0.0.0.0")
 *     .setHandler(new AdmissionHandler(admission, application))
 *     .build().start();
 * }</pre>
 *
 * <p>The place is given back when the exchange completes (an exchange-completion listener), not
 * when the handler returns: Undertow handlers dispatch to a worker or finish the response later, so
 * a handler's return says nothing about the request's end. The response's status decides what the
 * limiter learns; a handler that throws is reported with what it threw (Undertow then answers 500).
 * Wrap the root handler, so that the paths it reads are whole ({@code /health} and below are probes
 * unless configured). This class is thread-safe.
 */
public final class AdmissionHandler implements HttpHandler {
  private final Admission admission;
  private final HttpHandler next;

  /**
   * Creates the handler.
   *
   * @param admission decides each request
   * @param next the application's handler, which admitted requests and probes go on to
   */
  public AdmissionHandler(Admission admission, HttpHandler next) {
    this.admission = Objects.requireNonNull(admission, "admission");
    this.next = Objects.requireNonNull(next, "next");
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    AdmissionDecision decision = admission.admit(new View(exchange));
    if (decision.priority() == Admission.Priority.PROBE) {
      next.handleRequest(exchange);
      return;
    }
    if (!decision.admitted()) {
      shed(exchange, decision.response());
      return;
    }
    exchange.addExchangeCompleteListener(new Release(decision));
    try {
      next.handleRequest(exchange);
    } catch (Exception | Error e) {
      decision.fail(e); // Undertow answers 500 and completes the exchange; Release does nothing
      throw e;
    }
  }

  private static void shed(HttpServerExchange exchange, HttpResponse answer) {
    exchange.setStatusCode(answer.status());
    for (Map.Entry<String, String> h : answer.headers().entrySet()) {
      exchange.getResponseHeaders().put(HttpString.tryFromString(h.getKey()), h.getValue());
    }
    exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, answer.body().length);
    exchange.getResponseSender().send(ByteBuffer.wrap(answer.body()));
  }

  /** Finishes a decision when its exchange completes, whatever ended it. */
  private static final class Release implements ExchangeCompletionListener {
    private final AdmissionDecision decision;

    Release(AdmissionDecision decision) {
      this.decision = decision;
    }

    @Override
    public void exchangeEvent(HttpServerExchange exchange, NextListener nextListener) {
      try {
        decision.complete(exchange.isResponseStarted() ? exchange.getStatusCode() : -1);
      } finally {
        nextListener.proceed();
      }
    }
  }

  /** A request as {@link Admission} reads it. */
  private static final class View implements AdmissionRequest {
    private final HttpServerExchange exchange;

    View(HttpServerExchange exchange) {
      this.exchange = exchange;
    }

    @Override
    public String method() {
      return exchange.getRequestMethod().toString();
    }

    @Override
    public String path() {
      return EndpointHandler.rawPath(exchange);
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
