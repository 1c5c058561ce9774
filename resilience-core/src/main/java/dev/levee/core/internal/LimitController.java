package dev.levee.core.internal;

/**
 * Turns each closed sample window into the next limit: keeps the no-load round-trip time (the
 * baseline), asks the algorithm for a proposal, smooths and clamps it. Called only by the thread
 * that holds the window's lock, so its fields need no synchronisation of their own: the lock's
 * release store publishes them to the next closer.
 *
 * <p>The baseline is the least RTT seen, as in TCP Vegas and BBR. It falls at once when a window
 * sees a faster call. It cannot rise by itself, because while calls queue at the dependency no call
 * ever sees it unloaded: a baseline taken from such calls would include the queue, and the limit
 * would creep up with every refresh. So, as BBR's ProbeRTT and Envoy's minimum-RTT window do, when
 * no window has confirmed the baseline (come within 1/8 of it) for {@code refreshNanos}, the
 * controller halves the limit for one window, long enough for the dependency's queue to drain (at
 * least twice the last average RTT), and takes that window's least RTT as the new baseline, higher
 * or lower; then it restores the limit. The probe costs about half the throughput for one window
 * per refresh period, and only while the dependency is kept saturated.
 */
public final class LimitController {
  private final LimitAlgorithm algorithm;
  private final int minLimit;
  private final int maxLimit;
  private final double smoothing;
  private final long windowNanos;
  private final long refreshNanos;

  private double estimate;
  private long confirmedAt;
  private double beforeProbe;
  // Read by other threads (metrics, health): volatile, written once per window.
  private volatile double baseline = Double.NaN; // nanoseconds; NaN until the first window
  private volatile boolean probing;
  private volatile double lastAverage;
  private volatile long probes;

  /**
   * A controller.
   *
   * @param algorithm the algorithm
   * @param initialLimit the first limit
   * @param minLimit the least limit
   * @param maxLimit the most
   * @param smoothing the share of each proposal applied, in (0, 1]
   * @param windowNanos the shortest window
   * @param refreshNanos how long an unconfirmed baseline is trusted
   */
  public LimitController(
      LimitAlgorithm algorithm,
      int initialLimit,
      int minLimit,
      int maxLimit,
      double smoothing,
      long windowNanos,
      long refreshNanos) {
    this.algorithm = algorithm;
    this.minLimit = minLimit;
    this.maxLimit = maxLimit;
    this.smoothing = smoothing;
    this.windowNanos = windowNanos;
    this.refreshNanos = refreshNanos;
    this.estimate = initialLimit;
  }

  /**
   * Takes a closed window into account.
   *
   * @param w its figures
   * @return the limit from now on
   */
  public int onWindow(WindowStats w) {
    double least = Math.max(1.0, (double) w.minRttNanos);
    lastAverage = w.averageRttNanos();
    if (probing) {
      probing = false;
      baseline = least;
      confirmedAt = w.endedAt;
      estimate = beforeProbe;
      return limit();
    }
    if (Double.isNaN(baseline) || least < baseline) {
      baseline = least;
      confirmedAt = w.endedAt;
    } else if (least <= baseline * 1.125) {
      confirmedAt = w.endedAt;
    } else if (w.endedAt - confirmedAt >= refreshNanos) {
      probing = true;
      probes = probes + 1; // one writer: the lock holder
      beforeProbe = estimate;
      return Math.max(minLimit, Math.min(maxLimit, (int) (estimate / 2)));
    }
    double proposal = algorithm.propose(estimate, w, baseline);
    double next = estimate + smoothing * (proposal - estimate);
    estimate = Math.max(minLimit, Math.min(maxLimit, next));
    return limit();
  }

  /**
   * How long the window that has just started must last at least.
   *
   * @return nanoseconds: the configured window, or for a probe twice the last average RTT if longer
   */
  public long nextWindowNanos() {
    return probing ? Math.max(windowNanos, (long) Math.min(2 * lastAverage, 1e15)) : windowNanos;
  }

  /**
   * The limit the estimate stands for.
   *
   * @return the estimate rounded down, within the bounds
   */
  public int limit() {
    return Math.max(minLimit, Math.min(maxLimit, (int) estimate));
  }

  /**
   * The no-load round-trip time.
   *
   * @return nanoseconds, or NaN before the first window closed
   */
  public double baselineNanos() {
    return baseline;
  }

  /**
   * The last closed window's average round-trip time.
   *
   * @return nanoseconds, 0 before the first window closed
   */
  public double lastAverageNanos() {
    return lastAverage;
  }

  /**
   * Whether the current window is a baseline probe.
   *
   * @return {@code true} while the limit is halved to measure the baseline
   */
  public boolean probing() {
    return probing;
  }

  /**
   * How many baseline probes have started.
   *
   * @return the count
   */
  public long probes() {
    return probes;
  }
}
