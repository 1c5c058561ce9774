package dev.levee.timeouts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.testkit.Allocation;
import dev.levee.testkit.LeveeThreads;
import dev.levee.timeouts.testing.ManualTicker;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * A call that finishes in time through a caller-thread limiter allocates nothing, on the system
 * ticker with the shared watchdog's thread running, and on a manual watchdog; through the handoff,
 * its caller's thread allocates no more than Resilience4j does per call in all. Run interpreted
 * ({@code -Xint}), so no escape analysis hides an allocation.
 */
class TimeLimiterAllocationTest {
  private static final Duration LIMIT = Duration.ofSeconds(1);
  private static final Callable<Integer> WORK = () -> 42;
  // What Resilience4j's executeFutureSupplier over a cached pool allocates per call, all threads
  // together, in TimeLimiterBenchmark (-prof gc). Levee's handoff allocates on the caller's thread
  // the task (40 B), the context wrapper (24 B) and at most a wait node (24 B) if the caller parks.
  private static final long RESILIENCE4J_BYTES_PER_CALL = 112;

  @Test
  void aCallerThreadCallInTimeAllocatesNothingOnTheSystemTicker() {
    try (TimeLimiter limiter = TimeLimiter.builder("alloc").callerThread().build()) {
      assertThat(Allocation.bytesAllocatedBy(() -> callMany(limiter, null))).isZero();
      assertThat(LeveeThreads.alive())
          .as("the watchdog thread was watching")
          .anyMatch(name -> name.contains("shared-watchdog"));
    }
    LeveeThreads.assertNoneSurvive(Duration.ofSeconds(10));
  }

  @Test
  void aCallerThreadCallInTimeWithAResourceAllocatesNothingOnAManualWatchdog() {
    ManualTicker ticker = new ManualTicker();
    AutoCloseable resource = () -> {};
    try (TimeLimitWatchdog watchdog = TimeLimitWatchdog.manual(ticker);
        TimeLimiter limiter =
            TimeLimiter.builder("alloc-manual").ticker(ticker).callerThread(watchdog).build()) {
      assertThat(Allocation.bytesAllocatedBy(() -> callMany(limiter, resource))).isZero();
      assertThat(watchdog.watchedCalls()).isZero();
    }
  }

  @Test
  void aHandoffCallInTimeAllocatesLessOnItsCallersThreadThanResilience4jDoesInAll() {
    try (TimeLimiter limiter = TimeLimiter.builder("alloc-handoff").build()) {
      long perCall = Allocation.bytesAllocatedBy(() -> callMany(limiter, null)) / 1_000;
      assertThat(perCall).isLessThanOrEqualTo(RESILIENCE4J_BYTES_PER_CALL);
    }
    LeveeThreads.assertNoneSurvive(Duration.ofSeconds(10));
  }

  private static void callMany(TimeLimiter limiter, AutoCloseable resource) {
    try {
      for (int i = 0; i < 1_000; i++) {
        limiter.call("op", LIMIT, WORK, resource);
      }
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
