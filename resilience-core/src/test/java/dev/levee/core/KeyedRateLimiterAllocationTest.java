package dev.levee.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.testkit.Allocation;
import dev.levee.timeouts.testing.ManualTicker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A decision for a key the limiter holds allocates nothing, granted or rejected, with a listener
 * registered: a map lookup with the caller's key, a ticker read and a CAS. Run under {@code -Xint}
 * (see the parent pom), where nothing is optimised away.
 */
class KeyedRateLimiterAllocationTest {
  private static final int CALLS = 10_000;
  private static long heard;
  private static final RejectionListener LISTENER = name -> heard++;

  @Test
  void decisionsForKnownKeysAllocateNothing() {
    ManualTicker ticker = new ManualTicker();
    KeyedRateLimiter<String> limiter =
        KeyedRateLimiter.of(
            "peers",
            KeyedRateLimiterConfig.builder("peers")
                .limit(1, Duration.ofDays(1))
                .maxKeys(100)
                .ticker(ticker)
                .build());
    KeyedRateLimiter<String> open =
        KeyedRateLimiter.of(
            "open",
            KeyedRateLimiterConfig.builder("open").limit(1_000_000, Duration.ofMillis(1)).build());
    limiter.addListener(LISTENER);
    String[] keys = new String[16];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = "peer-" + i;
      open.tryAcquire(keys[i]);
      limiter.tryAcquire(keys[i]); // takes the key's only permit
      limiter.tryAcquire(keys[i]); // the first rejection logs its line
    }
    long before = heard;
    assertThat(
            Allocation.bytesAllocatedBy(
                () -> {
                  for (int i = 0; i < CALLS; i++) {
                    String key = keys[i & 15];
                    open.tryAcquire(key);
                    limiter.tryAcquire(key);
                  }
                }))
        .isZero();
    assertThat(heard - before).as("every rejection reached the listener").isPositive();
    assertThat(limiter.keyCount()).isEqualTo(16);
    assertThat(open.permittedCount()).isGreaterThan(CALLS);
  }
}
