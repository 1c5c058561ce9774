/**
 * Named operation timeouts, deadlines that propagate across threads, and a time limiter that
 * enforces them. {@code dev.levee.timeouts.testing} holds a manual ticker and scheduler for users'
 * tests.
 */
module dev.levee.timeouts {
  requires transitive dev.levee.errors;
  requires dev.levee.common;
  requires org.slf4j;

  exports dev.levee.timeouts;
  exports dev.levee.timeouts.testing;
}
