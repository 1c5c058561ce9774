package dev.levee.spring.annotated;

import dev.levee.spring.Retry;
import java.net.SocketTimeoutException;

/** A contract whose method carries the annotation; its implementation does not repeat it. */
public interface Greeting {
  /**
   * A greeting, retried by the interface's annotation.
   *
   * @return "hello"
   * @throws SocketTimeoutException when the implementation is slow
   */
  @Retry(name = "twice")
  String hello() throws SocketTimeoutException;
}
