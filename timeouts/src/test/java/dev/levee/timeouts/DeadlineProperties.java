package dev.levee.timeouts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.timeouts.testing.ManualTicker;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

class DeadlineProperties {
  @Provide
  Arbitrary<Long> start() {
    // Any origin, including ones where adding the timeout wraps past Long.MAX_VALUE.
    return Arbitraries.oneOf(
        Arbitraries.longs(),
        Arbitraries.longs().between(Long.MAX_VALUE - 1_000_000_000L, Long.MAX_VALUE));
  }

  @Property
  void remainingIsNeverNegativeAndNeverGrows(
      @ForAll("start") long start,
      @ForAll @LongRange(min = -1_000_000_000L, max = 10_000_000_000L) long timeoutNanos,
      @ForAll @Size(max = 20) List<@LongRange(min = 0, max = 3_000_000_000L) Long> steps) {
    ManualTicker ticker = new ManualTicker(start);
    Deadline d = Deadline.afterNanos(timeoutNanos, ticker);
    long previous = d.remainingNanos();
    assertThat(previous).isEqualTo(Math.max(0, timeoutNanos));
    long elapsed = 0;
    for (long step : steps) {
      ticker.advanceNanos(step);
      elapsed += step;
      long now = d.remainingNanos();
      assertThat(now).isNotNegative().isLessThanOrEqualTo(previous);
      assertThat(now).isEqualTo(Math.max(0, Math.max(0, timeoutNanos) - elapsed));
      assertThat(d.isExpired()).isEqualTo(now == 0);
      previous = now;
    }
  }

  @Property
  void earlierIsCommutativeAndPicksTheMinimum(
      @ForAll("start") long start,
      @ForAll @LongRange(min = -1_000_000L, max = Long.MAX_VALUE) long a,
      @ForAll @LongRange(min = -1_000_000L, max = Long.MAX_VALUE) long b,
      @ForAll @LongRange(min = 0, max = 1_000_000_000L) long later) {
    ManualTicker ticker = new ManualTicker(start);
    Deadline da = Deadline.afterNanos(a, ticker);
    Deadline db = Deadline.afterNanos(b, ticker);
    Deadline ab = da.earlier(db);
    Deadline ba = db.earlier(da);
    assertThat(ab.remainingNanos()).isEqualTo(ba.remainingNanos());
    assertThat(ab.remainingNanos()).isEqualTo(Math.min(da.remainingNanos(), db.remainingNanos()));
    ticker.advanceNanos(later);
    assertThat(ab.remainingNanos()).isEqualTo(Math.min(da.remainingNanos(), db.remainingNanos()));
    assertThat(Integer.signum(da.compareTo(db))).isEqualTo(-Integer.signum(db.compareTo(da)));
  }

  @Property
  void nestedBindingsAlwaysLeaveTheEarliestCurrent(
      @ForAll @Size(min = 1, max = 8) List<@LongRange(min = 0, max = 10_000_000_000L) Long> nanos) {
    ManualTicker ticker = new ManualTicker();
    Deadline.Scope[] scopes = new Deadline.Scope[nanos.size()];
    long min = Long.MAX_VALUE;
    for (int i = 0; i < nanos.size(); i++) {
      scopes[i] = Deadline.afterNanos(nanos.get(i), ticker).bind();
      min = Math.min(min, nanos.get(i));
      assertThat(Deadline.current().orElseThrow().remainingNanos()).isEqualTo(min);
    }
    for (int i = scopes.length - 1; i >= 0; i--) {
      scopes[i].close();
    }
    assertThat(Deadline.current()).isEmpty();
  }

  @Property
  void durationAndNanoFactoriesAgree(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long nanos) {
    ManualTicker ticker = new ManualTicker();
    assertThat(Deadline.after(Duration.ofNanos(nanos), ticker).remainingNanos())
        .isEqualTo(Deadline.afterNanos(nanos, ticker).remainingNanos())
        .isLessThanOrEqualTo(Deadline.MAX_TIMEOUT.toNanos());
  }
}
