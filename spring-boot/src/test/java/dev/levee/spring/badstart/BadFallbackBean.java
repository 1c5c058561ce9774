package dev.levee.spring.badstart;

import dev.levee.spring.CircuitBreaker;

/** A bean whose fallback is misspelt. */
public class BadFallbackBean {
  /** Created by a test's configuration. */
  public BadFallbackBean() {}

  /**
   * Guarded, with a fallback that does not exist.
   *
   * @param id an id
   * @return a name
   */
  @CircuitBreaker(name = "default", fallbackMethod = "fallbak")
  public String load(long id) {
    return "x" + id;
  }

  /**
   * What was meant.
   *
   * @param id an id
   * @param e the failure
   * @return a name
   */
  public String fallback(long id, Exception e) {
    return "cached";
  }
}
