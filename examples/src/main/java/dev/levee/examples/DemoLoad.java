package dev.levee.examples;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The demo's load generator: each {@link #send()} POSTs an order to the service's own API, as a
 * client behind a load balancer would, and counts how it was answered. Thread-safe.
 */
final class DemoLoad {
  private final URI orders;
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong ok = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicInteger outstanding = new AtomicInteger();

  DemoLoad(URI orders) {
    this.orders = orders;
  }

  /** Sends one order without waiting for its answer. */
  void send() {
    long id = sent.incrementAndGet();
    outstanding.incrementAndGet();
    client
        .sendAsync(
            HttpRequest.newBuilder(orders)
                .timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString(Long.toString(id)))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .whenComplete(
            (r, e) -> {
              if (e != null || r.statusCode() == 500) {
                failed.incrementAndGet();
              } else if (r.statusCode() == 503) {
                rejected.incrementAndGet();
              } else {
                ok.incrementAndGet();
              }
              outstanding.decrementAndGet();
            });
  }

  /** Requests sent so far. */
  long sent() {
    return sent.get();
  }

  /** Answered 201: stored. */
  long ok() {
    return ok.get();
  }

  /** Answered 500, or not at all. */
  long failed() {
    return failed.get();
  }

  /** Answered 503 at once (the breaker open, or the service starting). */
  long rejected() {
    return rejected.get();
  }

  /** Sent and not answered yet: what a shutdown drains. */
  int outstanding() {
    return outstanding.get();
  }

  /** Sent and never answered, once the load has drained. */
  long unanswered() {
    return sent.get() - ok.get() - failed.get() - rejected.get();
  }

  /** The counts as the status and stop lines show them. */
  String counts() {
    return "sent="
        + sent.get()
        + " ok="
        + ok.get()
        + " failed="
        + failed.get()
        + " rejected(fast)="
        + rejected.get();
  }
}
