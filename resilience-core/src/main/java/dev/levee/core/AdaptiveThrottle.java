package dev.levee.core;

import dev.levee.common.internal.ListenerList;
import dev.levee.common.internal.LogLimiter;
import dev.levee.common.internal.Require;
import dev.levee.core.internal.BucketRing;
import dev.levee.core.internal.Rejections;
import dev.levee.core.internal.StripedCounter;
import dev.levee.core.internal.Tasks;
import dev.levee.errors.ErrorCategory;
import dev.levee.errors.ErrorClassifier;
import dev.levee.timeouts.Ticker;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client-side adaptive throttling, as in Google's SRE book ("Handling Overload"): when a backend
 * starts refusing work because it is overloaded, clients reject part of their requests locally,
 * with probability {@code max(0, (requests - K × accepts) / (requests + 1))} over a sliding window,
 * so the backend's rejections stop costing it. None of the Java peers offers it.
 *
 * <p>A request counts as accepted unless the backend refused it as overloaded: a TRANSIENT failure
 * (rate limited, overloaded, unavailable). {@code K} (default 2) sets how much work the backend may
 * be sent beyond what it accepts: lower is more aggressive. A request sent is counted when its
 * outcome is known, so calls still in flight never look like refusals; a request rejected locally
 * is counted when rejected. With the decorators the throttle classifies outcomes itself; with
 * {@link #tryAcquire()} the caller reports every request it sends with {@link #onAccepted()} or
 * {@link #onOverloaded()}.
 *
 * <p>Cost: a decision reads the ticker once, sums the window's buckets (at most a few dozen reads)
 * and draws a random number only when the probability is above zero. Locally rejected requests
 * throw a stack-free TRANSIENT {@link RequestNotPermittedException}. This class is thread-safe.
 */
public final class AdaptiveThrottle extends Policy {
  private static final Logger LOG = LoggerFactory.getLogger(AdaptiveThrottle.class);

  private final String name;
  private final AdaptiveThrottleConfig config;
  private final double k;
  private final Ticker ticker;
  private final DoubleSupplier random;
  private final ErrorClassifier classifier;
  private final BucketRing<Bucket> ring;
  private final StripedCounter throttled = new StripedCounter();
  private final LogLimiter rejectionLog = new LogLimiter();
  private final ListenerList<RejectionListener> listeners =
      new ListenerList<>(new RejectionListener[0]);
  private final RequestNotPermittedException rejection;

  private AdaptiveThrottle(String name, AdaptiveThrottleConfig config) {
    this.name = name;
    this.config = config;
    this.k = config.k();
    this.ticker = config.ticker();
    this.random = config.random();
    this.classifier = config.classifier();
    long bucketNanos = config.bucket().toNanos();
    this.ring =
        new BucketRing<>(
            ticker.read(),
            (int) (config.window().toNanos() / bucketNanos),
            bucketNanos,
            Bucket::new);
    this.rejection =
        new RequestNotPermittedException(
            name, "throttled: the backend is refusing work", config.clock().instant());
  }

  /**
   * Creates a throttle.
   *
   * @param name names it in logs, metrics and errors
   * @param config its configuration
   * @return the throttle
   * @throws IllegalArgumentException if the name is blank
   */
  public static AdaptiveThrottle of(String name, AdaptiveThrottleConfig config) {
    Require.notBlank("adaptiveThrottle: name", name);
    return new AdaptiveThrottle(name, Objects.requireNonNull(config, "config"));
  }

  /**
   * A registry of throttles, created on first use from {@code defaults} or named templates.
   *
   * @param defaults the default template
   * @return an empty registry
   */
  public static Registry<AdaptiveThrottle, AdaptiveThrottleConfig> registry(
      AdaptiveThrottleConfig defaults) {
    return Registry.of("adaptiveThrottle", defaults, AdaptiveThrottle::of);
  }

  /**
   * The throttle's name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * The throttle's configuration.
   *
   * @return the configuration
   */
  public AdaptiveThrottleConfig config() {
    return config;
  }

  /**
   * Decides a request: rejects it locally (and counts it) with the throttle's current probability.
   * A request let through is counted when its outcome is reported.
   *
   * @return whether to send it
   */
  public boolean tryAcquire() {
    Bucket bucket = ring.bucketFor(ring.epoch(ticker.read()));
    long newest = bucket.epoch();
    long requests = 0;
    long accepts = 0;
    for (int i = 0; i < ring.size(); i++) {
      Bucket b = ring.slot(i);
      if (ring.inWindow(b, newest)) {
        requests += b.requests.sum();
        accepts += b.accepts.sum();
      }
    }
    double p = (requests - k * accepts) / (requests + 1);
    if (p > 0 && random.getAsDouble() < p) {
      bucket.requests.increment();
      throttled(p);
      return false;
    }
    return true;
  }

  /** The backend accepted a request it was sent (any outcome but an overload refusal). */
  public void onAccepted() {
    Bucket bucket = ring.bucketFor(ring.epoch(ticker.read()));
    bucket.requests.increment();
    bucket.accepts.increment();
  }

  /** The backend refused a request it was sent as overloaded: a request, not an accept. */
  public void onOverloaded() {
    ring.bucketFor(ring.epoch(ticker.read())).requests.increment();
  }

  /**
   * A request the throttle let through was never sent (a bulkhead behind it refused it): nothing to
   * count, as a request is counted with its outcome.
   */
  void onNotSent() {
    // Deliberately empty: kept so the pipeline says what happened.
  }

  /** Records a failed request: accepted by the backend unless it was an overload refusal. */
  void onFailure(Throwable failure) {
    if (classifier.classify(failure) == ErrorCategory.TRANSIENT) {
      onOverloaded();
    } else {
      onAccepted();
    }
  }

  /** The exception every local rejection shares. */
  RequestNotPermittedException rejection() {
    return rejection;
  }

  /**
   * The probability that the next request is rejected locally.
   *
   * @return a value in [0, 1)
   */
  public double rejectionProbability() {
    long epoch = ring.epoch(ticker.read());
    long requests = 0;
    long accepts = 0;
    for (int i = 0; i < ring.size(); i++) {
      Bucket b = ring.slot(i);
      if (ring.inWindow(b, epoch)) {
        requests += b.requests.sum();
        accepts += b.accepts.sum();
      }
    }
    return Math.max(0, (requests - k * accepts) / (requests + 1));
  }

  /**
   * Requests rejected locally since the throttle was made.
   *
   * @return the count
   */
  public long throttledCount() {
    return throttled.sum();
  }

  /**
   * Runs the task unless throttled ({@link RequestNotPermittedException}), and records whether the
   * backend accepted it.
   */
  @Override
  Object execute(Object task, int kind) throws Exception {
    if (!tryAcquire()) {
      throw rejection;
    }
    Object result;
    try {
      result = Tasks.run(task, kind);
    } catch (Throwable e) {
      onFailure(e);
      throw e;
    }
    onAccepted();
    return result;
  }

  /**
   * Adds a listener, told of every local rejection.
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

  private void throttled(double probability) {
    throttled.increment();
    Rejections.tell(listeners, LOG, "throttle", name);
    long suppressed = rejectionLog.admit(ticker.read());
    if (suppressed >= 0) {
      LOG.atWarn()
          .addKeyValue("component", "throttle")
          .addKeyValue("name", name)
          .addKeyValue("probability", String.format(java.util.Locale.ROOT, "%.3f", probability))
          .addKeyValue("suppressed", suppressed)
          .log(
              "adaptive throttle \"{}\" rejected a request locally: the backend is refusing work",
              name);
    }
  }

  /** One period's requests and accepts. */
  private static final class Bucket extends BucketRing.Bucket {
    final LongAdder requests = new LongAdder();
    final LongAdder accepts = new LongAdder();

    Bucket(long epoch) {
      super(epoch);
    }
  }
}
