package dev.levee.spring.annotated;

import dev.levee.spring.CircuitBreaker;

/** Guarded at the type: its own methods go through the breaker; what it inherits does not. */
@CircuitBreaker(name = "default")
public class OrdersDao extends FrameworkBase {
  /** Created by a test's configuration. */
  public OrdersDao() {}

  /**
   * Declared here, so guarded by the type's annotation.
   *
   * @return "found"
   */
  public String find() {
    return "found";
  }
}
