package dev.levee.timeouts.internal;

import dev.levee.common.internal.ListenerList;
import dev.levee.timeouts.OperationTimeoutException;
import dev.levee.timeouts.TimeoutListener;
import dev.levee.timeouts.TimeoutViolation;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts, logs and reports a time limiter's violations. Work happens only when an operation times
 * out, never on a call that finishes in time.
 */
public final class Violations {
  private static final Logger LOG = LoggerFactory.getLogger("dev.levee.timeouts.TimeLimiter");

  private final String limiter;
  private final Clock clock;
  private final LongAdder total = new LongAdder();
  private final ConcurrentHashMap<String, LongAdder> byOperation = new ConcurrentHashMap<>();
  private final ListenerList<TimeoutListener> listeners =
      new ListenerList<>(new TimeoutListener[0]);

  /**
   * Creates the record of one limiter.
   *
   * @param limiter the limiter's name
   * @param clock stamps violations
   */
  public Violations(String limiter, Clock clock) {
    this.limiter = limiter;
    this.clock = clock;
  }

  /**
   * Creates the exception for a violation without reporting it.
   *
   * @param operation the operation
   * @param limitNanos the limit enforced
   * @param elapsedNanos the time taken
   * @param fromDeadline whether the limit was the caller's deadline
   * @return the exception
   */
  public OperationTimeoutException create(
      String operation, long limitNanos, long elapsedNanos, boolean fromDeadline) {
    return new OperationTimeoutException(
        operation,
        Duration.ofNanos(limitNanos),
        Duration.ofNanos(Math.max(0, elapsedNanos)),
        fromDeadline,
        clock.instant());
  }

  /**
   * Counts, logs and reports a violation.
   *
   * @param e the violation's exception
   */
  public void report(OperationTimeoutException e) {
    total.increment();
    byOperation.computeIfAbsent(e.operation(), op -> new LongAdder()).increment();
    LOG.atWarn()
        .addKeyValue("component", "timeouts")
        .addKeyValue("name", limiter)
        .addKeyValue("operation", e.operation())
        .addKeyValue("timeout_ms", e.timeout().toMillis())
        .addKeyValue("duration_ms", e.elapsed().toMillis())
        .addKeyValue("deadline", e.fromDeadline())
        .log(e.reason());
    TimeoutListener[] all = listeners.snapshot();
    if (all.length == 0) {
      return;
    }
    TimeoutViolation violation =
        TimeoutViolation.builder()
            .limiter(limiter)
            .operation(e.operation())
            .timeout(e.timeout())
            .elapsed(e.elapsed())
            .fromDeadline(e.fromDeadline())
            .timestamp(e.timestamp())
            .build();
    for (TimeoutListener listener : all) {
      try {
        listener.onTimeout(violation);
      } catch (RuntimeException failed) {
        ListenerList.failed(LOG, "timeouts", limiter, listener, failed);
      }
    }
  }

  /**
   * Creates and reports a violation.
   *
   * @param operation the operation
   * @param limitNanos the limit enforced
   * @param elapsedNanos the time taken
   * @param fromDeadline whether the limit was the caller's deadline
   * @return the exception, to throw
   */
  public OperationTimeoutException record(
      String operation, long limitNanos, long elapsedNanos, boolean fromDeadline) {
    OperationTimeoutException e = create(operation, limitNanos, elapsedNanos, fromDeadline);
    report(e);
    return e;
  }

  /**
   * The total count.
   *
   * @return violations so far
   */
  public long total() {
    return total.sum();
  }

  /**
   * Counts per operation.
   *
   * @return an immutable snapshot sorted by operation
   */
  public Map<String, Long> byOperation() {
    Map<String, Long> out = new TreeMap<>();
    byOperation.forEach((op, count) -> out.put(op, count.sum()));
    return Collections.unmodifiableMap(out);
  }

  /**
   * Adds a listener.
   *
   * @param listener the listener
   */
  public void addListener(TimeoutListener listener) {
    listeners.add(listener);
  }

  /**
   * Removes a listener.
   *
   * @param listener the listener
   * @return whether it was registered
   */
  public boolean removeListener(TimeoutListener listener) {
    return listeners.remove(listener);
  }
}
