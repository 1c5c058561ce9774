/**
 * Levee in Spring Boot 4: properties under {@code levee.} (the same tree and rules as {@code
 * levee.yaml}), the auto-configuration that builds Levee around the application's {@code
 * MeterRegistry} without servers of its own, health in Actuator, and the annotations that run a
 * bean's methods through a named pipeline ({@link dev.levee.spring.Resilient}) or one policy
 * ({@link dev.levee.spring.CircuitBreaker}, {@link dev.levee.spring.Retry}, {@link
 * dev.levee.spring.RateLimiter}, {@link dev.levee.spring.Bulkhead}). A mistake in either fails
 * startup with a failure analysis that names it.
 */
package dev.levee.spring;
