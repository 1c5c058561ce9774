package dev.levee.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class LatencyHistogramProperties {
  /** A value's bucket bound is at or above it, by at most 12.5 %, and buckets are ordered. */
  @Property
  void aBucketBoundsItsValuesTightly(@ForAll @LongRange(min = 0, max = (1L << 41) - 1) long value) {
    int i = LatencyHistogram.index(value);
    assertThat(i).isBetween(0, LatencyHistogram.BUCKETS - 1);
    long bound = LatencyHistogram.upperBound(i);
    assertThat(bound).isGreaterThanOrEqualTo(value);
    assertThat((double) bound).isLessThanOrEqualTo(value * 1.125 + 1);
    if (i > 0) {
      assertThat(LatencyHistogram.upperBound(i - 1)).isLessThan(value);
    }
  }

  /** The percentile is the exact one's bucket bound: never below it, at most 12.5 % above. */
  @Property
  void thePercentileIsTheExactOnesBucket(
      @ForAll @Size(min = 1, max = 500) List<@LongRange(min = 0, max = 10_000_000_000L) Long> xs,
      @ForAll @DoubleRange(min = 50, max = 99.9) double p) {
    LatencyHistogram h = new LatencyHistogram(1_000_000_000L, 0);
    for (long x : xs) {
      h.record(x, 1);
    }
    List<Long> sorted = new ArrayList<>(xs);
    Collections.sort(sorted);
    long exact = sorted.get((int) Math.ceil(p / 100 * sorted.size()) - 1);
    long got = h.percentile(p, 1);
    assertThat(got).isGreaterThanOrEqualTo(exact);
    assertThat((double) got).isLessThanOrEqualTo(exact * 1.125 + 1);
  }

  @Test
  void oldValuesFallAwayAfterTwoWindowsAndTooFewValuesGiveNone() {
    LatencyHistogram h = new LatencyHistogram(100, 0);
    for (int i = 0; i < 10; i++) {
      h.record(1_000_000, 10);
    }
    assertThat(h.percentile(99, 11)).as("10 values are too few for 11").isEqualTo(-1);
    assertThat(h.percentile(99, 10)).isGreaterThanOrEqualTo(1_000_000);
    h.record(5, 100); // turns: the old half is still read
    assertThat(h.percentile(99, 1)).isGreaterThanOrEqualTo(1_000_000);
    h.record(5, 200); // turns again: the slow values are gone
    assertThat(h.percentile(99, 1)).isEqualTo(5);
  }
}
