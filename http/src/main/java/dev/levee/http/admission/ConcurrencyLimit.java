package dev.levee.http.admission;

/**
 * The concurrency limit {@link Admission} admits by, as it uses it: a place taken per admitted
 * request and given back with what became of the request. {@code AdaptiveLimiter} is the one users
 * give; tests give a fixed one. Implementations are thread-safe, lock-free and allocate nothing.
 */
interface ConcurrencyLimit {
  /** What {@link #tryAcquire(double)} returns when there is no place. */
  long REJECTED = Long.MIN_VALUE;

  /**
   * Takes a place if fewer than {@code max(1, floor(limit × share))} are taken.
   *
   * @param share of the limit the request may use, in (0, 1]
   * @return a permit to give back, or {@link #REJECTED}
   */
  long tryAcquire(double share);

  /** Gives a place back with a latency sample. */
  void onSuccess(long permit);

  /** Gives a place back and tells the limit the work was refused or timed out: it should shrink. */
  void onDropped(long permit);

  /** Gives a place back and teaches the limit nothing. */
  void onIgnored(long permit);

  /** Gives a place back with the error the work threw, for the limit to classify. */
  void onFailure(long permit, Throwable error);

  /** The current limit. */
  int limit();

  /** Places taken now. */
  int inFlight();
}
