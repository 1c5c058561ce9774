package dev.levee.metrics;

import dev.levee.common.internal.Require;
import dev.levee.core.BulkheadFullException;
import dev.levee.core.CallNotPermittedException;
import dev.levee.core.CallObserver;
import dev.levee.core.Pipeline;
import dev.levee.core.RequestNotPermittedException;
import dev.levee.timeouts.Ticker;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The opt-in per-call latency timer of a {@link Pipeline}: how long callers waited, retries and
 * their waits included. Prometheus name {@code pipeline_calls_seconds{name,result}} (count, sum and
 * max; with {@link Builder#histogram(boolean)} also buckets), result one of {@code successful},
 * {@code failed}, {@code rejected} (a breaker, limiter, throttle or bulkhead refused the call, so
 * its time says nothing about the dependency).
 *
 * <pre>{@code
 * PipelineTimer timer = PipelineTimer.create("orders");
 * Pipeline orders = Pipeline.builder("orders").retry(retry).circuitBreaker(breaker)
 *     .observer(timer).build();
 * LeveeMetrics.builder().pipelineTimer(timer).build().bindTo(prometheus);
 * }</pre>
 *
 * <p>Cost: the only Levee meter that adds work to a call: two ticker reads and one {@link
 * Timer#record(long, TimeUnit)}, measured by {@code MetricsBenchmark} ({@code Timed}). Until it is
 * bound to a meter registry it records nothing and reads no ticker. It binds to one meter registry
 * (a {@code CompositeMeterRegistry} fans out to several). Thread-safe.
 */
public final class PipelineTimer implements CallObserver, MeterBinder {
  private static final long UNBOUND = Long.MIN_VALUE;
  private static final String[] RESULTS = {"successful", "failed", "rejected"};

  private final String name;
  private final Ticker ticker;
  private final boolean histogram;
  private final ReentrantLock binding = new ReentrantLock(); // orders binds; no call takes it
  private volatile Timer[] timers; // successful, failed, rejected; null until bound

  private PipelineTimer(Builder b) {
    this.name = b.name;
    this.ticker = b.ticker;
    this.histogram = b.histogram;
  }

  /**
   * A timer with the defaults: the system ticker, no histogram buckets.
   *
   * @param name the pipeline's name, the {@code name} tag
   * @return the timer, not yet bound
   */
  public static PipelineTimer create(String name) {
    return builder(name).build();
  }

  /**
   * Starts a timer.
   *
   * @param name the pipeline's name, the {@code name} tag
   * @return a builder
   */
  public static Builder builder(String name) {
    Require.notBlank("pipelineTimer: name", name);
    return new Builder(name);
  }

  /**
   * The name tag.
   *
   * @return the pipeline's name
   */
  public String name() {
    return name;
  }

  @Override
  public long onStart() {
    return timers == null ? UNBOUND : ticker.read();
  }

  @Override
  public void onEnd(long token, Throwable failure) {
    Timer[] t = timers;
    if (t == null || token == UNBOUND) {
      return;
    }
    long elapsed = ticker.read() - token;
    int result = failure == null ? 0 : isRejection(failure) ? 2 : 1;
    t[result].record(Math.max(0, elapsed), TimeUnit.NANOSECONDS);
  }

  /**
   * Registers the timers unprefixed ({@link LeveeMetrics.Builder#pipelineTimer} applies the prefix
   * and renames). A bind that fails leaves none of the timer's meters registered, and the timer can
   * be bound again.
   *
   * @param registry the meter registry
   * @throws IllegalStateException if the timer is already bound
   */
  @Override
  public void bindTo(MeterRegistry registry) {
    bind(registry, Function.identity());
  }

  void bind(MeterRegistry registry, Function<String, String> naming) {
    Objects.requireNonNull(registry, "registry");
    binding.lock();
    try {
      if (timers != null) {
        throw new IllegalStateException(
            "metrics: pipeline timer \""
                + name
                + "\" is already bound to a meter registry; bind it once (a"
                + " CompositeMeterRegistry fans out to several)");
      }
      String meter = naming.apply("pipeline.calls");
      // Marked bound only once all three are registered: a failed bind (a clashing meter, a
      // registry refusing the name) must leave the timer bindable elsewhere and nothing behind.
      Set<Meter> before = Collections.newSetFromMap(new IdentityHashMap<>());
      before.addAll(registry.getMeters());
      Timer[] made = new Timer[RESULTS.length];
      try {
        for (int i = 0; i < RESULTS.length; i++) {
          made[i] = timer(registry, meter, RESULTS[i]);
        }
      } catch (RuntimeException e) {
        for (Timer t : made) {
          if (t != null && !before.contains(t)) { // only what this bind created
            registry.remove(t);
          }
        }
        throw e;
      }
      timers = made;
    } finally {
      binding.unlock();
    }
  }

  private Timer timer(MeterRegistry registry, String meter, String result) {
    return Timer.builder(meter)
        .description("Calls through the pipeline by result, retries and waits included")
        .tag("name", name)
        .tag("result", result)
        .publishPercentileHistogram(histogram)
        .register(registry);
  }

  private static boolean isRejection(Throwable failure) {
    return failure instanceof CallNotPermittedException
        || failure instanceof RequestNotPermittedException
        || failure instanceof BulkheadFullException;
  }

  @Override
  public String toString() {
    return "PipelineTimer[" + name + (timers == null ? ", unbound]" : "]");
  }

  /** Builds a {@link PipelineTimer}. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private Ticker ticker = Ticker.system();
    private boolean histogram;

    private Builder(String name) {
      this.name = name;
    }

    /**
     * Sets the ticker the calls are timed on (a manual one in tests).
     *
     * @param ticker the ticker
     * @return this builder
     */
    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /**
     * Publishes histogram buckets as well (for {@code histogram_quantile}; about 70 more series per
     * result).
     *
     * @param histogram whether to publish buckets
     * @return this builder
     */
    public Builder histogram(boolean histogram) {
      this.histogram = histogram;
      return this;
    }

    /**
     * Builds the timer, not yet bound.
     *
     * @return the timer
     */
    public PipelineTimer build() {
      return new PipelineTimer(this);
    }
  }
}
