package dev.levee.core;

/**
 * Told of every call through a {@link Pipeline}, from its start to its outcome, retries and their
 * waits included: the hook for per-call latency timers ({@code dev.levee.metrics.PipelineTimer} is
 * the Micrometer one). Opt-in: a pipeline without an observer pays nothing for it; one with an
 * observer pays what the observer does (a timer reads the clock twice).
 *
 * <pre>{@code
 * PipelineTimer timer = PipelineTimer.create("orders");
 * Pipeline orders = Pipeline.builder("orders").retry(retry).circuitBreaker(breaker)
 *     .observer(timer).build();
 * }</pre>
 *
 * <p>{@link #onStart()} runs on the caller's thread; {@link #onEnd(long, Throwable)} on the
 * caller's thread for a blocking call and on the thread that completes the outcome of {@link
 * Pipeline#callAsync}. An observer that throws is logged and skipped: it never changes a call's
 * outcome. Implementations must be thread-safe.
 */
public interface CallObserver {
  /**
   * A call starts.
   *
   * @return a token handed back to {@link #onEnd(long, Throwable)}, such as the start time
   */
  long onStart();

  /**
   * The call ended.
   *
   * @param token what {@link #onStart()} returned (0 if it threw)
   * @param failure what the call threw, a rejection such as {@link CallNotPermittedException}
   *     included; {@code null} if it succeeded
   */
  void onEnd(long token, Throwable failure);
}
