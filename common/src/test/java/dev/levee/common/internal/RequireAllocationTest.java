package dev.levee.common.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.testkit.Allocation;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Checks sit on paths that run per call (a time limiter's timeout): passing ones cost no bytes. */
class RequireAllocationTest {
  @Test
  void aCheckThatPassesAllocatesNothing() {
    Duration d = Duration.ofSeconds(1);
    Duration max = Duration.ofDays(365);
    assertThat(
            Allocation.bytesAllocatedBy(
                () -> {
                  for (int i = 0; i < 10_000; i++) {
                    Require.positive("timeout", d, max);
                    Require.nonNegative("timeout", d);
                    Require.inRange("timeout", d, Duration.ZERO, max);
                    Require.inRange("port", i, 0, 65535);
                    Require.atLeast("threads", i + 1, 1);
                    Require.notBlank("name", "db");
                  }
                }))
        .isZero();
  }
}
