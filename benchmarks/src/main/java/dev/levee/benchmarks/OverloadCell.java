package dev.levee.benchmarks;

import java.util.List;

/**
 * One cell of {@link OverloadExperiment}'s table: the figures of the requests that arrived in
 * [from, to), but goodput (good) counts the good answers that arrived at the client in [from, to):
 * the server's useful work in that time.
 */
final class OverloadCell {
  long offered;
  long good;
  double goodput; // good a second, as a share of capacity (set by the caller)
  long rejected;
  long timedOut;
  double p50;
  double p90;
  double p99;

  /** Each figure's median over repeated runs of one cell (the lower of the middle two). */
  static OverloadCell median(List<OverloadCell> runs) {
    OverloadCell m = new OverloadCell();
    m.offered = (long) middle(runs, c -> c.offered);
    m.good = (long) middle(runs, c -> c.good);
    m.goodput = middle(runs, c -> c.goodput);
    m.rejected = (long) middle(runs, c -> c.rejected);
    m.timedOut = (long) middle(runs, c -> c.timedOut);
    m.p50 = middle(runs, c -> c.p50);
    m.p90 = middle(runs, c -> c.p90);
    m.p99 = middle(runs, c -> c.p99);
    return m;
  }

  private static double middle(
      List<OverloadCell> runs, java.util.function.ToDoubleFunction<OverloadCell> f) {
    double[] v = runs.stream().mapToDouble(f).sorted().toArray();
    return v[(v.length - 1) / 2];
  }

  static OverloadCell of(List<LoadRun.Request> done, long from, long to) {
    OverloadCell c = new OverloadCell();
    long[] nanos = new long[done.size()];
    int n = 0;
    for (LoadRun.Request r : done) {
      if (r.good() && r.endedNanos() >= from && r.endedNanos() < to) {
        c.good++;
      }
      if (r.arrivedNanos() < from || r.arrivedNanos() >= to) {
        continue;
      }
      c.offered++;
      if (r.rejected()) {
        c.rejected++;
        continue;
      }
      if (r.timedOut()) {
        c.timedOut++;
      }
      nanos[n++] = r.nanos();
    }
    long[] sorted = java.util.Arrays.copyOf(nanos, n);
    java.util.Arrays.sort(sorted);
    c.p50 = LoadRun.percentileMillis(sorted, 0.5);
    c.p90 = LoadRun.percentileMillis(sorted, 0.9);
    c.p99 = LoadRun.percentileMillis(sorted, 0.99);
    return c;
  }
}
