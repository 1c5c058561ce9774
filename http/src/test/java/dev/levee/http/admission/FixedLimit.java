package dev.levee.http.admission;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A concurrency limit that does not adapt, with the admission rule of the adaptive one ({@code
 * max(1, floor(limit × share))}), counting how each place came back.
 */
final class FixedLimit implements ConcurrencyLimit {
  private final int limit;
  private final AtomicInteger inFlight = new AtomicInteger();
  final AtomicInteger successes = new AtomicInteger();
  final AtomicInteger drops = new AtomicInteger();
  final AtomicInteger ignored = new AtomicInteger();
  final AtomicInteger failures = new AtomicInteger();

  FixedLimit(int limit) {
    this.limit = limit;
  }

  @Override
  public long tryAcquire(double share) {
    int allowed = Math.max(1, (int) Math.floor(limit * share));
    for (int n = inFlight.get(); n < allowed; n = inFlight.get()) {
      if (inFlight.compareAndSet(n, n + 1)) {
        return n;
      }
    }
    return REJECTED;
  }

  @Override
  public void onSuccess(long permit) {
    successes.incrementAndGet();
    inFlight.decrementAndGet();
  }

  @Override
  public void onDropped(long permit) {
    drops.incrementAndGet();
    inFlight.decrementAndGet();
  }

  @Override
  public void onIgnored(long permit) {
    ignored.incrementAndGet();
    inFlight.decrementAndGet();
  }

  @Override
  public void onFailure(long permit, Throwable error) {
    failures.incrementAndGet();
    inFlight.decrementAndGet();
  }

  @Override
  public int limit() {
    return limit;
  }

  @Override
  public int inFlight() {
    return inFlight.get();
  }
}
