package dev.levee.health.internal;

import dev.levee.health.Status;

/**
 * The failure/success-attempts rule as a pure value: the reported status and the runs of results
 * that lead to it. {@link #next} returns the state after one more result; nothing here has side
 * effects, so the monitor can CAS states and a test can compare it with a model.
 *
 * <p>Rule: the first result is taken as it is. After that, an UP status turns to the latest failing
 * status only after {@code failureAttempts} failing results in a row; a failing status follows the
 * latest failing status at once (DEGRADED to DOWN and back), and turns UP only after {@code
 * successAttempts} UP results in a row.
 *
 * @param status the reported status
 * @param failures failing (not UP) results in a row
 * @param successes UP results in a row
 * @param judged whether any result has been judged yet
 */
public record Hysteresis(Status status, int failures, int successes, boolean judged) {
  /**
   * The state before any result.
   *
   * @param initial the status to report until then
   * @return the state
   */
  public static Hysteresis initial(Status initial) {
    return new Hysteresis(initial, 0, 0, false);
  }

  /**
   * The state after one more result.
   *
   * @param raw the result's status
   * @param failureAttempts failing results in a row that turn UP to failing
   * @param successAttempts UP results in a row that turn failing to UP
   * @return the next state
   */
  public Hysteresis next(Status raw, int failureAttempts, int successAttempts) {
    if (raw == Status.UP) {
      int s = Math.min(successes + 1, 1_000_000);
      boolean up = !judged || status == Status.UP || s >= successAttempts;
      return new Hysteresis(up ? Status.UP : status, 0, s, true);
    }
    int f = Math.min(failures + 1, 1_000_000);
    boolean fail = !judged || status != Status.UP || f >= failureAttempts;
    return new Hysteresis(fail ? raw : Status.UP, f, 0, true);
  }
}
