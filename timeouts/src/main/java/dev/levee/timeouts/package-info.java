/**
 * Time: the injected {@link dev.levee.timeouts.Ticker} (and a cheaper {@link
 * dev.levee.timeouts.CoarseTicker}), named operation {@link dev.levee.timeouts.Timeouts}, {@link
 * dev.levee.timeouts.Deadline}s that propagate with the caller's context, and the {@link
 * dev.levee.timeouts.TimeLimiter} that enforces a limit on blocking and asynchronous work. Test
 * doubles for tickers and schedulers are in {@code dev.levee.timeouts.testing}.
 */
package dev.levee.timeouts;
