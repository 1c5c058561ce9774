package dev.levee.timeouts.internal;

import dev.levee.timeouts.Ticker;

/** The one place Levee reads the system's nanosecond clock. */
public enum SystemTicker implements Ticker {
  /** The only instance. */
  INSTANCE;

  @Override
  public long read() {
    return System.nanoTime();
  }
}
