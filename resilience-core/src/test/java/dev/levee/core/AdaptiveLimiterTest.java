package dev.levee.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levee.errors.ClassifiedException;
import dev.levee.errors.ErrorCategory;
import dev.levee.timeouts.OperationTimeoutException;
import dev.levee.timeouts.Ticker;
import dev.levee.timeouts.testing.ManualTicker;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Places, rejections, the ways to give a permit back, and what the limiter reports. */
class AdaptiveLimiterTest {
  private final ManualTicker ticker = new ManualTicker();

  private AdaptiveLimiter limiter(int initial) {
    return AdaptiveLimiter.of(
        "db",
        AdaptiveLimiterConfig.builder("db")
            .initialLimit(initial)
            .sampleWindow(Duration.ofMillis(10))
            .minSamples(1)
            .ticker(ticker)
            .build());
  }

  @Test
  void admitsUpToTheLimitThenRejectsUntilAPlaceIsGivenBack() {
    AdaptiveLimiter db = limiter(3);
    long a = db.tryAcquire();
    long b = db.tryAcquire();
    long c = db.tryAcquire();
    assertThat(new long[] {a, b, c}).doesNotContain(AdaptiveLimiter.REJECTED);
    assertThat(db.inFlight()).isEqualTo(3);
    assertThat(db.tryAcquire()).isEqualTo(AdaptiveLimiter.REJECTED);
    assertThat(db.rejectedCount()).isEqualTo(1);
    db.onIgnored(b);
    assertThat(db.inFlight()).isEqualTo(2);
    assertThat(db.tryAcquire()).isNotEqualTo(AdaptiveLimiter.REJECTED);
  }

  @Test
  void aShareBelowOneShedsEarlierButAlwaysAllowsOne() {
    AdaptiveLimiter db = limiter(10);
    for (int i = 0; i < 5; i++) {
      assertThat(db.tryAcquire(0.5)).isNotEqualTo(AdaptiveLimiter.REJECTED);
    }
    assertThat(db.tryAcquire(0.5))
        .as("floor(10 x 0.5) = 5 in flight")
        .isEqualTo(AdaptiveLimiter.REJECTED);
    assertThat(db.tryAcquire(1.0))
        .as("a critical call still gets the rest")
        .isNotEqualTo(AdaptiveLimiter.REJECTED);

    AdaptiveLimiter one = limiter(1);
    assertThat(one.tryAcquire(0.01))
        .as("max(1, floor(1 x 0.01)) = 1")
        .isNotEqualTo(AdaptiveLimiter.REJECTED);
    assertThat(one.tryAcquire(0.01)).isEqualTo(AdaptiveLimiter.REJECTED);
  }

  @Test
  void aShareOutsideZeroToOneIsNamed() {
    AdaptiveLimiter db = limiter(3);
    for (double bad : new double[] {0, -0.5, 1.5, Double.NaN}) {
      assertThatThrownBy(() -> db.tryAcquire(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("adaptiveLimiter \"db\": share must be in (0,1], was " + bad);
    }
    assertThat(db.inFlight()).isZero();
  }

  @Test
  void aTickerReadingEqualToTheSentinelIsStillAPermit() {
    Ticker stuck = () -> AdaptiveLimiter.REJECTED;
    AdaptiveLimiter db =
        AdaptiveLimiter.of("db", AdaptiveLimiterConfig.builder("db").ticker(stuck).build());
    long permit = db.tryAcquire();
    assertThat(permit).isNotEqualTo(AdaptiveLimiter.REJECTED);
    db.onSuccess(permit);
    assertThat(db.inFlight()).isZero();
  }

  @Test
  void givingBackTooOftenOrGivingBackARejectionIsAnError() {
    AdaptiveLimiter db = limiter(1);
    long permit = db.tryAcquire();
    db.onSuccess(permit);
    assertThatThrownBy(() -> db.onSuccess(permit))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("a permit given back with none out");
    assertThat(db.inFlight()).as("the bad release is undone").isZero();
    assertThatThrownBy(() -> db.onDropped(AdaptiveLimiter.REJECTED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("REJECTED is not a permit");
  }

  @Test
  void failuresAreDropsSamplesOrIgnoredByWhatTheySayAboutTheDependency() {
    AdaptiveLimiter db = limiter(5);
    db.onFailure(db.tryAcquire(), new ClassifiedException(ErrorCategory.TRANSIENT, "db", "busy"));
    assertThat(db.droppedCount()).isEqualTo(1);
    db.onFailure(
        db.tryAcquire(),
        new OperationTimeoutException(
            "db", Duration.ofMillis(5), Duration.ofMillis(5), false, java.time.Instant.EPOCH));
    assertThat(db.droppedCount()).as("a time-out is a drop").isEqualTo(2);
    db.onFailure(db.tryAcquire(), new ClassifiedException(ErrorCategory.FATAL, "db", "bug"));
    db.onFailure(
        db.tryAcquire(), new ClassifiedException(ErrorCategory.INVALID_INPUT, "db", "bad id"));
    db.onFailure(db.tryAcquire(), new CancellationException());
    assertThat(db.droppedCount()).isEqualTo(2);
    assertThat(db.inFlight()).as("every permit given back").isZero();
  }

  @Test
  void executeRecordsTheOutcomeAndRejectsWithTheSharedStackFreeException() {
    AdaptiveLimiter db = limiter(1);
    assertThat(db.get(() -> "row")).isEqualTo("row");
    assertThatThrownBy(
            () ->
                db.run(
                    () -> {
                      throw new ClassifiedException(ErrorCategory.TRANSIENT, "db", "overloaded");
                    }))
        .hasMessageContaining("overloaded");
    assertThat(db.droppedCount()).isEqualTo(1);
    assertThat(db.inFlight()).isZero();
    AtomicInteger nested = new AtomicInteger();
    db.run(
        () ->
            assertThatThrownBy(() -> db.run(nested::incrementAndGet))
                .isSameAs(db.rejection())
                .isInstanceOf(ConcurrencyLimitExceededException.class));
    assertThat(nested).hasValue(0);
    ConcurrencyLimitExceededException e = db.rejection();
    assertThat(e.category()).isEqualTo(ErrorCategory.TRANSIENT);
    assertThat(e.limiter()).isEqualTo("db");
    assertThat(e.getStackTrace()).isEmpty();
    assertThat(e).hasMessageContaining("adaptive limiter \"db\" is at its concurrency limit");
  }

  @Test
  void healthDataNamesTheLimitAndWhatMovedIt() {
    AdaptiveLimiter db = limiter(4);
    long p = db.tryAcquire();
    ticker.advance(Duration.ofMillis(20));
    db.onSuccess(p); // closes the first window: baseline 20 ms
    db.tryAcquire();
    assertThat(db.healthData())
        .containsKeys(
            "limit",
            "in_flight",
            "min_limit",
            "max_limit",
            "algorithm",
            "baseline_rtt_ms",
            "rtt_ms",
            "probing",
            "rejected",
            "dropped")
        .containsEntry("in_flight", 1)
        .containsEntry("algorithm", "GRADIENT")
        .containsEntry("baseline_rtt_ms", 20.0);
    assertThat(db.baselineRtt()).isEqualTo(Duration.ofMillis(20));
    assertThat(db.toString()).isEqualTo("AdaptiveLimiter[db, 1/" + db.limit() + "]");
  }

  @Test
  void aBusyLimiterTimesOnlySomeCallsButCountsEveryOutcome() {
    AtomicInteger reads = new AtomicInteger();
    Ticker counting =
        () -> {
          reads.incrementAndGet();
          return ticker.read();
        };
    AdaptiveLimiter db =
        AdaptiveLimiter.of(
            "db",
            AdaptiveLimiterConfig.builder("db")
                .initialLimit(10)
                .sampleWindow(Duration.ofMillis(1))
                .minSamples(2)
                .ticker(counting)
                .build());
    int calls = 4000;
    for (int i = 0; i < calls; i++) {
      long p = db.tryAcquire();
      ticker.advanceNanos(5_000); // 200 calls a window: far more than 16 x 2 samples
      if (i % 10 == 0) {
        db.onDropped(p);
      } else {
        db.onSuccess(p);
      }
    }
    assertThat(reads.get())
        .as("at high rates only one call in eight reads the clock, at each end")
        .isLessThan(calls / 2);
    assertThat(db.droppedCount()).as("untimed drops are counted too").isEqualTo(calls / 10);
    assertThat(db.inFlight()).isZero();

    for (int i = 0; i < 200; i++) { // the rate falls: every call is timed again
      long p = db.tryAcquire();
      ticker.advanceNanos(2_000_000);
      db.onSuccess(p);
    }
    int before = reads.get();
    long p = db.tryAcquire();
    db.onSuccess(p);
    assertThat(reads.get() - before).isEqualTo(2);
  }

  @Test
  void aRegistryMakesOneLimiterPerName() {
    Registry<AdaptiveLimiter, AdaptiveLimiterConfig> limiters =
        AdaptiveLimiter.registry(AdaptiveLimiterConfig.builder("default").initialLimit(7).build());
    AdaptiveLimiter a = limiters.getOrCreate("a");
    assertThat(limiters.getOrCreate("a")).isSameAs(a);
    assertThat(a.name()).isEqualTo("a");
    assertThat(a.limit()).isEqualTo(7);
    assertThat(a.config().initialLimit()).isEqualTo(7);
  }

  @Test
  void listenersHearEveryRejection() {
    AdaptiveLimiter db = limiter(1);
    AtomicInteger heard = new AtomicInteger();
    RejectionListener listener = name -> heard.incrementAndGet();
    db.addListener(listener);
    db.tryAcquire();
    db.tryAcquire();
    db.tryAcquire(0.5);
    assertThat(heard).hasValue(2);
    assertThat(db.removeListener(listener)).isTrue();
    db.tryAcquire();
    assertThat(heard).hasValue(2);
  }
}
