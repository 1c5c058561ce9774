/**
 * A manual ticker and scheduler, for tests of code that uses Levee: time passes only when the test
 * says so, and timers fire when it does. Never use them in production code.
 */
package dev.levee.timeouts.testing;
