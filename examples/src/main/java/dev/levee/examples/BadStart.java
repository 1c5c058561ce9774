package dev.levee.examples;

/**
 * A mistake in how the demo was started: a flag, a port, a configuration file. The demo prints
 * {@code levee-demo: } and the message, and exits with status 2; the message names what was wrong,
 * on one line (an invalid configuration lists its problems, one a line). No stack trace: it is the
 * user's mistake, not the demo's.
 */
final class BadStart extends Exception {
  private static final long serialVersionUID = 1L;

  BadStart(String message) {
    super(message, null, false, false);
  }
}
