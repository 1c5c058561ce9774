package dev.levee.core;

import dev.levee.common.internal.Require;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Caps retries to a share of recent calls, so that a fleet of clients retrying into an outage
 * cannot multiply the load on the dependency that is down (what no Resilience4j or Failsafe policy
 * does: Resilience4j #172).
 *
 * <p>A token bucket shared by every {@link Retry} that uses it (one per dependency, or one per
 * registry): each first attempt deposits {@code ratio} of a token, each retry withdraws a whole
 * one, and a retry without a token is refused: the caller gets the original error at once. With
 * {@code ratio} 0.2, retries add at most 20 % to the calls that reach the dependency, plus the
 * bucket's {@code capacity} as a burst. The bucket starts full.
 *
 * <p>Cost: a healthy dependency fills the bucket and a deposit into a full bucket is one read, no
 * write. This class is thread-safe and lock-free.
 */
public final class RetryBudget {
  private static final long SCALE = 1_000_000; // micro-tokens: a ratio down to 1e-6 deposits

  private final String name;
  private final long deposit;
  private final long capacity;
  private final AtomicLong balance;
  private final AtomicLong refused = new AtomicLong();

  private RetryBudget(String name, double ratio, int capacity) {
    this.name = name;
    this.deposit = Math.round(ratio * SCALE);
    this.capacity = capacity * SCALE;
    this.balance = new AtomicLong(this.capacity);
  }

  /**
   * Creates a budget.
   *
   * @param name names it in logs and metrics
   * @param ratio tokens a first attempt deposits, in [0.000001, 1]: the share of calls that may be
   *     retried
   * @param capacity the most tokens the bucket holds (the burst of retries allowed when calls have
   *     been healthy), at least 1
   * @return the budget
   * @throws IllegalArgumentException naming the bad value
   */
  public static RetryBudget of(String name, double ratio, int capacity) {
    Require.notBlank("retryBudget: name", name);
    if (!(ratio > 0 && ratio <= 1)) {
      throw new IllegalArgumentException(
          "retryBudget \"" + name + "\": ratio must be in (0,1], was " + ratio);
    }
    if (Math.round(ratio * SCALE) < 1) {
      throw new IllegalArgumentException(
          "retryBudget \""
              + name
              + "\": ratio must be at least 0.000001 (one retry per million calls), was "
              + ratio);
    }
    Require.atLeast("retryBudget \"" + name + "\": capacity", capacity, 1);
    return new RetryBudget(name, ratio, capacity);
  }

  /**
   * The budget's name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /** A first attempt was made: deposit the ratio, up to the capacity. */
  void onCall() {
    if (balance.get() < capacity) {
      long after = balance.addAndGet(deposit);
      if (after > capacity) {
        balance.compareAndSet(after, capacity); // trim an overshoot; a lost race trims later
      }
    }
  }

  /** A retry wants to go: take a token, or refuse. */
  boolean tryRetry() {
    while (true) {
      long now = balance.get();
      if (Math.min(now, capacity) < SCALE) {
        refused.incrementAndGet();
        return false;
      }
      if (balance.compareAndSet(now, Math.min(now, capacity) - SCALE)) {
        return true;
      }
    }
  }

  /**
   * Tokens available now.
   *
   * @return whole retries the budget would allow now
   */
  public long available() {
    return Math.min(balance.get(), capacity) / SCALE;
  }

  /**
   * Retries the budget refused since it was made.
   *
   * @return the count
   */
  public long refusedCount() {
    return refused.get();
  }

  @Override
  public String toString() {
    return "RetryBudget[" + name + ", " + available() + " retries available]";
  }
}
