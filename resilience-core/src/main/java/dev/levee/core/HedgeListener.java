package dev.levee.core;

/**
 * Observes a {@link Hedge}'s second attempts. Registered with {@link Hedge#addListener}, like every
 * Levee listener. Called on the thread where the event happened (the scheduler's for a hedge sent
 * or refused, the winning attempt's for a hedge won): must be quick, thread-safe and must not throw
 * (an exception is logged and the other listeners still run). Every method has an empty default.
 */
public interface HedgeListener {
  /**
   * A second attempt was sent.
   *
   * @param name the hedge's name
   * @param delayNanos how long the first attempt had been running
   */
  default void onHedgeSent(String name, long delayNanos) {}

  /**
   * A second attempt succeeded first: the call got its result, and the first attempt was cancelled.
   *
   * @param name the hedge's name
   */
  default void onHedgeWon(String name) {}

  /**
   * A second attempt was due but the budget refused it: the call waits for its first attempt.
   *
   * @param name the hedge's name
   */
  default void onBudgetExhausted(String name) {}
}
