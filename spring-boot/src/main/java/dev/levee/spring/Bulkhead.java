package dev.levee.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the method (or every public method of the type) through Levee's bulkhead of this name: one
 * configured under {@code levee.resilience.bulkhead.instances}, or {@code default}. Checked at
 * startup: a name that is neither fails startup, with a "did you mean".
 *
 * <p>For users coming from Resilience4j: per-policy annotations on one method combine into one
 * pipeline in Levee's fixed order (retry, circuit breaker, rate limiter, bulkhead), whatever order
 * they are written in. To name the whole chain once, configure a pipeline and use {@link
 * Resilient}. Return types and {@code fallbackMethod} work as for {@link Resilient}; per-policy
 * annotations on one method share one fallback, so at most one of them may name it.
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Bulkhead {
  /**
   * The instance's name.
   *
   * @return the name
   */
  String name();

  /**
   * A method of the same bean called instead when the call fails (see {@link
   * Resilient#fallbackMethod()}); empty for none.
   *
   * @return the method's name
   */
  String fallbackMethod() default "";
}
