package dev.levee.spring.annotated;

import dev.levee.spring.Retry;
import java.net.SocketTimeoutException;

/** A superclass whose method carries the annotation; a subclass overrides it without. */
public class PoliteBase {
  /** For subclasses. */
  public PoliteBase() {}

  /**
   * A farewell, retried by this annotation in every override.
   *
   * @return a farewell
   * @throws SocketTimeoutException when an override is slow
   */
  @Retry(name = "twice")
  public String farewell() throws SocketTimeoutException {
    return "farewell";
  }
}
