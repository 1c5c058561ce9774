package dev.levee.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the method (or every public method of the type) through a named pipeline configured under
 * {@code levee.pipelines}: its timeout, retry, circuit breaker, rate limiter and bulkhead, in
 * Levee's fixed order.
 *
 * <pre>{@code
 * @Repository
 * class OrdersRepository {
 *   @Resilient(value = "orders-db", fallbackMethod = "cached")
 *   Order load(long id) { ... }
 *
 *   Order cached(long id, CallNotPermittedException e) { ... }
 * }
 * }</pre>
 *
 * <p>Return types: a plain value (the call blocks through the pipeline); {@code CompletionStage} or
 * {@code CompletableFuture} (the pipeline's asynchronous path: nothing blocks, retries are
 * scheduled); Reactor's {@code Mono} and {@code Flux} when Reactor is on the class path (a {@code
 * Flux} goes through as one call: it is collected, then emitted again, so use it for finite
 * streams).
 *
 * <p>Everything is checked when the bean is created, so a mistake fails startup with a message that
 * names the method: a pipeline name that is not configured (with a "did you mean"), a {@code
 * fallbackMethod} that does not exist or does not fit, a method that also carries a per-policy
 * annotation. A method-level annotation overrides the type's.
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Resilient {
  /**
   * The pipeline's name, as configured under {@code levee.pipelines}.
   *
   * @return the name
   */
  String value();

  /**
   * A method of the same bean called instead when the call fails (any exception: a rejection by an
   * open breaker, a full bulkhead, a timeout, or the method's own). It takes the method's
   * parameters, optionally followed by one exception parameter, and returns what the method returns
   * (for an asynchronous method: the same kind of stage, {@code Mono} or {@code Flux}). Several
   * overloads may differ in the exception's type: the one whose type is closest to the failure's is
   * called; a failure that none of them takes is thrown as it is. Empty for none.
   *
   * @return the method's name
   */
  String fallbackMethod() default "";
}
