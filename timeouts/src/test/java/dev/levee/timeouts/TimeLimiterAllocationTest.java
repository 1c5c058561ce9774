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
 * ticker with the shared watchdog's thread running, and on a manual watchdog. Run interpreted
 * ({@code -Xint}), so no escape analysis hides an allocation.
 */
class TimeLimiterAllocationTest {
  private static final Duration LIMIT = Duration.ofSeconds(1);
  private static final Callable<Integer> WORK = () -> 42;

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
