/**
 * Levee's policies: circuit breaker, retry with backoff, rate limiter, bulkhead, and the pipeline
 * that composes them. Implementation lives in {@code dev.levee.core.internal}, which is not
 * exported.
 */
module dev.levee.core {
  requires transitive dev.levee.errors;
  requires transitive dev.levee.timeouts;
  requires dev.levee.common;
  requires org.slf4j;

  exports dev.levee.core;
}
