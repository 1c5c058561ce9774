package dev.levee.timeouts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levee.timeouts.testing.ManualTicker;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeadlineTest {
  private final ManualTicker ticker = new ManualTicker();

  @AfterEach
  void noDeadlineLeftBound() {
    assertThat(Deadline.current()).isEmpty();
  }

  @Test
  void remainingShrinksWithTimeAndStopsAtZero() {
    Deadline d = Deadline.after(Duration.ofSeconds(2), ticker);
    assertThat(d.remaining()).isEqualTo(Duration.ofSeconds(2));
    assertThat(d.isExpired()).isFalse();
    ticker.advance(Duration.ofMillis(1500));
    assertThat(d.remaining()).isEqualTo(Duration.ofMillis(500));
    assertThat(d.toString()).isEqualTo("Deadline[500ms left]");
    ticker.advance(Duration.ofMillis(500));
    assertThat(d.isExpired()).isTrue();
    assertThat(d.remainingNanos()).isZero();
    ticker.advance(Duration.ofSeconds(3));
    assertThat(d.remaining()).isEqualTo(Duration.ZERO);
    assertThat(d.toString()).isEqualTo("Deadline[expired 3s ago]");
  }

  @Test
  void zeroOrNegativeTimeoutIsAlreadyExpired() {
    assertThat(Deadline.after(Duration.ZERO, ticker).isExpired()).isTrue();
    assertThat(Deadline.after(Duration.ofSeconds(-5), ticker).remainingNanos()).isZero();
  }

  @Test
  void hugeTimeoutsAreCappedNotOverflowed() {
    Deadline far = Deadline.after(Duration.ofDays(1_000_000), ticker);
    assertThat(far.remaining()).isEqualTo(Deadline.MAX_TIMEOUT);
    assertThat(Deadline.after(Duration.ofSeconds(Long.MAX_VALUE), ticker).remaining())
        .isEqualTo(Deadline.MAX_TIMEOUT);
  }

  @Test
  void worksAcrossATickerThatWraps() {
    ManualTicker nearMax = new ManualTicker(Long.MAX_VALUE - 1_000);
    Deadline d = Deadline.after(Duration.ofMillis(1), nearMax);
    nearMax.advanceNanos(500_000);
    assertThat(d.remaining()).isEqualTo(Duration.ofNanos(500_000));
    assertThat(d.isExpired()).isFalse();
    nearMax.advanceNanos(500_000);
    assertThat(d.isExpired()).isTrue();
  }

  @Test
  void earlierPicksTheSoonerDeadline() {
    Deadline a = Deadline.after(Duration.ofSeconds(1), ticker);
    Deadline b = Deadline.after(Duration.ofSeconds(2), ticker);
    assertThat(a.earlier(b)).isSameAs(a);
    assertThat(b.earlier(a)).isSameAs(a);
    assertThat(a.compareTo(b)).isNegative();
  }

  @Test
  void deadlinesOnDifferentTickersDoNotCompare() {
    Deadline a = Deadline.after(Duration.ofSeconds(1), ticker);
    Deadline b = Deadline.after(Duration.ofSeconds(1), new ManualTicker());
    assertThatThrownBy(() -> a.earlier(b))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("deadlines on different tickers cannot be compared");
  }

  @Test
  void bindMakesTheDeadlineCurrentAndNestingKeepsTheEarlier() {
    Deadline outer = Deadline.after(Duration.ofSeconds(1), ticker);
    Deadline longer = Deadline.after(Duration.ofSeconds(5), ticker);
    Deadline shorter = Deadline.after(Duration.ofMillis(100), ticker);
    try (Deadline.Scope s1 = outer.bind()) {
      assertThat(Deadline.current()).containsSame(outer);
      try (Deadline.Scope s2 = longer.bind()) {
        assertThat(Deadline.current()).as("inner cannot extend").containsSame(outer);
        assertThat(s2.deadline()).containsSame(outer);
      }
      try (Deadline.Scope s3 = shorter.bind()) {
        assertThat(Deadline.current()).as("inner may shorten").containsSame(shorter);
      }
      assertThat(Deadline.current()).containsSame(outer);
    }
    assertThat(Deadline.current()).isEmpty();
  }

  @Test
  void effectiveNanosIsTheSmallerOfLimitAndRemaining() {
    assertThat(Deadline.effectiveNanos(5_000)).as("no deadline bound").isEqualTo(5_000);
    try (Deadline.Scope s = Deadline.after(Duration.ofNanos(3_000), ticker).bind()) {
      assertThat(Deadline.effectiveNanos(5_000)).isEqualTo(3_000);
      assertThat(Deadline.effectiveNanos(1_000)).isEqualTo(1_000);
      ticker.advanceNanos(10_000);
      assertThat(Deadline.effectiveNanos(1_000)).isZero();
    }
    assertThat(Deadline.effectiveNanos(-1)).isZero();
  }

  @Test
  void scopesClosedOutOfOrderAreReportedAndChangeNothing() {
    Deadline a = Deadline.after(Duration.ofSeconds(2), ticker);
    Deadline b = Deadline.after(Duration.ofSeconds(1), ticker);
    Deadline.Scope outer = a.bind();
    Deadline.Scope inner = b.bind();
    assertThatThrownBy(outer::close)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("deadline scope closed out of order");
    assertThat(Deadline.current()).containsSame(b);
    inner.close();
    inner.close(); // twice is harmless
    outer.close();
    assertThat(Deadline.current()).isEmpty();
  }

  @Test
  void anOuterScopeCannotCloseUnderAnInnerOneThatKeptItsDeadline() {
    ManualTicker t = new ManualTicker();
    Deadline.Scope outer = Deadline.after(Duration.ofSeconds(1), t).bind();
    Deadline.Scope inner = Deadline.after(Duration.ofSeconds(5), t).bind(); // keeps the outer's
    assertThat(inner.deadline()).isEqualTo(outer.deadline());
    assertThatThrownBy(outer::close)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("deadline scope closed out of order");
    assertThat(Deadline.current()).as("nothing changed").isEqualTo(outer.deadline());
    inner.close();
    outer.close();
    assertThat(Deadline.current()).isEmpty();
  }

  @Test
  void aScopeClosedOnAnotherThreadIsReported() throws Exception {
    Deadline.Scope scope = Deadline.after(Duration.ofSeconds(1), ticker).bind();
    try {
      Throwable[] seen = new Throwable[1];
      Thread other = new Thread(() -> seen[0] = catchClose(scope));
      other.start();
      other.join(10_000);
      assertThat(other.isAlive()).as("closing thread finished").isFalse();
      assertThat(seen[0]).isInstanceOf(IllegalStateException.class);
    } finally {
      scope.close();
    }
  }

  @Test
  void bindAfterNanosBindsLikeAnInstanceAndKeepsTheEarlier() {
    Deadline outer = Deadline.after(Duration.ofSeconds(1), ticker);
    try (Deadline.Scope s1 = outer.bind()) {
      try (Deadline.Scope s2 = Deadline.bindAfterNanos(5_000_000_000L, ticker)) {
        assertThat(Deadline.current()).as("cannot extend").containsSame(outer);
        assertThat(s2.deadline()).containsSame(outer);
      }
      try (Deadline.Scope s3 = Deadline.bindAfterNanos(100_000_000L, ticker)) {
        Deadline shorter = Deadline.current().orElseThrow();
        assertThat(shorter.remaining()).as("may shorten").isEqualTo(Duration.ofMillis(100));
        assertThat(Deadline.current()).as("one instance while bound").containsSame(shorter);
        assertThat(s3.deadline()).containsSame(shorter);
        ticker.advance(Duration.ofMillis(40));
        assertThat(Deadline.effectiveNanos(Long.MAX_VALUE)).isEqualTo(60_000_000L);
        assertThat(shorter.remaining()).isEqualTo(Duration.ofMillis(60));
      }
      assertThat(Deadline.current()).as("restored").containsSame(outer);
    }
  }

  @Test
  void bindAfterNanosAloneIsMadeOnlyWhenAskedAndSurvivesAnInnerScope() {
    try (Deadline.Scope outer = Deadline.bindAfterNanos(2_000_000L, ticker)) {
      assertThat(Deadline.effectiveNanos(5_000_000L)).isEqualTo(2_000_000L);
      try (Deadline.Scope inner = Deadline.bindAfterNanos(9_000_000L, ticker)) {
        Deadline seen = Deadline.current().orElseThrow();
        assertThat(seen.remainingNanos()).as("the outer one stays").isEqualTo(2_000_000L);
        assertThat(inner.deadline()).containsSame(seen);
        inner.close();
        assertThat(Deadline.current()).as("same instance after the inner scope").containsSame(seen);
        assertThat(outer.deadline()).containsSame(seen);
      }
    }
    assertThat(Deadline.effectiveNanos(5_000_000L)).isEqualTo(5_000_000L);
  }

  @Test
  void bindAfterNanosChecksItsArguments() {
    assertThatThrownBy(() -> Deadline.bindAfterNanos(1, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("ticker");
    try (Deadline.Scope s = Deadline.bindAfterNanos(1_000, ticker)) {
      assertThatThrownBy(() -> Deadline.bindAfterNanos(1_000, new ManualTicker()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("deadlines on different tickers cannot be compared");
      assertThat(Deadline.effectiveNanos(5_000)).as("nothing changed").isEqualTo(1_000);
    }
    try (Deadline.Scope s = Deadline.bindAfterNanos(-5, ticker)) {
      assertThat(Deadline.current().orElseThrow().isExpired()).as("negative: expired").isTrue();
    }
    try (Deadline.Scope s = Deadline.bindAfterNanos(Long.MAX_VALUE, ticker)) {
      assertThat(Deadline.current().orElseThrow().remaining()).isEqualTo(Deadline.MAX_TIMEOUT);
    }
  }

  @Test
  void anOuterScopeCannotCloseUnderAnInnerOneBoundWithoutAnInstance() {
    Deadline.Scope outer = Deadline.bindAfterNanos(1_000, ticker);
    Deadline.Scope inner = Deadline.bindAfterNanos(5_000, ticker); // keeps the outer's
    assertThatThrownBy(outer::close)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("deadline scope closed out of order");
    assertThat(Deadline.effectiveNanos(9_000)).as("nothing changed").isEqualTo(1_000);
    inner.close();
    outer.close();
  }

  @Test
  void scopesBoundWithoutAnInstanceGiveOneInstanceForOneDeadline() {
    try (Deadline.Scope outer = Deadline.bindAfterNanos(1_000_000_000L, ticker)) {
      try (Deadline.Scope inner = Deadline.bindAfterNanos(5_000_000_000L, ticker)) {
        assertThat(inner.deadline()).as("kept the outer's").isEqualTo(outer.deadline());
        assertThat(Deadline.current()).isEqualTo(outer.deadline());
      }
    }
    Deadline.Scope scope = Deadline.bindAfterNanos(1_000_000_000L, ticker);
    Deadline inside = scope.deadline().orElseThrow();
    assertThat(Deadline.current()).containsSame(inside);
    scope.close();
    assertThat(scope.deadline()).as("after close").containsSame(inside);
  }

  @Test
  void aScopesDeadlineIsItsOwnWhileASnapshotRunsOnItsThread() {
    ContextSnapshot none = ContextSnapshot.capture(); // no deadline bound here
    Deadline mine = Deadline.after(Duration.ofSeconds(1), ticker);
    try (Deadline.Scope scope = mine.bind()) {
      java.util.concurrent.atomic.AtomicReference<java.util.Optional<Deadline>> seen =
          new java.util.concurrent.atomic.AtomicReference<>();
      none.wrap(() -> seen.set(scope.deadline())).run();
      assertThat(seen.get()).containsSame(mine);
    }
    try (Deadline.Scope scope = Deadline.bindAfterNanos(1_000, ticker)) {
      java.util.concurrent.atomic.AtomicReference<java.util.Optional<Deadline>> seen =
          new java.util.concurrent.atomic.AtomicReference<>();
      none.wrap(() -> seen.set(scope.deadline())).run();
      assertThat(seen.get().orElseThrow().remainingNanos()).isEqualTo(1_000);
      assertThat(scope.deadline()).as("the same instance after").containsSame(seen.get().get());
    }
  }

  @Test
  void deadlinesAreValues() {
    Deadline a = Deadline.afterNanos(1_000, ticker);
    Deadline b = Deadline.afterNanos(1_000, ticker);
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotSameAs(b);
    assertThat(a).isNotEqualTo(Deadline.afterNanos(1_001, ticker));
    assertThat(a).as("another ticker").isNotEqualTo(Deadline.afterNanos(1_000, new ManualTicker()));
    assertThat(a).isNotEqualTo("a string");
  }

  @Test
  void aCoarseTickersDeadlinesNestWithItsSourcesAndStillNotWithOthers() {
    try (CoarseTicker coarse = CoarseTicker.start(Duration.ofMillis(1), ticker)) {
      assertThat(coarse.timeBase()).isSameAs(ticker);
      Deadline outer = Deadline.after(Duration.ofMillis(100), ticker);
      try (Deadline.Scope s1 = outer.bind()) {
        try (Deadline.Scope s2 = Deadline.bindAfterNanos(5_000_000_000L, coarse)) {
          assertThat(Deadline.current()).as("the coarse one cannot extend").contains(outer);
        }
        try (Deadline.Scope s3 = Deadline.bindAfterNanos(1_000_000L, coarse)) {
          Deadline inner = Deadline.current().orElseThrow();
          assertThat(inner.ticker()).as("it may shorten").isSameAs(coarse);
          assertThat(inner.compareTo(outer)).isNegative();
        }
        assertThatThrownBy(() -> Deadline.bindAfterNanos(1_000, new ManualTicker()))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("deadlines on different tickers cannot be compared");
      }
      assertThat(Deadline.afterNanos(0, ticker)).isEqualTo(Deadline.afterNanos(0, coarse));
    }
  }

  private static Throwable catchClose(Deadline.Scope scope) {
    try {
      scope.close();
      return null;
    } catch (RuntimeException e) {
      return e;
    }
  }
}
