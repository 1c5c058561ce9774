package dev.levee.timeouts;

import dev.levee.common.internal.LeveeThreadFactory;
import dev.levee.common.internal.Require;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

/**
 * A {@link Ticker} that reads a cached value, refreshed by one daemon thread every {@code
 * resolution}: reading it costs a volatile read instead of a clock call (tens of nanoseconds on
 * virtual machines). Opt-in, for hot paths that time every call (slow-call detection) or check the
 * clock on every rejection (an open circuit breaker), where a resolution of a millisecond is
 * plenty.
 *
 * <p>Trade-off: every reading may be up to one resolution (plus scheduling delay) behind, so
 * durations measured with it are coarse, and a breaker using it may stay open up to that much
 * longer. Starts one thread named {@code levee-coarse-ticker-<n>}; {@link #close()} stops it, after
 * which the ticker stops advancing. This class is thread-safe.
 */
public final class CoarseTicker implements Ticker, AutoCloseable {
  /** The finest resolution accepted. */
  public static final Duration MIN_RESOLUTION = Duration.ofNanos(100_000);

  private final Ticker source;
  private final long resolutionNanos;
  private final Thread thread;
  private volatile long now;
  private volatile boolean running = true;

  private CoarseTicker(Ticker source, Duration resolution) {
    this.source = source;
    this.resolutionNanos = resolution.toNanos();
    this.now = source.read();
    this.thread = new LeveeThreadFactory("coarse", "ticker").newThread(this::refresh);
    thread.start();
  }

  /**
   * Starts a coarse ticker over the system ticker.
   *
   * @param resolution how often the cached value is refreshed; at least {@link #MIN_RESOLUTION}
   * @return the running ticker; close it when done
   * @throws IllegalArgumentException if the resolution is finer than {@link #MIN_RESOLUTION}
   */
  public static CoarseTicker start(Duration resolution) {
    return start(resolution, Ticker.system());
  }

  /**
   * Starts a coarse ticker over {@code source}.
   *
   * @param resolution how often the cached value is refreshed; at least {@link #MIN_RESOLUTION}
   * @param source the ticker sampled
   * @return the running ticker; close it when done
   * @throws IllegalArgumentException if the resolution is finer than {@link #MIN_RESOLUTION}
   */
  public static CoarseTicker start(Duration resolution, Ticker source) {
    Require.atLeast("coarseTicker: resolution", resolution, MIN_RESOLUTION);
    Objects.requireNonNull(source, "source");
    return new CoarseTicker(source, resolution);
  }

  @Override
  public long read() {
    return now;
  }

  /**
   * The source's base: a coarse ticker's readings are its source's, sampled.
   *
   * @return the source's time base
   */
  @Override
  public Ticker timeBase() {
    return source.timeBase();
  }

  private void refresh() {
    while (running) {
      now = source.read();
      LockSupport.parkNanos(resolutionNanos);
    }
  }

  /** Stops the refreshing thread and waits for it to end. */
  @Override
  public void close() {
    running = false;
    LockSupport.unpark(thread);
    try {
      thread.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
