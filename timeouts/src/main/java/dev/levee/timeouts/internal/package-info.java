/**
 * How limits are enforced: the worker pool and the limited task it runs, asynchronous limits, the
 * system ticker, and the record of timeout violations. Not exported.
 */
package dev.levee.timeouts.internal;
