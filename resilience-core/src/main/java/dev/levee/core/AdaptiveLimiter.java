package dev.levee.core;

import dev.levee.common.internal.ListenerList;
import dev.levee.common.internal.LogLimiter;
import dev.levee.common.internal.Require;
import dev.levee.core.internal.LimitAlgorithm;
import dev.levee.core.internal.LimitController;
import dev.levee.core.internal.Rejections;
import dev.levee.core.internal.SampleWindow;
import dev.levee.core.internal.StripedCounter;
import dev.levee.core.internal.Tasks;
import dev.levee.core.internal.WindowStats;
import dev.levee.errors.ErrorClassifier;
import dev.levee.timeouts.OperationTimeoutException;
import dev.levee.timeouts.Ticker;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A concurrency limit that finds a dependency's capacity by itself, from the latency of the calls
 * it lets through: it grows while calls come back as fast as the dependency answers unloaded, and
 * shrinks when they slow down (a queue is forming) or are dropped (refused or timed out). A call
 * beyond the limit is rejected at once with a stack-free TRANSIENT {@link
 * ConcurrencyLimitExceededException}; nothing waits.
 *
 * <pre>{@code
 * AdaptiveLimiter db = AdaptiveLimiter.of("db", AdaptiveLimiterConfig.builder("db").build());
 * Row row = db.call(() -> repository.load(id));      // acquire, call, record the outcome
 *
 * long permit = db.tryAcquire();                      // or by hand, allocation-free
 * if (permit == AdaptiveLimiter.REJECTED) {
 *   return overloaded();
 * }
 * try {
 *   Row r = repository.load(id);
 *   db.onSuccess(permit);
 *   return r;
 * } catch (RuntimeException e) {
 *   db.onFailure(permit, e);
 *   throw e;
 * }
 * }</pre>
 *
 * <p><b>When to use it rather than a {@link Bulkhead}.</b> A bulkhead needs someone to know the
 * dependency's capacity, and that capacity changes: the database stalls, a node fails over, the
 * dependency's own dependencies slow down. The adaptive limiter measures it continuously. Use a
 * bulkhead where the capacity is a known, fixed resource (a pool of 20 connections); use this where
 * it is not, or both: the bulkhead as a hard ceiling, the limiter inside it.
 *
 * <p><b>How it decides.</b> Each ended call is a sample of its round-trip time (RTT); the samples
 * of at least {@link AdaptiveLimiterConfig#sampleWindow()} and {@link
 * AdaptiveLimiterConfig#minSamples()} calls make a window, and at the end of each window the
 * {@linkplain AdaptiveLimiterConfig.Algorithm algorithm} compares their average RTT with the
 * baseline, the least RTT seen (the no-load latency), and proposes a limit; {@link
 * AdaptiveLimiterConfig#smoothing()} of the change is applied and the result kept within [{@link
 * AdaptiveLimiterConfig#minLimit()}, {@link AdaptiveLimiterConfig#maxLimit()}]. The baseline only
 * falls by itself; when no window has seen it again for {@link
 * AdaptiveLimiterConfig#baselineRefresh()}, the limiter halves its limit for one window so that the
 * dependency's queue drains, and measures the baseline afresh (so a dependency that became slower
 * for good is not taken as a permanently queued one).
 *
 * <p><b>Outcomes.</b> Every permit must be given back exactly once: {@link #onSuccess(long)} (a
 * sample), {@link #onDropped(long)} (the dependency refused the call or it timed out: the strongest
 * signal to back off), {@link #onIgnored(long)} (no sample: the call said nothing about the
 * dependency), or {@link #onFailure(long, Throwable)}, which picks one of these. A permit never
 * given back holds its place for good: after enough of them, the limiter rejects every call.
 *
 * <p><b>Cost.</b> Acquiring is a volatile read of the limit and one CAS on the count in flight;
 * giving back is one atomic decrement. A timed call adds one ticker read at each end and the
 * sample's record (plain stores into the thread's own stripe, and two reads that only write when a
 * sample sets a new minimum or peak). Every call is timed while windows see few samples; when they
 * see more than 16 times {@link AdaptiveLimiterConfig#minSamples()}, the limiter times every second
 * call, then every fourth, down to one in eight (and back as the rate falls): a window of a busy
 * dependency still averages hundreds of samples, and most calls read no clock. Drops and rejections
 * are always counted. Nothing is allocated and nothing locks: the thread whose sample ends a window
 * wins a CAS and computes the next limit, while the others carry on. The rejection path reads the
 * ticker once more, for its log line, printed at most once a second with a count of those
 * suppressed. This class is thread-safe.
 */
public final class AdaptiveLimiter extends Policy {
  /**
   * What {@link #tryAcquire()} returns for a rejected call: {@link Long#MIN_VALUE}. A permit is the
   * ticker's reading when the call started (or, for a call that is not timed, {@code Long.MIN_VALUE
   * + 1}); a reading of either value is moved up, so no permit is ever mistaken for a rejection.
   */
  public static final long REJECTED = Long.MIN_VALUE;

  /**
   * The permit of a call that is not timed (see the class comment): it holds a place and records
   * its outcome's kind, but not its round-trip time.
   */
  private static final long UNTIMED = Long.MIN_VALUE + 1;

  /** At high rates, 1 call in {@code MAX_SAMPLE_MASK + 1} is timed, at least. */
  private static final int MAX_SAMPLE_MASK = 7;

  private static final Logger LOG = LoggerFactory.getLogger(AdaptiveLimiter.class);
  private static final VarHandle IN_FLIGHT;

  static {
    try {
      IN_FLIGHT =
          MethodHandles.lookup().findVarHandle(AdaptiveLimiter.class, "inFlight", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  // The two words every acquire reads, side by side.
  private volatile int limit;

  @SuppressWarnings("unused") // through IN_FLIGHT
  private volatile int inFlight;

  // Counts admitted calls, racily (a lost update only shifts which call is timed); written right
  // after the CAS on inFlight, whose cache line the thread then owns.
  private int admitted;

  // Which calls are timed: those whose admission count has these bits clear. Set by the window's
  // closer from the samples it saw; 0 (every call) until windows see many more than they need.
  private volatile int sampleMask;

  private final String name;
  private final AdaptiveLimiterConfig config;
  private final Ticker ticker;
  private final ErrorClassifier classifier;
  private final int minSamples;
  private final long windowNanos;
  private final SampleWindow window;
  private final WindowStats stats = new WindowStats();
  private final LimitController controller;
  private final StripedCounter rejected = new StripedCounter();
  private final StripedCounter dropped = new StripedCounter();
  private final LogLimiter rejectionLog = new LogLimiter();
  private final ListenerList<RejectionListener> listeners =
      new ListenerList<>(new RejectionListener[0]);
  private final ConcurrencyLimitExceededException rejection;

  private AdaptiveLimiter(String name, AdaptiveLimiterConfig config) {
    this.name = name;
    this.config = config;
    this.ticker = config.ticker();
    this.classifier = config.classifier();
    this.minSamples = config.minSamples();
    this.windowNanos = config.sampleWindow().toNanos();
    this.controller =
        new LimitController(
            LimitAlgorithm.of(config.algorithm()),
            config.initialLimit(),
            config.minLimit(),
            config.maxLimit(),
            config.smoothing(),
            windowNanos,
            config.baselineRefresh().toNanos());
    this.limit = controller.limit();
    this.window = new SampleWindow(ticker.read(), windowNanos);
    this.rejection = new ConcurrencyLimitExceededException(name, config.clock().instant());
  }

  /**
   * Creates a limiter.
   *
   * @param name names it in logs, metrics and errors
   * @param config its configuration
   * @return the limiter
   * @throws IllegalArgumentException if the name is blank
   */
  public static AdaptiveLimiter of(String name, AdaptiveLimiterConfig config) {
    Require.notBlank("adaptiveLimiter: name", name);
    return new AdaptiveLimiter(name, Objects.requireNonNull(config, "config"));
  }

  /**
   * A registry of limiters, created on first use from {@code defaults} or named templates.
   *
   * @param defaults the default template
   * @return an empty registry
   */
  public static Registry<AdaptiveLimiter, AdaptiveLimiterConfig> registry(
      AdaptiveLimiterConfig defaults) {
    return Registry.of("adaptiveLimiter", defaults, AdaptiveLimiter::of);
  }

  /**
   * The limiter's name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * The limiter's configuration.
   *
   * @return the configuration
   */
  public AdaptiveLimiterConfig config() {
    return config;
  }

  /**
   * Takes a place if fewer calls than the limit are in flight; never waits.
   *
   * @return a permit to give back once with {@code onSuccess}, {@code onDropped}, {@code onIgnored}
   *     or {@code onFailure}; or {@link #REJECTED}
   */
  public long tryAcquire() {
    return acquire(limit);
  }

  /**
   * Takes a place if fewer calls than {@code max(1, floor(limit × share))} are in flight: for
   * callers with priorities, which shed the less important calls first by giving them a share below
   * 1 (critical calls use 1, as {@link #tryAcquire()} does).
   *
   * @param share the part of the limit this call may use, in (0, 1]
   * @return a permit, or {@link #REJECTED}
   * @throws IllegalArgumentException if {@code share} is not in (0, 1]
   */
  public long tryAcquire(double share) {
    if (!(share > 0 && share <= 1)) {
      throw new IllegalArgumentException(
          "adaptiveLimiter \"" + name + "\": share must be in (0,1], was " + share);
    }
    return acquire(Math.max(1, (int) (limit * share)));
  }

  private long acquire(int allowed) {
    int n = inFlight;
    while (n < allowed) {
      int witness = (int) IN_FLIGHT.compareAndExchange(this, n, n + 1);
      if (witness == n) {
        if ((admitted++ & sampleMask) != 0) {
          return UNTIMED;
        }
        long start = ticker.read();
        return start <= UNTIMED ? UNTIMED + 1 : start;
      }
      n = witness;
    }
    rejected();
    return REJECTED;
  }

  /**
   * Gives a permit back after the call succeeded: a sample of its round-trip time.
   *
   * @param permit from {@code tryAcquire}
   * @throws IllegalArgumentException if {@code permit} is {@link #REJECTED}
   * @throws IllegalStateException if no permit is out (given back more often than taken)
   */
  public void onSuccess(long permit) {
    ended(permit, false);
  }

  /**
   * Gives a permit back after the dependency refused the call or it timed out: a drop, which every
   * algorithm answers by lowering the limit.
   *
   * @param permit from {@code tryAcquire}
   * @throws IllegalArgumentException if {@code permit} is {@link #REJECTED}
   * @throws IllegalStateException if no permit is out
   */
  public void onDropped(long permit) {
    ended(permit, true);
  }

  /**
   * Gives a permit back without a sample: the call says nothing about the dependency's load (it was
   * cancelled, or failed on the caller's side before it reached the dependency).
   *
   * @param permit from {@code tryAcquire}
   * @throws IllegalArgumentException if {@code permit} is {@link #REJECTED}
   * @throws IllegalStateException if no permit is out
   */
  public void onIgnored(long permit) {
    checkPermit(permit);
    release();
  }

  /**
   * Gives a permit back after the call failed, as what the failure says about the dependency:
   *
   * <ul>
   *   <li>a time-out ({@link OperationTimeoutException}, {@link TimeoutException}), whatever its
   *       category: a drop. The dependency did not answer in time, which is what the algorithms
   *       back off from, and its RTT would only say how long the caller was willing to wait.
   *   <li>{@link dev.levee.errors.ErrorCategory#TRANSIENT} (overloaded, rate limited, unavailable):
   *       a drop. The dependency refused the work for lack of capacity.
   *   <li>{@link dev.levee.errors.ErrorCategory#RETRIABLE} and {@link
   *       dev.levee.errors.ErrorCategory#FATAL}: a sample, as a success. The dependency did the
   *       work of answering, and how long it took is as true a measure of its load as a success's.
   *   <li>{@link dev.levee.errors.ErrorCategory#INVALID_INPUT}, a {@link CancellationException} or
   *       an {@link InterruptedException}: ignored. The caller's own mistake or change of mind says
   *       nothing about the dependency, and such calls often end early: as samples they would make
   *       the dependency look faster than it is.
   * </ul>
   *
   * @param permit from {@code tryAcquire}
   * @param failure what the call threw; classified by the configured {@link ErrorClassifier}
   * @throws IllegalArgumentException if {@code permit} is {@link #REJECTED}
   * @throws IllegalStateException if no permit is out
   */
  public void onFailure(long permit, Throwable failure) {
    Objects.requireNonNull(failure, "failure");
    if (failure instanceof OperationTimeoutException || failure instanceof TimeoutException) {
      onDropped(permit);
      return;
    }
    if (failure instanceof CancellationException || failure instanceof InterruptedException) {
      onIgnored(permit);
      return;
    }
    switch (classifier.classify(failure)) {
      case TRANSIENT:
        onDropped(permit);
        break;
      case INVALID_INPUT:
        onIgnored(permit);
        break;
      default:
        onSuccess(permit);
    }
  }

  private void ended(long permit, boolean drop) {
    checkPermit(permit);
    if (drop) {
      dropped.increment(); // before the release: the window that closes next sees it
    }
    if (permit == UNTIMED) {
      release();
      return;
    }
    long now = ticker.read();
    int wasInFlight = release();
    if (window.record(now - permit, wasInFlight, now) && window.tryLock()) {
      try {
        closeWindow(now);
      } finally {
        window.unlock();
      }
    }
  }

  private void closeWindow(long now) {
    if (!window.close(now, minSamples, rejected.sum(), dropped.sum(), windowNanos, stats)) {
      return;
    }
    sampleMask = nextSampleMask(sampleMask, stats.samples);
    int next = controller.onWindow(stats);
    long length = controller.nextWindowNanos();
    if (length != windowNanos) {
      window.dueAt(now + length);
    }
    int before = limit;
    if (next != before) {
      limit = next;
      if (LOG.isDebugEnabled()) {
        LOG.atDebug()
            .addKeyValue("component", "adaptive_limiter")
            .addKeyValue("name", name)
            .addKeyValue("from", before)
            .addKeyValue("to", next)
            .addKeyValue("rtt_ms", stats.averageRttNanos() / 1e6)
            .addKeyValue("baseline_ms", controller.baselineNanos() / 1e6)
            .addKeyValue("probing", controller.probing())
            .log("adaptive limiter \"{}\": limit {} -> {}", name, before, next);
      }
    }
  }

  /**
   * Times fewer calls when windows see far more samples than they need (16 times {@code
   * minSamples}), more when they see few (under 4 times): a window then still has plenty to
   * average, and a fast, busy dependency costs most calls no clock read at all.
   */
  private int nextSampleMask(int mask, long samples) {
    if (samples > 16L * minSamples && mask < MAX_SAMPLE_MASK) {
      return mask * 2 + 1;
    }
    if (samples < 4L * minSamples && mask > 0) {
      return mask >>> 1;
    }
    return mask;
  }

  private void checkPermit(long permit) {
    if (permit == REJECTED) {
      throw new IllegalArgumentException(
          "adaptiveLimiter \""
              + name
              + "\": REJECTED is not a permit: there is nothing to give back");
    }
  }

  private int release() {
    int was = (int) IN_FLIGHT.getAndAdd(this, -1);
    if (was <= 0) {
      IN_FLIGHT.getAndAdd(this, 1);
      throw new IllegalStateException(
          "adaptiveLimiter \""
              + name
              + "\": a permit given back with none out (give each permit back once)");
    }
    return was;
  }

  /**
   * Runs the task in a place ({@link ConcurrencyLimitExceededException} if none is free), and
   * records its outcome as {@link #onSuccess(long)} or {@link #onFailure(long, Throwable)} do.
   */
  @Override
  Object execute(Object task, int kind) throws Exception {
    long permit = tryAcquire();
    if (permit == REJECTED) {
      throw rejection;
    }
    Object result;
    try {
      result = Tasks.run(task, kind);
    } catch (Throwable e) {
      onFailure(permit, e);
      throw e;
    }
    onSuccess(permit);
    return result;
  }

  /**
   * The exception every rejection of this limiter shares.
   *
   * @return the exception
   */
  public ConcurrencyLimitExceededException rejection() {
    return rejection;
  }

  /**
   * The limit now.
   *
   * @return calls allowed in flight at once
   */
  public int limit() {
    return limit;
  }

  /**
   * Calls in flight now (permits not yet given back).
   *
   * @return the count
   */
  public int inFlight() {
    return inFlight;
  }

  /**
   * Calls rejected since the limiter was made.
   *
   * @return the count
   */
  public long rejectedCount() {
    return rejected.sum();
  }

  /**
   * Calls dropped (refused by the dependency, or timed out) since the limiter was made.
   *
   * @return the count
   */
  public long droppedCount() {
    return dropped.sum();
  }

  /**
   * The no-load round-trip time the limiter compares latency with.
   *
   * @return the baseline; {@link Duration#ZERO} before the first window closed
   */
  public Duration baselineRtt() {
    double b = controller.baselineNanos();
    return Double.isNaN(b) ? Duration.ZERO : Duration.ofNanos((long) b);
  }

  /**
   * The average round-trip time of the last closed window.
   *
   * @return the average; {@link Duration#ZERO} before the first window closed
   */
  public Duration recentRtt() {
    return Duration.ofNanos((long) controller.lastAverageNanos());
  }

  /**
   * The limiter's state, for a health check's data: {@code limit}, {@code in_flight}, {@code
   * min_limit}, {@code max_limit}, {@code algorithm}, {@code baseline_rtt_ms}, {@code rtt_ms},
   * {@code probing} (measuring the baseline with the limit halved), {@code rejected} and {@code
   * dropped}.
   *
   * @return a new map, in that order
   */
  public Map<String, Object> healthData() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("limit", limit);
    data.put("in_flight", inFlight);
    data.put("min_limit", config.minLimit());
    data.put("max_limit", config.maxLimit());
    data.put("algorithm", config.algorithm().name());
    double b = controller.baselineNanos();
    data.put("baseline_rtt_ms", Double.isNaN(b) ? 0.0 : Math.round(b / 1e3) / 1e3);
    data.put("rtt_ms", Math.round(controller.lastAverageNanos() / 1e3) / 1e3);
    data.put("probing", controller.probing());
    data.put("rejected", rejected.sum());
    data.put("dropped", dropped.sum());
    return data;
  }

  /**
   * Adds a listener, told of every rejection.
   *
   * @param listener the listener
   */
  public void addListener(RejectionListener listener) {
    listeners.add(listener);
  }

  /**
   * Removes a listener.
   *
   * @param listener the listener
   * @return whether it was registered
   */
  public boolean removeListener(RejectionListener listener) {
    return listeners.remove(listener);
  }

  private void rejected() {
    rejected.increment();
    Rejections.tell(listeners, LOG, "adaptive_limiter", name);
    long suppressed = rejectionLog.admit(ticker.read());
    if (suppressed >= 0) {
      LOG.atWarn()
          .addKeyValue("component", "adaptive_limiter")
          .addKeyValue("name", name)
          .addKeyValue("limit", limit)
          .addKeyValue("suppressed", suppressed)
          .log("adaptive limiter \"{}\" is at its limit: rejected a call", name);
    }
  }

  @Override
  public String toString() {
    return "AdaptiveLimiter[" + name + ", " + inFlight + "/" + limit + "]";
  }
}
