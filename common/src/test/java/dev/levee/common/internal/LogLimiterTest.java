package dev.levee.common.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogLimiterTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void oneLineASecondWithTheCountOfThoseSuppressed() {
    LogLimiter limiter = new LogLimiter();
    long t = -5 * SECOND; // any origin: tickers may read negative
    assertThat(limiter.admit(t)).as("the first event is logged").isZero();
    assertThat(limiter.admit(t + 1)).isEqualTo(-1);
    assertThat(limiter.admit(t + SECOND - 1)).isEqualTo(-1);
    assertThat(limiter.admit(t + SECOND)).as("a second later, with two suppressed").isEqualTo(2);
    assertThat(limiter.admit(t + SECOND + 5)).isEqualTo(-1);
    assertThat(limiter.admit(t + 10 * SECOND)).isEqualTo(1);
  }
}
