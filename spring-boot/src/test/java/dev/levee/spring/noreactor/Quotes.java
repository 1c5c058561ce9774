package dev.levee.spring.noreactor;

import dev.levee.spring.CircuitBreaker;
import dev.levee.spring.Retry;
import java.net.SocketTimeoutException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/** A bean guarded without Reactor: a plain method with a fallback, an asynchronous retried one. */
public class Quotes {
  /** Attempts of {@link #asyncTwiceThenOk()}. */
  public static final AtomicInteger ASYNC_ATTEMPTS = new AtomicInteger();

  /** Created by the test's configuration. */
  public Quotes() {}

  /**
   * Always fails, so the fallback answers.
   *
   * @param id an id
   * @return never
   */
  @CircuitBreaker(name = "default", fallbackMethod = "cached")
  public String quote(long id) {
    throw new IllegalStateException("down");
  }

  /**
   * The fallback of {@link #quote(long)}.
   *
   * @param id the id
   * @param e why it failed
   * @return a cached quote
   */
  public String cached(long id, IllegalStateException e) {
    return "cached " + id + " (" + e.getMessage() + ")";
  }

  /**
   * Fails twice with a retriable timeout, then answers.
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
}
