package dev.levee.http.admission;

import dev.levee.core.AdaptiveLimiter;

/** {@link AdaptiveLimiter} as {@link Admission} uses it. */
final class AdaptiveLimit implements ConcurrencyLimit {
  private final AdaptiveLimiter limiter;

  AdaptiveLimit(AdaptiveLimiter limiter) {
    this.limiter = limiter;
  }

  AdaptiveLimiter limiter() {
    return limiter;
  }

  @Override
  public long tryAcquire(double share) {
    long permit = share >= 1 ? limiter.tryAcquire() : limiter.tryAcquire(share);
    return permit == AdaptiveLimiter.REJECTED ? REJECTED : permit;
  }

  @Override
  public void onSuccess(long permit) {
    limiter.onSuccess(permit);
  }

  @Override
  public void onDropped(long permit) {
    limiter.onDropped(permit);
  }

  @Override
  public void onIgnored(long permit) {
    limiter.onIgnored(permit);
  }

  @Override
  public void onFailure(long permit, Throwable error) {
    limiter.onFailure(permit, error);
  }

  @Override
  public int limit() {
    return limiter.limit();
  }

  @Override
  public int inFlight() {
    return limiter.inFlight();
  }
}
