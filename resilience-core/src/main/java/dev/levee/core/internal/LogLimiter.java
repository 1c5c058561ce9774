package dev.levee.core.internal;

import dev.levee.timeouts.Ticker;
import java.util.concurrent.atomic.AtomicLong;

/**
 * At most one log line per second for one kind of event of one named primitive, with a count of the
 * lines suppressed since the last one: a rejection storm must not become a log storm. Reads the
 * ticker only when the event happens. Thread-safe.
 */
public final class LogLimiter {
  private static final long PERIOD = 1_000_000_000L;

  private final Ticker ticker;
  private final AtomicLong last = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong suppressed = new AtomicLong();

  /**
   * Creates a limiter.
   *
   * @param ticker the primitive's ticker
   */
  public LogLimiter(Ticker ticker) {
    this.ticker = ticker;
  }

  /**
   * Whether to log this event now.
   *
   * @return -1 to stay quiet; otherwise the number of events suppressed since the last line
   */
  public long admit() {
    return admit(ticker.read());
  }

  /**
   * Whether to log this event now, with the ticker reading the caller already has.
   *
   * @param now the ticker's reading
   * @return -1 to stay quiet; otherwise the number of events suppressed since the last line
   */
  public long admit(long now) {
    long before = last.get();
    if (before != Long.MIN_VALUE && now - before < PERIOD) {
      suppressed.incrementAndGet();
      return -1;
    }
    if (!last.compareAndSet(before, now)) {
      suppressed.incrementAndGet();
      return -1;
    }
    return suppressed.getAndSet(0);
  }
}
