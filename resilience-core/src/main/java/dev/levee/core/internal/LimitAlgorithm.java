package dev.levee.core.internal;

import dev.levee.core.AdaptiveLimiterConfig.Algorithm;

/**
 * One adaptive limit algorithm: from the current limit, a closed window's figures and the no-load
 * round-trip time, the limit it proposes. A pure function: the caller smooths and clamps the
 * proposal, so every algorithm stays within the configured bounds whatever it proposes. Each
 * algorithm is described on its {@link Algorithm} constant.
 */
public abstract class LimitAlgorithm {
  /**
   * The factor a drop multiplies the limit by (gradient and AIMD), as in TCP Reno's halving,
   * gentler.
   */
  static final double BACKOFF = 0.9;

  LimitAlgorithm() {}

  /**
   * The algorithm for a configuration's constant.
   *
   * @param algorithm the constant
   * @return its implementation (stateless, shareable)
   */
  public static LimitAlgorithm of(Algorithm algorithm) {
    switch (algorithm) {
      case VEGAS:
        return VegasLimit.INSTANCE;
      case AIMD:
        return AimdLimit.INSTANCE;
      default:
        return GradientLimit.INSTANCE;
    }
  }

  /**
   * The limit this algorithm proposes after a window.
   *
   * @param limit the current limit (the unrounded estimate)
   * @param window the closed window's figures
   * @param baselineNanos the no-load round-trip time, at least 1
   * @return the proposed limit, before smoothing and clamping
   */
  public abstract double propose(double limit, WindowStats window, double baselineNanos);

  /** {@link Algorithm#GRADIENT}. */
  static final class GradientLimit extends LimitAlgorithm {
    static final GradientLimit INSTANCE = new GradientLimit();

    @Override
    public double propose(double limit, WindowStats w, double baselineNanos) {
      double gradient = Math.max(0.5, Math.min(1.0, baselineNanos / w.averageRttNanos()));
      double next = limit * gradient + Math.sqrt(limit);
      if (w.drops > 0) {
        next = Math.min(next, limit * BACKOFF);
      }
      return next > limit && !w.usedLimit(limit) ? limit : next;
    }
  }

  /** {@link Algorithm#VEGAS}. */
  static final class VegasLimit extends LimitAlgorithm {
    static final VegasLimit INSTANCE = new VegasLimit();

    @Override
    public double propose(double limit, WindowStats w, double baselineNanos) {
      double step = Math.max(1, Math.floor(Math.log10(limit)));
      if (w.drops > 0) {
        return limit - step;
      }
      if (!w.usedLimit(limit)) {
        return limit;
      }
      double queue = limit * (1 - Math.min(1.0, baselineNanos / w.averageRttNanos()));
      if (queue <= step) {
        return limit + 6 * step;
      } else if (queue < 3 * step) {
        return limit + step;
      } else if (queue > 6 * step) {
        return limit - step;
      }
      return limit;
    }
  }

  /** {@link Algorithm#AIMD}. */
  static final class AimdLimit extends LimitAlgorithm {
    static final AimdLimit INSTANCE = new AimdLimit();

    @Override
    public double propose(double limit, WindowStats w, double baselineNanos) {
      if (w.drops > 0 || w.averageRttNanos() > 2 * baselineNanos) {
        return limit * BACKOFF;
      }
      return w.usedLimit(limit) ? limit + 1 : limit;
    }
  }
}
