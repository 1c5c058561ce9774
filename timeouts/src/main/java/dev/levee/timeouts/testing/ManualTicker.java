package dev.levee.timeouts.testing;

import dev.levee.timeouts.Ticker;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Ticker} that moves only when told to, so tests make time pass without sleeping. Starts
 * at an arbitrary non-zero value, as real tickers do. This class is thread-safe.
 */
public final class ManualTicker implements Ticker {
  private final AtomicLong nanos;

  /** A ticker starting at an arbitrary reading. */
  public ManualTicker() {
    this(1_000_000_000L);
  }

  /**
   * A ticker starting at {@code startNanos}.
   *
   * @param startNanos the first reading
   */
  public ManualTicker(long startNanos) {
    this.nanos = new AtomicLong(startNanos);
  }

  @Override
  public long read() {
    return nanos.get();
  }

  /**
   * Moves time forward.
   *
   * @param amount how far; must not be negative
   * @return the new reading
   * @throws IllegalArgumentException if {@code amount} is negative (tickers never go back)
   */
  public long advance(Duration amount) {
    Objects.requireNonNull(amount, "amount");
    if (amount.isNegative()) {
      throw new IllegalArgumentException("a ticker never goes back; amount was " + amount);
    }
    return nanos.addAndGet(amount.toNanos());
  }

  /**
   * Moves time forward.
   *
   * @param amountNanos how far, in nanoseconds; must not be negative
   * @return the new reading
   * @throws IllegalArgumentException if {@code amountNanos} is negative
   */
  public long advanceNanos(long amountNanos) {
    if (amountNanos < 0) {
      throw new IllegalArgumentException(
          "a ticker never goes back; amount was " + amountNanos + "ns");
    }
    return nanos.addAndGet(amountNanos);
  }
}
