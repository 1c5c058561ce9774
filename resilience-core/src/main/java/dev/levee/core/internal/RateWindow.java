package dev.levee.core.internal;

/** A window judged by rates (count and time windows): reports from its counts. */
abstract class RateWindow implements Window {
  final Thresholds thresholds;

  RateWindow(Thresholds thresholds) {
    this.thresholds = thresholds;
  }

  @Override
  public String reason() {
    long[] c = counts();
    return thresholds.reason(c[0], c[1], c[2]);
  }

  @Override
  public double failureRate() {
    long[] c = counts();
    return thresholds.failureRate(c[0], c[1]);
  }

  @Override
  public double slowRate() {
    long[] c = counts();
    return thresholds.slowRate(c[0], c[2]);
  }
}
