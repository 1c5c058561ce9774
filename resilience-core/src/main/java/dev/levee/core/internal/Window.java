package dev.levee.core.internal;

/**
 * What a closed breaker records, and its rule for opening. A success never asks to open: only a
 * failure or a slow call can push a rate over its threshold. Implementations are lock-free and
 * allocate nothing per call.
 */
interface Window {
  /**
   * Records one outcome.
   *
   * @param failure whether the call failed
   * @param slow whether it was slow
   * @return whether the window now asks the breaker to open
   */
  boolean record(boolean failure, boolean slow);

  /** What the window holds now: {calls, failures, slow}. */
  long[] counts();

  /** Why the window asked to open, from its counts. */
  String reason();

  /** The failure rate to report in percent, or -1 where none applies. */
  double failureRate();

  /** The slow-call rate to report in percent, or -1 where none applies. */
  double slowRate();
}
