package dev.levee.common.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * At most one log line per second for one kind of event of one named primitive, with a count of the
 * lines suppressed since the last one: a rejection storm must not become a log storm. The caller
 * passes its own ticker's reading (in nanoseconds), read only when the event happens, so the
 * limiter holds no clock of its own and a primitive that already read the time reads it once.
 * Thread-safe.
 */
public final class LogLimiter {
  private static final long PERIOD = 1_000_000_000L;

  private final AtomicLong last = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong suppressed = new AtomicLong();

  /** Creates a limiter that has logged nothing yet: its first event is logged. */
  public LogLimiter() {}

  /**
   * Whether to log this event now.
   *
   * @param now the primitive's ticker reading, in nanoseconds
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
