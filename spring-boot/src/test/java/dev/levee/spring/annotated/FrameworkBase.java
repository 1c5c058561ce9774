package dev.levee.spring.annotated;

/**
 * A base class of the kind frameworks ship (Spring's {@code JdbcDaoSupport}): public methods, one
 * of them final, and none of Levee's annotations.
 */
public class FrameworkBase {
  /** For subclasses. */
  public FrameworkBase() {}

  /**
   * Final, as {@code JdbcDaoSupport.getJdbcTemplate()} is: no proxy can intercept it.
   *
   * @return "framework"
   */
  public final String frameworkName() {
    return "framework";
  }

  /**
   * Inherited by a guarded subclass, not declared by it.
   *
   * @return "inherited"
   */
  public String inherited() {
    return "inherited";
  }
}
