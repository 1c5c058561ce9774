package dev.levee.core;

import dev.levee.core.internal.Rules;
import dev.levee.errors.ErrorClassifier;
import dev.levee.errors.ErrorClassifiers;
import dev.levee.timeouts.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * How an {@link AdaptiveThrottle} behaves. Build it with {@link #builder(String)}; {@link
 * Builder#build()} checks every value, naming it: {@code adaptiveThrottle "backend": k must be in
 * [1,10], was 20.0}.
 *
 * <p>The ticker, clock, random source and classifier are held by reference: every throttle built
 * from one configuration uses the same ones (each throttle has its own window). Two configurations
 * are equal when their values are equal and they hold the same objects (by their own {@code
 * equals}: identity for a lambda).
 *
 * <p>This class is immutable and thread-safe. It is a class rather than a record so that options
 * can be added without breaking callers: build it with {@link #builder(String)} or {@link
 * #toBuilder(String)}.
 */
public final class AdaptiveThrottleConfig {
  /** The default random source: one instance, so that default configurations are equal. */
  private static final DoubleSupplier RANDOM = () -> ThreadLocalRandom.current().nextDouble();

  private final String label;
  private final double k;
  private final Duration window;
  private final Duration bucket;
  private final Ticker ticker;
  private final Clock clock;
  private final DoubleSupplier random;
  private final ErrorClassifier classifier;

  private AdaptiveThrottleConfig(Builder b) {
    label = b.label;
    k = b.k;
    window = b.window;
    bucket = b.bucket;
    ticker = b.ticker;
    clock = b.clock;
    random = b.random;
    classifier = b.classifier;
    Rules r = new Rules("adaptiveThrottle", label);
    r.check(k >= 1 && k <= 10, "k must be in [1,10]", k);
    r.set("window", window);
    r.set("bucket", bucket);
    r.buckets("window", window, "bucket", bucket, 1000, "");
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
   * How many times the accepted requests the backend may be sent (default 2).
   *
   * @return K, in [1, 10]
   */
  public double k() {
    return k;
  }

  /**
   * The sliding window (default 2 minutes), a whole number of buckets.
   *
   * @return the window
   */
  public Duration window() {
    return window;
  }

  /**
   * The window's resolution (default 10 s), at least 100 ms; at most 1000 buckets.
   *
   * @return the bucket
   */
  public Duration bucket() {
    return bucket;
  }

  /**
   * What measures time.
   *
   * @return the ticker
   */
  public Ticker ticker() {
    return ticker;
  }

  /**
   * What stamps the rejection exception.
   *
   * @return the clock
   */
  public Clock clock() {
    return clock;
  }

  /**
   * The random source: uniform in [0, 1), thread-safe.
   *
   * @return the source
   */
  public DoubleSupplier random() {
    return random;
  }

  /**
   * What tells overload refusals (TRANSIENT) from the rest.
   *
   * @return the classifier
   */
  public ErrorClassifier classifier() {
    return classifier;
  }

  /**
   * Starts a configuration: K 2, a 2-minute window in 10 s buckets.
   *
   * @param label names the configuration in validation messages
   * @return a builder
   */
  public static Builder builder(String label) {
    return new Builder(Objects.requireNonNull(label, "label"));
  }

  /**
   * Starts a builder holding this configuration's values.
   *
   * @param label the new configuration's label
   * @return a builder
   */
  public Builder toBuilder(String label) {
    Builder b = new Builder(Objects.requireNonNull(label, "label"));
    b.k = k;
    b.window = window;
    b.bucket = bucket;
    b.ticker = ticker;
    b.clock = clock;
    b.random = random;
    b.classifier = classifier;
    return b;
  }

  /**
   * Whether {@code other} is a configuration with the same values and objects.
   *
   * @param other the object to compare with
   * @return {@code true} if equal
   */
  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof AdaptiveThrottleConfig)) {
      return false;
    }
    AdaptiveThrottleConfig o = (AdaptiveThrottleConfig) other;
    return label.equals(o.label)
        && Double.compare(k, o.k) == 0
        && Objects.equals(window, o.window)
        && Objects.equals(bucket, o.bucket)
        && ticker.equals(o.ticker)
        && clock.equals(o.clock)
        && random.equals(o.random)
        && classifier.equals(o.classifier);
  }

  @Override
  public int hashCode() {
    return Objects.hash(label, k, window, bucket, ticker, clock, random, classifier);
  }

  @Override
  public String toString() {
    return "AdaptiveThrottleConfig[label="
        + label
        + ", k="
        + k
        + ", window="
        + window
        + ", bucket="
        + bucket
        + ", ticker="
        + ticker
        + ", clock="
        + clock
        + ", random="
        + random
        + ", classifier="
        + classifier
        + "]";
  }

  /** Builds an {@link AdaptiveThrottleConfig}. Not thread-safe; {@link #build()} checks it all. */
  public static final class Builder {
    private final String label;
    private double k = 2.0;
    private Duration window = Duration.ofMinutes(2);
    private Duration bucket = Duration.ofSeconds(10);
    private Ticker ticker = Ticker.system();
    private Clock clock = Clock.systemUTC();
    private DoubleSupplier random = RANDOM;
    private ErrorClassifier classifier = ErrorClassifiers.defaults();

    private Builder(String label) {
      this.label = label;
    }

    /**
     * Sets K, how many times the accepted requests the backend may be sent (default 2).
     *
     * @param k in [1, 10]
     * @return this builder
     */
    public Builder k(double k) {
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
     * Builds the configuration.
     *
     * @return the configuration
     * @throws IllegalArgumentException naming the field, the value and the rule
     */
    public AdaptiveThrottleConfig build() {
      return new AdaptiveThrottleConfig(this);
    }
  }
}
