package dev.levee.core.internal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts failures in a row. A success only reads the counter unless it has to reset it, so a
 * healthy dependency costs a shared read and no write: this mode scales across threads.
 */
final class ConsecutiveWindow implements Window {
  private final int threshold;
  private final AtomicInteger inARow = new AtomicInteger();

  ConsecutiveWindow(int threshold) {
    this.threshold = threshold;
  }

  @Override
  public boolean record(boolean failure, boolean slow) {
    if (!failure) {
      if (inARow.get() != 0) {
        inARow.set(0);
      }
      return false;
    }
    return inARow.incrementAndGet() >= threshold;
  }

  @Override
  public long[] counts() {
    int n = inARow.get();
    return new long[] {n, n, 0};
  }

  @Override
  public String reason() {
    return inARow.get() + " consecutive failures";
  }

  @Override
  public double failureRate() {
    return -1;
  }

  @Override
  public double slowRate() {
    return -1;
  }
}
