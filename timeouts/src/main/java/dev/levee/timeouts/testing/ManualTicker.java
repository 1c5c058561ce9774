package dev.levee.timeouts.testing;

import dev.levee.timeouts.Sleeper;
import dev.levee.timeouts.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Ticker} that moves only when told to, so tests make time pass without sleeping. Starts
 * at an arbitrary non-zero value, as real tickers do. This class is thread-safe.
 */
public final class ManualTicker implements Ticker {
  private final AtomicLong nanos;
  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

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
   * A sleeper that, instead of waiting, moves this ticker forward by the time asked for, and
   * records each request: code under test "sleeps" in no time. An interrupted thread gets an {@link
   * InterruptedException}, as with a real sleep.
   *
   * @return the sleeper
   */
  public Sleeper sleeper() {
    return nanos -> {
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
      sleeps.add(Duration.ofNanos(Math.max(0, nanos)));
      advanceNanos(Math.max(0, nanos));
    };
  }

  /**
   * What {@link #sleeper()} was asked to sleep, in order.
   *
   * @return a snapshot of the requested sleeps
   */
  public List<Duration> sleeps() {
    return List.copyOf(sleeps);
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
