package dev.levee.health;

import dev.levee.timeouts.testing.ManualTicker;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A wall clock that moves with a manual ticker: {@code start} plus the time the ticker moved. */
final class TickerClock extends Clock {
  private final ManualTicker ticker;
  private final Instant start;
  private final long origin;

  TickerClock(ManualTicker ticker, Instant start) {
    this.ticker = ticker;
    this.start = start;
    this.origin = ticker.read();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("UTC only");
  }

  @Override
  public Instant instant() {
    return start.plusNanos(ticker.read() - origin);
  }
}
