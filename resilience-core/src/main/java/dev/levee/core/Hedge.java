package dev.levee.core;

import dev.levee.common.internal.ListenerList;
import dev.levee.common.internal.LogLimiter;
import dev.levee.common.internal.Require;
import dev.levee.core.internal.HedgeDelay;
import dev.levee.timeouts.ContextSnapshot;
import dev.levee.timeouts.Durations;
import dev.levee.timeouts.Ticker;
import java.lang.reflect.UndeclaredThrowableException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hedged requests, for idempotent calls whose latency has a long tail: when the first attempt has
 * not answered after a delay, a second one is sent; the first success wins and the other attempt is
 * cancelled.
 *
 * <pre>{@code
 * Hedge search = Hedge.of("search", HedgeConfig.builder("search")
 *     .scheduler(Scheduler.of(timers))        // times the second attempts
 *     .build());                              // after the p95 of recent calls, 5 % budget
 * CompletableFuture<Page> page = search.callAsync(() -> client.searchAsync(query));
 * }</pre>
 *
 * <p>Only for calls that may run twice: reads, and writes that are idempotent. The delay is fixed
 * or follows a percentile of recent latencies (see {@link HedgeConfig}); a {@link RetryBudget} caps
 * the second attempts to a share of the calls, so a dependency that slows down as a whole is not
 * sent twice the load (the percentile rises with it, and the budget runs dry).
 *
 * <p>Outcomes. The first attempt to succeed gives the call its result, and the other is cancelled
 * with {@code toCompletableFuture().cancel(true)}: work whose stage is tied to it stops (a {@code
 * java.net.http.HttpClient} exchange, a task on an executor), other work runs to its end and its
 * outcome is dropped. A failure before the second attempt is sent ends the call at once (a hedge is
 * not a retry: put a {@link Retry} around it for that). A failure after it waits for the other
 * attempt; if both fail, the call fails with the first failure, the second added as suppressed.
 * Cancelling the call's future cancels both attempts and the timer. The caller's deadline and MDC
 * travel to the second attempt.
 *
 * <p>Blocking calls ({@link #call}, {@link #get}, {@link #run} and the {@code decorate*} forms) run
 * each attempt on the configured executor, since the caller's thread cannot run the first attempt
 * and return the second's result: the caller waits, the loser is interrupted. That is a thread
 * handoff per call and a second thread per hedged call; an interrupted caller cancels both attempts
 * and gets the {@link InterruptedException}. In a {@link Pipeline}, a hedge applies to asynchronous
 * calls only (see {@link Pipeline.Builder#hedge}).
 *
 * <p>Counters: calls, hedges sent, hedges won, budget refusals; listeners hear the last three.
 * Cost: a call allocates its state (a future, a timer task, the attempts' stages); with a
 * percentile, it reads the ticker when it starts, when it sends a second attempt and when it
 * succeeds. This class is thread-safe.
 */
public final class Hedge extends Policy {
  private static final Logger LOG = LoggerFactory.getLogger(Hedge.class);

  private final String name;
  private final HedgeConfig config;
  private final RetryBudget budget;
  private final Ticker ticker;
  private final HedgeDelay delay;
  private final LongAdder calls = new LongAdder();
  private final LongAdder sent = new LongAdder();
  private final LongAdder won = new LongAdder();
  private final LongAdder refused = new LongAdder();
  private final ListenerList<HedgeListener> listeners = new ListenerList<>(new HedgeListener[0]);
  private final LogLimiter refusalLog = new LogLimiter();
  private final LogLimiter timerLog = new LogLimiter();

  private Hedge(String name, HedgeConfig config) {
    this.name = name;
    this.config = config;
    this.budget =
        config.budget() != null
            ? config.budget()
            : RetryBudget.of(
                name, HedgeConfig.DEFAULT_BUDGET_RATIO, HedgeConfig.DEFAULT_BUDGET_CAPACITY);
    this.ticker = config.ticker();
    this.delay =
        new HedgeDelay(
            config.delay().toNanos(),
            config.percentile(),
            config.window().toNanos(),
            ticker.read());
  }

  /**
   * Creates a hedge.
   *
   * @param name names it in logs, metrics and errors
   * @param config its configuration
   * @return the hedge
   */
  public static Hedge of(String name, HedgeConfig config) {
    Require.notBlank("hedge: name", name);
    return new Hedge(name, Objects.requireNonNull(config, "config"));
  }

  /**
   * A registry of hedges, created on first use from {@code defaults} or named templates.
   *
   * @param defaults the default template
   * @return an empty registry
   */
  public static Registry<Hedge, HedgeConfig> registry(HedgeConfig defaults) {
    return Registry.of("hedge", defaults, Hedge::of);
  }

  /**
   * The hedge's name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * The hedge's configuration.
   *
   * @return the configuration
   */
  public HedgeConfig config() {
    return config;
  }

  /**
   * The budget that caps the second attempts: the configuration's, or this hedge's own.
   *
   * @return the budget
   */
  public RetryBudget budget() {
    return budget;
  }

  /**
   * Starts asynchronous work, and starts it a second time if it has not completed after the delay.
   *
   * @param <T> the result type
   * @param supplier starts the work; called once or twice, the second time on the scheduler's
   *     thread within the caller's deadline and MDC
   * @return the first success, or the failure as described above; cancelling it cancels both
   *     attempts
   */
  public <T> CompletableFuture<T> callAsync(Supplier<? extends CompletionStage<T>> supplier) {
    return callAsync(Objects.requireNonNull(supplier, "supplier"), null);
  }

  /**
   * The call, with each attempt made by {@code around} (a pipeline's inner stages) around the
   * supplier, or by the supplier alone when {@code around} is {@code null}.
   */
  <T> CompletableFuture<T> callAsync(
      Supplier<? extends CompletionStage<T>> supplier,
      Function<Supplier<CompletionStage<T>>, CompletionStage<T>> around) {
    calls.increment();
    budget.onCall();
    long start = delay.measures() ? ticker.read() : 0;
    return new HedgeCall<>(this, supplier, around, start, delay.nanos()).start();
  }

  /** Runs the task on the executor, hedged, and waits for the outcome. */
  @Override
  Object execute(Object task, int kind) throws Exception {
    Executor executor = config.executor();
    if (executor == null) {
      throw new IllegalStateException(
          "hedge \"" + name + "\": blocking calls need an executor (HedgeConfig.Builder.executor)");
    }
    ContextSnapshot context = ContextSnapshot.capture();
    CompletableFuture<Object> outcome =
        callAsync(() -> new BlockingAttempt(executor, context, task, kind), null);
    try {
      return outcome.get();
    } catch (InterruptedException interrupted) {
      outcome.cancel(true);
      Thread.currentThread().interrupt();
      throw interrupted;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception) {
        throw (Exception) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw new UndeclaredThrowableException(cause);
    }
  }

  /**
   * The delay before a second attempt now: the percentile of recent latencies, or the configured
   * delay.
   *
   * @return the delay
   */
  public Duration currentDelay() {
    return Duration.ofNanos(delay.nanos());
  }

  /**
   * Calls made since the hedge was created.
   *
   * @return the count
   */
  public long callCount() {
    return calls.sum();
  }

  /**
   * Second attempts sent.
   *
   * @return the count
   */
  public long hedgeCount() {
    return sent.sum();
  }

  /**
   * Calls whose second attempt succeeded first.
   *
   * @return the count
   */
  public long hedgeWonCount() {
    return won.sum();
  }

  /**
   * Second attempts that were due but refused by the budget.
   *
   * @return the count
   */
  public long budgetExhaustedCount() {
    return refused.sum();
  }

  /**
   * Adds a listener.
   *
   * @param listener the listener
   */
  public void addListener(HedgeListener listener) {
    listeners.add(listener);
  }

  /**
   * Removes a listener.
   *
   * @param listener the listener
   * @return whether it was registered
   */
  public boolean removeListener(HedgeListener listener) {
    return listeners.remove(listener);
  }

  // ---- what a call reports ------------------------------------------------------------------

  /** A second attempt is due: takes a token from the budget, or counts and reports the refusal. */
  boolean tryHedge() {
    if (budget.tryRetry()) {
      return true;
    }
    refused.increment();
    for (HedgeListener l : listeners.snapshot()) {
      try {
        l.onBudgetExhausted(name);
      } catch (RuntimeException e) {
        ListenerList.failed(LOG, "hedge", name, l, e);
      }
    }
    long suppressed = refusalLog.admit(ticker.read());
    if (suppressed >= 0) {
      LOG.atInfo()
          .addKeyValue("component", "hedge")
          .addKeyValue("name", name)
          .addKeyValue("suppressed", suppressed)
          .log(
              "hedge \"{}\": budget exhausted, a second attempt was not sent ({} similar lines"
                  + " suppressed in the last second)",
              name,
              suppressed);
    }
    return false;
  }

  void sent(long delayNanos) {
    sent.increment();
    for (HedgeListener l : listeners.snapshot()) {
      try {
        l.onHedgeSent(name, delayNanos);
      } catch (RuntimeException e) {
        ListenerList.failed(LOG, "hedge", name, l, e);
      }
    }
  }

  /**
   * The ticker's reading for an attempt that starts now, if the delay follows a percentile; else
   * {@code otherwise} (no reading needed).
   */
  long startReading(long otherwise) {
    return delay.measures() ? ticker.read() : otherwise;
  }

  /**
   * A call succeeded: times the winning attempt from its own start for the percentile, and counts a
   * second attempt's win. Timing the attempt rather than the call keeps the delay out of what it
   * measures: a call's latency includes the delay whenever a hedge won, so a percentile of calls
   * would feed on itself and creep up.
   */
  void succeeded(boolean second, long start) {
    if (delay.measures()) {
      long now = ticker.read();
      delay.record(now - start, now);
    }
    if (second) {
      won.increment();
      for (HedgeListener l : listeners.snapshot()) {
        try {
          l.onHedgeWon(name);
        } catch (RuntimeException e) {
          ListenerList.failed(LOG, "hedge", name, l, e);
        }
      }
    }
  }

  /** The scheduler refused the timer (it was shut down): the call goes on without a hedge. */
  void timerRefused(RuntimeException refusal) {
    long suppressed = timerLog.admit(ticker.read());
    if (suppressed >= 0) {
      LOG.atWarn()
          .addKeyValue("component", "hedge")
          .addKeyValue("name", name)
          .addKeyValue("error", refusal.toString())
          .addKeyValue("suppressed", suppressed)
          .log(
              "hedge \"{}\": the scheduler refused the timer, calls are not hedged ({} similar"
                  + " lines suppressed in the last second)",
              name,
              suppressed);
    }
  }

  @Override
  public String toString() {
    return "Hedge[" + name + ", delay " + Durations.format(currentDelay()) + "]";
  }
}
