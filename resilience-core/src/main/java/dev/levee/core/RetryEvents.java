package dev.levee.core;

import dev.levee.common.internal.ListenerList;
import dev.levee.common.internal.LogLimiter;
import dev.levee.timeouts.Ticker;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a {@link Retry} tells the world: its listeners, and one structured WARN line per give-up, at
 * most once a second, with a count of the lines suppressed since the last one. Called only when a
 * retry waits or gives up, never on a call that succeeds at once.
 */
final class RetryEvents {
  private static final Logger LOG = LoggerFactory.getLogger(Retry.class);

  private final String name;
  private final Ticker ticker;
  private final LogLimiter giveUpLog = new LogLimiter();
  private final ListenerList<RetryListener> listeners = new ListenerList<>(new RetryListener[0]);

  RetryEvents(String name, Ticker ticker) {
    this.name = name;
    this.ticker = ticker;
  }

  void retrying(int attempt, long delay, Throwable failure) {
    RetryListener[] ls = listeners.snapshot();
    if (ls.length == 0) {
      return;
    }
    Duration wait = Duration.ofNanos(delay);
    for (RetryListener l : ls) {
      try {
        l.onRetry(name, attempt, wait, failure);
      } catch (RuntimeException e) {
        ListenerList.failed(LOG, "retry", name, l, e);
      }
    }
  }

  /**
   * Reports a give-up; logged only when the retry meant to go on ({@link
   * RetryStopReason#isSurprise}).
   */
  void gaveUp(int attempts, RetryStopReason reason, Throwable failure) {
    if (reason.isSurprise()) {
      long suppressed = giveUpLog.admit(ticker.read());
      if (suppressed >= 0) {
        LOG.atWarn()
            .addKeyValue("component", "retry")
            .addKeyValue("name", name)
            .addKeyValue("attempts", attempts)
            .addKeyValue("reason", reason.text())
            .addKeyValue("error", failure == null ? "retried result" : failure.toString())
            .addKeyValue("suppressed", suppressed)
            .log("retry \"{}\" gave up after {} attempts: {}", name, attempts, reason);
      }
    }
    for (RetryListener l : listeners.snapshot()) {
      try {
        l.onGiveUp(name, attempts, reason, failure);
      } catch (RuntimeException e) {
        ListenerList.failed(LOG, "retry", name, l, e);
      }
    }
  }

  void add(RetryListener listener) {
    listeners.add(listener);
  }

  boolean remove(RetryListener listener) {
    return listeners.remove(listener);
  }
}
