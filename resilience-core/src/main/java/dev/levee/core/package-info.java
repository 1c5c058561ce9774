/**
 * The policies a call goes through: {@link dev.levee.core.CircuitBreaker}, {@link
 * dev.levee.core.Retry}, {@link dev.levee.core.RateLimiter}, {@link
 * dev.levee.core.AdaptiveThrottle}, {@link dev.levee.core.Bulkhead}, {@link
 * dev.levee.core.InFlightTracker}, and the {@link dev.levee.core.Pipeline} that composes them. Each
 * is a {@link dev.levee.core.Policy}: a task is called through it the same way, in any of three
 * shapes. Each takes an immutable configuration built by its builder, which checks every value when
 * it is set. A decision on the hot path is a volatile read and at most one CAS or striped
 * increment, and allocates nothing; rejections share one stack-free exception.
 */
package dev.levee.core;
