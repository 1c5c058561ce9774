package dev.levee.core;

import dev.levee.errors.ErrorCategory;
import dev.levee.errors.ErrorClassifier;
import dev.levee.errors.ErrorClassifiers;
import dev.levee.timeouts.Durations;
import dev.levee.timeouts.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * Client-side adaptive throttling, as in Google's SRE book ("Handling Overload"): when a backend
 * starts refusing work because it is overloaded, clients reject part of their requests locally,
 * with probability {@code max(0, (requests - K × accepts) / (requests + 1))} over a sliding window,
 * so the backend's rejections stop costing it. None of the Java peers offers it.
 *
 * <p>A request counts as accepted unless the backend refused it as overloaded: a TRANSIENT failure
 * (rate limited, overloaded, unavailable). {@code K} (default 2) sets how much work the backend may
 * be sent beyond what it accepts: lower is more aggressive. With the decorators the throttle
 * classifies outcomes itself; with {@link #tryAcquire()} the caller reports them with {@link
 * #onAccepted()} or {@link #onOverloaded()}.
 *
 * <p>Cost: a decision reads the ticker once, sums the window's buckets (at most a few dozen reads)
 * and draws a random number only when the probability is above zero. Locally rejected requests
 * throw a stack-free TRANSIENT {@link RequestNotPermittedException}. This class is thread-safe.
 */
public final class AdaptiveThrottle {
  private final String name;
  private final double k;
  private final Ticker ticker;
  private final DoubleSupplier random;
  private final ErrorClassifier classifier;
  private final long bucketNanos;
  private final int size;
  private final long origin;
  private final AtomicReferenceArray<Bucket> buckets;
  private final LongAdder throttled = new LongAdder();
  private final RequestNotPermittedException rejection;

  private AdaptiveThrottle(Builder b) {
    this.name = b.name;
    this.k = b.k;
    this.ticker = b.ticker;
    this.random = b.random;
    this.classifier = b.classifier;
    this.bucketNanos = b.bucket.toNanos();
    this.size = (int) (b.window.toNanos() / bucketNanos);
    this.origin = ticker.read();
    this.buckets = new AtomicReferenceArray<>(size);
    for (int i = 0; i < size; i++) {
      buckets.set(i, new Bucket(i - size));
    }
    this.rejection =
        new RequestNotPermittedException(
            name, "throttled: the backend is refusing work", b.clock.instant());
  }

  /**
   * Starts a throttle.
   *
   * @param name names it in logs, metrics and errors
   * @return a builder: K 2, a 2-minute window in 10 s buckets
   */
  public static Builder builder(String name) {
    return new Builder(name);
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
   * Decides a request: counts it, and rejects it locally with the throttle's current probability.
   *
   * @return whether to send it
   */
  public boolean tryAcquire() {
    Bucket bucket = bucketFor(ticker.read());
    long requests = 0;
    long accepts = 0;
    long newest = bucket.epoch;
    for (int i = 0; i < size; i++) {
      Bucket b = buckets.get(i);
      if (b.epoch > newest - size && b.epoch <= newest) {
        requests += b.requests.sum();
        accepts += b.accepts.sum();
      }
    }
    bucket.requests.increment();
    double p = (requests - k * accepts) / (requests + 1);
    if (p > 0 && random.getAsDouble() < p) {
      throttled.increment();
      return false;
    }
    return true;
  }

  /** The backend accepted the request (any outcome but an overload refusal). */
  public void onAccepted() {
    bucketFor(ticker.read()).accepts.increment();
  }

  /** The backend refused the request as overloaded: nothing to record (it is not an accept). */
  public void onOverloaded() {
    // Deliberately empty: the request was counted when it was decided; only accepts are added.
  }

  /** Records a failed request: accepted by the backend unless it was an overload refusal. */
  void onFailure(Throwable failure) {
    if (classifier.classify(failure) != ErrorCategory.TRANSIENT) {
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
    long epoch = Math.floorDiv(ticker.read() - origin, bucketNanos);
    long requests = 0;
    long accepts = 0;
    for (int i = 0; i < size; i++) {
      Bucket b = buckets.get(i);
      if (b.epoch > epoch - size && b.epoch <= epoch) {
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
   * Calls {@code callable} unless throttled, and records whether the backend accepted it.
   *
   * @param <T> the result type
   * @param callable the call
   * @return its result
   * @throws RequestNotPermittedException if throttled
   * @throws Exception whatever the call threw
   */
  public <T> T call(Callable<T> callable) throws Exception {
    if (!tryAcquire()) {
      throw rejection;
    }
    T result;
    try {
      result = callable.call();
    } catch (Throwable e) {
      if (classifier.classify(e) != ErrorCategory.TRANSIENT) {
        onAccepted();
      }
      throw e;
    }
    onAccepted();
    return result;
  }

  /**
   * Gets a value from {@code supplier} unless throttled, and records whether the backend accepted
   * it.
   *
   * @param <T> the result type
   * @param supplier the call
   * @return its result
   * @throws RequestNotPermittedException if throttled
   */
  public <T> T get(Supplier<T> supplier) {
    if (!tryAcquire()) {
      throw rejection;
    }
    T result;
    try {
      result = supplier.get();
    } catch (Throwable e) {
      if (classifier.classify(e) != ErrorCategory.TRANSIENT) {
        onAccepted();
      }
      throw e;
    }
    onAccepted();
    return result;
  }

  private Bucket bucketFor(long now) {
    long epoch = Math.floorDiv(now - origin, bucketNanos);
    int index = (int) Math.floorMod(epoch, (long) size);
    Bucket current = buckets.get(index);
    while (current.epoch < epoch) {
      Bucket fresh = new Bucket(epoch);
      if (buckets.compareAndSet(index, current, fresh)) {
        return fresh;
      }
      current = buckets.get(index);
    }
    return current;
  }

  private static final class Bucket {
    final long epoch;
    final LongAdder requests = new LongAdder();
    final LongAdder accepts = new LongAdder();

    Bucket(long epoch) {
      this.epoch = epoch;
    }
  }

  /** Builds an {@link AdaptiveThrottle}. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private double k = 2.0;
    private Duration window = Duration.ofMinutes(2);
    private Duration bucket = Duration.ofSeconds(10);
    private Ticker ticker = Ticker.system();
    private Clock clock = Clock.systemUTC();
    private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();
    private ErrorClassifier classifier = ErrorClassifiers.defaults();

    private Builder(String name) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("adaptiveThrottle: name must not be blank");
      }
      this.name = name;
    }

    private IllegalArgumentException bad(String rule, Object value) {
      return new IllegalArgumentException(
          "adaptiveThrottle \"" + name + "\": " + rule + ", was " + value);
    }

    /**
     * Sets K, how many times the accepted requests the backend may be sent (default 2).
     *
     * @param k in [1, 10]
     * @return this builder
     */
    public Builder k(double k) {
      if (!(k >= 1 && k <= 10)) {
        throw bad("k must be in [1,10]", k);
      }
      this.k = k;
      return this;
    }

    /**
     * Sets the sliding window (default 2 minutes in 10 s buckets).
     *
     * @param window the window, a whole number of buckets
     * @param bucket the resolution, at least 100ms; at most 1000 buckets
     * @return this builder
     */
    public Builder window(Duration window, Duration bucket) {
      Objects.requireNonNull(window, "window");
      Objects.requireNonNull(bucket, "bucket");
      if (bucket.compareTo(Duration.ofMillis(100)) < 0) {
        throw bad("bucket must be at least 100ms", Durations.format(bucket));
      }
      if (window.compareTo(bucket) < 0 || window.toNanos() % bucket.toNanos() != 0) {
        throw bad(
            "window must be a whole number of buckets (" + Durations.format(bucket) + ")",
            Durations.format(window));
      }
      if (window.toNanos() / bucket.toNanos() > 1000) {
        throw bad("window / bucket must be at most 1000", window.toNanos() / bucket.toNanos());
      }
      this.window = window;
      this.bucket = bucket;
      return this;
    }

    /**
     * Sets the ticker.
     *
     * @param ticker the ticker
     * @return this builder
     */
    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /**
     * Sets the clock that stamps rejections.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets the random source (uniform in [0, 1)), for tests.
     *
     * @param random the source, thread-safe
     * @return this builder
     */
    public Builder random(DoubleSupplier random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * Sets the classifier that tells overload refusals (TRANSIENT) from the rest.
     *
     * @param classifier the classifier
     * @return this builder
     */
    public Builder classifier(ErrorClassifier classifier) {
      this.classifier = Objects.requireNonNull(classifier, "classifier");
      return this;
    }

    /**
     * Builds the throttle.
     *
     * @return the throttle
     */
    public AdaptiveThrottle build() {
      return new AdaptiveThrottle(this);
    }
  }
}
