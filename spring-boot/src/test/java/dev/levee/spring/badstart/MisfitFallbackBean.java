package dev.levee.spring.badstart;

import dev.levee.spring.Resilient;

/** A bean whose fallback does not fit, and whose pipeline name is misspelt. */
public class MisfitFallbackBean {
  /** Created by a test's configuration. */
  public MisfitFallbackBean() {}

  /**
   * Guarded, with a fallback of the wrong shape.
   *
   * @param id an id
   * @return a name
   */
  @Resilient(value = "default-pipe", fallbackMethod = "cached")
  public String load(long id) {
    return "x" + id;
  }

  /**
   * Guarded by a pipeline that is not configured.
   *
   * @return a name
   */
  @Resilient("orders")
  public String other() {
    return "y";
  }

  /**
   * Takes a String where the method takes a long.
   *
   * @param id an id
   * @return a name
   */
  public String cached(String id) {
    return "cached";
  }
}
