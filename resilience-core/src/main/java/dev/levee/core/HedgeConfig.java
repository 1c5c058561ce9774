package dev.levee.core;

import dev.levee.core.internal.Rules;
import dev.levee.timeouts.Scheduler;
import dev.levee.timeouts.Ticker;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * How a {@link Hedge} behaves: when it sends the second attempt, what caps the extra load, and
 * where its timers and blocking attempts run. Build it with {@link #builder(String)}; setters check
 * their value at once: {@code hedge "search": percentile must be 0 or in [50,99.9], was 20.0}.
 *
 * <p>The delay before the second attempt is the {@code percentile} (95 by default) of the latencies
 * of the hedge's recent successful attempts, each timed from its own start (an attempt cancelled
 * because the other won is not counted; the call's latency is not used, since it includes the delay
 * whenever a hedge won and would make the delay creep up). It follows the dependency as it speeds
 * up or slows down; until 100 latencies are known (in the last one to two {@code window}s), and
 * always when {@code percentile} is 0, it is {@code delay} (100 ms by default). A percentile of 95
 * sends a second attempt for about one call in twenty: the "hedged requests" of Dean and Barroso,
 * The Tail at Scale (CACM 2013).
 *
 * <p>The extra load is capped by a {@link RetryBudget}: each call deposits its {@code ratio}, each
 * second attempt takes a whole token, and one that finds none is not sent. Without a budget set,
 * each hedge built from this configuration gets one of its own, of ratio {@value
 * #DEFAULT_BUDGET_RATIO} and capacity {@value #DEFAULT_BUDGET_CAPACITY}: hedges add at most 5 % to
 * the calls, plus a burst of 10. A budget set here is shared, like every object a configuration
 * holds, by every hedge built from it (and by whatever else it is given to, a {@link Retry} say:
 * then hedges and retries together stay within it).
 *
 * <p>A scheduler is required (it times the second attempts); an executor only for the blocking
 * calls ({@link Hedge#call}), which run each attempt on it. Both stay the caller's to shut down.
 *
 * <p>This class is immutable and thread-safe. It is a class rather than a record so that options
 * can be added without breaking callers: build it with {@link #builder(String)} or {@link
 * #toBuilder(String)}. Two configurations are equal when their values are equal and they hold the
 * same objects.
 */
public final class HedgeConfig {
  /** The share of calls a default budget lets hedges add. */
  public static final double DEFAULT_BUDGET_RATIO = 0.05;

  /** The burst of hedges a default budget allows. */
  public static final int DEFAULT_BUDGET_CAPACITY = 10;

  private final String label;
  private final Duration delay;
  private final double percentile;
  private final Duration window;
  private final RetryBudget budget;
  private final Scheduler scheduler;
  private final Executor executor;
  private final Ticker ticker;

  private HedgeConfig(Builder b) {
    label = b.label;
    delay = b.delay;
    percentile = b.percentile;
    window = b.window;
    budget = b.budget;
    scheduler = b.rules.set("scheduler", b.scheduler);
    executor = b.executor;
    ticker = b.ticker;
  }

  /**
   * The label that names this configuration in validation messages.
   *
   * @return the label
   */
  public String label() {
    return label;
  }

  /**
   * The delay before the second attempt when it is fixed ({@link #percentile()} 0), or until enough
   * latencies are known.
   *
   * @return the delay, at least 0, at most an hour
   */
  public Duration delay() {
    return delay;
  }

  /**
   * The percentile of recent latencies after which the second attempt is sent, or 0 for a fixed
   * {@link #delay()}.
   *
   * @return 0, or a value in [50, 99.9]
   */
  public double percentile() {
    return percentile;
  }

  /**
   * How long a latency counts towards the percentile: the histogram keeps the last one to two
   * windows.
   *
   * @return the window, in [1s, 1h]
   */
  public Duration window() {
    return window;
  }

  /**
   * The budget shared by the hedges built from this configuration.
   *
   * @return the budget, or {@code null}: each hedge then has one of its own
   */
  public RetryBudget budget() {
    return budget;
  }

  /**
   * What times the second attempts; the caller's to shut down.
   *
   * @return the scheduler
   */
  public Scheduler scheduler() {
    return scheduler;
  }

  /**
   * Where the attempts of blocking calls run; the caller's to shut down.
   *
   * @return the executor, or {@code null} (then only {@link Hedge#callAsync} is available)
   */
  public Executor executor() {
    return executor;
  }

  /**
   * What measures latencies (read at the start and the end of each call, and only when the delay
   * follows a percentile).
   *
   * @return the ticker
   */
  public Ticker ticker() {
    return ticker;
  }

  /**
   * Starts a configuration with the defaults: the 95th percentile, 100 ms until it is known, a
   * window of 10 s, a budget of 5 % per hedge. A scheduler must be set.
   *
   * @param label names the configuration in validation messages
   * @return a builder
   */
  public static Builder builder(String label) {
    return new Builder(Objects.requireNonNull(label, "label"));
  }

  /**
   * A builder holding this configuration's values and the same objects.
   *
   * @param label the new configuration's label
   * @return a builder
   */
  public Builder toBuilder(String label) {
    Builder b = new Builder(Objects.requireNonNull(label, "label"));
    b.delay = delay;
    b.percentile = percentile;
    b.window = window;
    b.budget = budget;
    b.scheduler = scheduler;
    b.executor = executor;
    b.ticker = ticker;
    return b;
  }

  /**
   * Whether {@code other} holds equal values and the same objects (each compared with its own
   * {@code equals}: identity for a budget, a scheduler and an executor).
   *
   * @param other the object to compare with
   * @return {@code true} if equal
   */
  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof HedgeConfig)) {
      return false;
    }
    HedgeConfig o = (HedgeConfig) other;
    return label.equals(o.label)
        && delay.equals(o.delay)
        && Double.compare(percentile, o.percentile) == 0
        && window.equals(o.window)
        && Objects.equals(budget, o.budget)
        && scheduler.equals(o.scheduler)
        && Objects.equals(executor, o.executor)
        && ticker.equals(o.ticker);
  }

  @Override
  public int hashCode() {
    return Objects.hash(label, delay, percentile, window, budget, scheduler, executor, ticker);
  }

  @Override
  public String toString() {
    return "HedgeConfig[label="
        + label
        + ", delay="
        + delay
        + ", percentile="
        + percentile
        + ", window="
        + window
        + ", budget="
        + budget
        + ", scheduler="
        + scheduler
        + ", executor="
        + executor
        + ", ticker="
        + ticker
        + "]";
  }

  /**
   * Builds a {@link HedgeConfig}. Setters check their value at once; {@link #build()} that a
   * scheduler is set. Not thread-safe; a built configuration never changes.
   */
  public static final class Builder {
    private final String label;
    private final Rules rules;
    private Duration delay = Duration.ofMillis(100);
    private double percentile = 95;
    private Duration window = Duration.ofSeconds(10);
    private RetryBudget budget;
    private Scheduler scheduler;
    private Executor executor;
    private Ticker ticker = Ticker.system();

    private Builder(String label) {
      this.label = label;
      this.rules = new Rules("hedge", label);
    }

    /**
     * Sets the delay before the second attempt: always, with a {@link #percentile(double)} of 0;
     * otherwise until enough latencies are known (default 100 ms).
     *
     * @param delay at least 0, at most an hour
     * @return this builder
     */
    public Builder delay(Duration delay) {
      rules.set("delay", delay);
      rules.check(
          !delay.isNegative() && delay.compareTo(Duration.ofHours(1)) <= 0,
          "delay must be in [0, 1h]",
          Rules.show(delay));
      this.delay = delay;
      return this;
    }

    /**
     * Sets the percentile of recent latencies after which the second attempt is sent (default 95),
     * or 0 to send it after a fixed {@link #delay(Duration)}. Below 50 a hedge would double most
     * calls (the budget would refuse most of them); at 99.9 it waits for the slowest calls only.
     *
     * @param percentile 0, or in [50, 99.9]
     * @return this builder
     */
    public Builder percentile(double percentile) {
      rules.check(
          percentile == 0 || (percentile >= 50 && percentile <= 99.9),
          "percentile must be 0 or in [50,99.9]",
          percentile);
      this.percentile = percentile;
      return this;
    }

    /**
     * Sets how long a latency counts towards the percentile (default 10 s): the histogram keeps the
     * last one to two windows, so the delay follows a change in the dependency within two.
     *
     * @param window in [1s, 1h]
     * @return this builder
     */
    public Builder window(Duration window) {
      rules.set("window", window);
      rules.check(
          window.compareTo(Duration.ofSeconds(1)) >= 0
              && window.compareTo(Duration.ofHours(1)) <= 0,
          "window must be in [1s, 1h]",
          Rules.show(window));
      this.window = window;
      return this;
    }

    /**
     * Caps the second attempts with a budget shared by every hedge built from this configuration
     * (default: a budget of 5 % for each hedge).
     *
     * @param budget the budget
     * @return this builder
     */
    public Builder budget(RetryBudget budget) {
      this.budget = Objects.requireNonNull(budget, "budget");
      return this;
    }

    /**
     * Sets what times the second attempts (required).
     *
     * @param scheduler the scheduler
     * @return this builder
     */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /**
     * Sets where the attempts of blocking calls run (needed by {@link Hedge#call} and the other
     * blocking shapes only).
     *
     * @param executor the executor
     * @return this builder
     */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Sets the ticker that times calls for the percentile.
     *
     * @param ticker the ticker
     * @return this builder
     */
    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @return the configuration
     * @throws NullPointerException if no scheduler is set
     */
    public HedgeConfig build() {
      return new HedgeConfig(this);
    }
  }
}
