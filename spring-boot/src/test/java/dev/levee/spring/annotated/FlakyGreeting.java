package dev.levee.spring.annotated;

import java.net.SocketTimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Implements {@link Greeting} without repeating its annotation, and overrides {@link #farewell()}
 * without repeating its superclass's: both fail twice, then answer.
 */
public class FlakyGreeting extends PoliteBase implements Greeting {
  /** Attempts of {@link #hello()}. */
  public static final AtomicInteger HELLO_ATTEMPTS = new AtomicInteger();

  /** Attempts of {@link #farewell()}. */
  public static final AtomicInteger FAREWELL_ATTEMPTS = new AtomicInteger();

  /** Created by a test's configuration. */
  public FlakyGreeting() {}

  @Override
  public String hello() throws SocketTimeoutException {
    if (HELLO_ATTEMPTS.incrementAndGet() <= 2) {
      throw new SocketTimeoutException("slow");
    }
    return "hello";
  }

  @Override
  public String farewell() throws SocketTimeoutException {
    if (FAREWELL_ATTEMPTS.incrementAndGet() <= 2) {
      throw new SocketTimeoutException("slow");
    }
    return "bye";
  }
}
