package dev.levee.spring.annotated;

import dev.levee.spring.Bulkhead;
import dev.levee.spring.CircuitBreaker;
import dev.levee.spring.Retry;
import java.net.SocketTimeoutException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/** Every public method through the default breaker, unless a method says otherwise. */
@CircuitBreaker(name = "default")
public class Flaky {
  /** Attempts of {@link #twiceThenOk()} (static: a field read through the proxy is the proxy's). */
  public static final AtomicInteger ATTEMPTS = new AtomicInteger();

  /** Attempts of {@link #asyncTwiceThenOk()}. */
  public static final AtomicInteger ASYNC_ATTEMPTS = new AtomicInteger();

  /** Created by a test's configuration. */
  public Flaky() {}

  /**
   * Fails twice with a timeout (retriable), then answers.
   *
   * @return "ok"
   * @throws SocketTimeoutException the first two times
   */
  @Retry(name = "twice")
  @CircuitBreaker(name = "default")
  public String twiceThenOk() throws SocketTimeoutException {
    if (ATTEMPTS.incrementAndGet() <= 2) {
      throw new SocketTimeoutException("slow");
    }
    return "ok";
  }

  /**
   * The same, asynchronously.
   *
   * @return "ok", eventually
   */
  @Retry(name = "twice")
  public CompletableFuture<String> asyncTwiceThenOk() {
    if (ASYNC_ATTEMPTS.incrementAndGet() <= 2) {
      return CompletableFuture.failedFuture(new SocketTimeoutException("slow"));
    }
    return CompletableFuture.completedFuture("ok");
  }

  /**
   * Guarded by the type's breaker.
   *
   * @return "pong"
   */
  public String ping() {
    return "pong";
  }

  /**
   * Its own annotation replaces the type's: a bulkhead, no breaker.
   *
   * @return "bulk"
   */
  @Bulkhead(name = "default")
  public String bulk() {
    return "bulk";
  }
}
