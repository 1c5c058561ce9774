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
 * How an {@link AdaptiveThrottle} behaves. Immutable; build it with {@link #builder(String)}.
 *
 * @param label names the configuration in validation messages
 * @param k how many times the accepted requests the backend may be sent, in [1, 10] (default 2)
 * @param window the sliding window (default 2 minutes), a whole number of buckets
 * @param bucket the window's resolution (default 10 s), at least 100 ms; at most 1000 buckets
 * @param ticker measures time
 * @param clock stamps the rejection exception
 * @param random uniform in [0, 1), thread-safe (injectable for tests)
 * @param classifier tells overload refusals (TRANSIENT) from the rest
 */
public record AdaptiveThrottleConfig(
    String label,
    double k,
    Duration window,
    Duration bucket,
    Ticker ticker,
    Clock clock,
    DoubleSupplier random,
    ErrorClassifier classifier) {

  /**
   * Checks the values. Each parameter is the record component of the same name.
   *
   * @param label see {@link #label()}
   * @param k see {@link #k()}
   * @param window see {@link #window()}
   * @param bucket see {@link #bucket()}
   * @param ticker see {@link #ticker()}
   * @param clock see {@link #clock()}
   * @param random see {@link #random()}
   * @param classifier see {@link #classifier()}
   * @throws IllegalArgumentException naming the field, the value and the rule
   */
  public AdaptiveThrottleConfig {
    Rules r = new Rules("adaptiveThrottle", label);
    r.check(k >= 1 && k <= 10, "k must be in [1,10]", k);
    r.set("window", window);
    r.set("bucket", bucket);
    r.buckets("window", window, "bucket", bucket, 1000, "");
    r.set("ticker", ticker);
    r.set("clock", clock);
    r.set("random", random);
    r.set("classifier", classifier);
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

  /** Builds an {@link AdaptiveThrottleConfig}. Not thread-safe; {@link #build()} checks it all. */
  public static final class Builder {
    private final String label;
    private double k = 2.0;
    private Duration window = Duration.ofMinutes(2);
    private Duration bucket = Duration.ofSeconds(10);
    private Ticker ticker = Ticker.system();
    private Clock clock = Clock.systemUTC();
    private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();
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
      return new AdaptiveThrottleConfig(
          label, k, window, bucket, ticker, clock, random, classifier);
    }
  }
}
