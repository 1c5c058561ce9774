package dev.levee.core;

import dev.levee.core.internal.Rules;
import dev.levee.errors.ErrorClassifier;
import dev.levee.errors.ErrorClassifiers;
import dev.levee.timeouts.Durations;
import dev.levee.timeouts.Scheduler;
import dev.levee.timeouts.Sleeper;
import dev.levee.timeouts.Ticker;
import dev.levee.timeouts.TimeLimiter;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * How a {@link Retry} behaves. Immutable; build it with {@link #builder(String)}, which checks each
 * value as it is set: {@code retry "db": maxRetries must be at least 0, was -1}.
 *
 * <p>Which failures are retried: RETRIABLE ones, after the {@code backoff}'s delay; TRANSIENT ones,
 * after the delay times {@code transientMultiplier}, or after the retry-after hint the failure
 * carries if there is one; FATAL and INVALID_INPUT never; nor anything {@code abortIf} matches, nor
 * a {@link CallNotPermittedException} (an open breaker means "stop", not "wait"). A result that
 * {@code retryOnResult} matches is retried like a RETRIABLE failure.
 *
 * @param label names the configuration in validation messages
 * @param maxRetries retries after the first attempt (10 by default; 0 means try once)
 * @param maxDuration the most time all attempts and waits may take, or {@code null} for no limit
 * @param backoff delays between attempts
 * @param transientMultiplier how much longer to wait after a TRANSIENT failure
 * @param classifier categorises failures
 * @param retryOnResult results to retry; may be {@code null}
 * @param abortIf failures never to retry, whatever their category; may be {@code null}
 * @param retryAfter reads a retry-after hint from a failure; may be {@code null} (the default reads
 *     a {@link dev.levee.errors.ClassifiedException}'s {@code retry_after_ms} metadata)
 * @param budget the shared retry budget; may be {@code null}
 * @param timeLimiter limits each attempt; may be {@code null}
 * @param attemptTimeout the limit of each attempt, with {@code timeLimiter}
 * @param ticker measures elapsed time (read only once something fails)
 * @param sleeper waits between attempts of blocking calls
 * @param scheduler schedules attempts of asynchronous calls; may be {@code null} (then {@code
 *     callAsync} is unavailable)
 */
public record RetryConfig(
    String label,
    int maxRetries,
    Duration maxDuration,
    Backoff backoff,
    double transientMultiplier,
    ErrorClassifier classifier,
    Predicate<Object> retryOnResult,
    Predicate<? super Throwable> abortIf,
    Function<? super Throwable, Duration> retryAfter,
    RetryBudget budget,
    TimeLimiter timeLimiter,
    Duration attemptTimeout,
    Ticker ticker,
    Sleeper sleeper,
    Scheduler scheduler) {

  /**
   * Checks the values. Each parameter is the record component of the same name.
   *
   * @param label see {@link #label()}
   * @param maxRetries see {@link #maxRetries()}
   * @param maxDuration see {@link #maxDuration()}
   * @param backoff see {@link #backoff()}
   * @param transientMultiplier see {@link #transientMultiplier()}
   * @param classifier see {@link #classifier()}
   * @param retryOnResult see {@link #retryOnResult()}
   * @param abortIf see {@link #abortIf()}
   * @param retryAfter see {@link #retryAfter()}
   * @param budget see {@link #budget()}
   * @param timeLimiter see {@link #timeLimiter()}
   * @param attemptTimeout see {@link #attemptTimeout()}
   * @param ticker see {@link #ticker()}
   * @param sleeper see {@link #sleeper()}
   * @param scheduler see {@link #scheduler()}
   * @throws IllegalArgumentException naming the field, the value and the rule
   */
  public RetryConfig {
    Rules r = new Rules("retry", label);
    r.range("maxRetries", maxRetries, 0, 10_000);
    r.check(
        maxDuration == null || !(maxDuration.isNegative() || maxDuration.isZero()),
        "maxDuration must be positive",
        maxDuration == null ? null : Rules.show(maxDuration));
    r.check(
        transientMultiplier >= 1 && transientMultiplier <= 100,
        "transientMultiplier must be in [1,100]",
        transientMultiplier);
    if ((timeLimiter == null) != (attemptTimeout == null)) {
      throw new IllegalArgumentException(
          "retry \""
              + label
              + "\": attemptTimeout needs a timeLimiter, and a timeLimiter an attemptTimeout");
    }
    r.check(
        attemptTimeout == null || !(attemptTimeout.isNegative() || attemptTimeout.isZero()),
        "attemptTimeout must be positive",
        attemptTimeout == null ? null : Rules.show(attemptTimeout));
    r.set("backoff", backoff);
    r.set("classifier", classifier);
    r.set("ticker", ticker);
    r.set("sleeper", sleeper);
  }

  /**
   * Starts a configuration with the defaults: 10 retries, the default {@link Backoff}, TRANSIENT
   * waits 4 times longer, no time limit, no budget.
   *
   * @param label names the configuration in validation messages
   * @return a builder
   */
  public static Builder builder(String label) {
    return new Builder(Objects.requireNonNull(label, "label"));
  }

  /**
   * The defaults.
   *
   * @return the default configuration, labelled {@code default}
   */
  public static RetryConfig defaults() {
    return builder("default").build();
  }

  /**
   * A builder holding this configuration's values.
   *
   * @param label the new configuration's label
   * @return a builder
   */
  public Builder toBuilder(String label) {
    Builder b = new Builder(label);
    b.maxRetries = maxRetries;
    b.maxDuration = maxDuration;
    b.backoff = backoff;
    b.transientMultiplier = transientMultiplier;
    b.classifier = classifier;
    b.retryOnResult = retryOnResult;
    b.abortIf = abortIf;
    b.retryAfter = retryAfter;
    b.budget = budget;
    b.timeLimiter = timeLimiter;
    b.attemptTimeout = attemptTimeout;
    b.ticker = ticker;
    b.sleeper = sleeper;
    b.scheduler = scheduler;
    return b;
  }

  /** Builds a {@link RetryConfig}. Not thread-safe; a built configuration never changes. */
  public static final class Builder {
    private final String label;
    private int maxRetries = 10;
    private Duration maxDuration;
    private Backoff backoff = Backoff.defaults();
    private double transientMultiplier = 4.0;
    private ErrorClassifier classifier = ErrorClassifiers.defaults();
    private Predicate<Object> retryOnResult;
    private Predicate<? super Throwable> abortIf;
    private Function<? super Throwable, Duration> retryAfter;
    private RetryBudget budget;
    private TimeLimiter timeLimiter;
    private Duration attemptTimeout;
    private Ticker ticker = Ticker.system();
    private Sleeper sleeper = Sleeper.system();
    private Scheduler scheduler;

    private Builder(String label) {
      this.label = label;
    }

    private IllegalArgumentException bad(String rule, Object value) {
      return new Rules("retry", label).fail(rule, value);
    }

    /**
     * Sets how many retries follow the first attempt (default 10).
     *
     * @param retries 0 to 10000
     * @return this builder
     */
    public Builder maxRetries(int retries) {
      if (retries < 0 || retries > 10_000) {
        throw bad("maxRetries must be in [0,10000]", retries);
      }
      this.maxRetries = retries;
      return this;
    }

    /**
     * Limits the time all attempts and waits may take; a wait that would pass it is not started.
     *
     * @param duration positive
     * @return this builder
     */
    public Builder maxDuration(Duration duration) {
      Objects.requireNonNull(duration, "maxDuration");
      if (duration.isNegative() || duration.isZero()) {
        throw bad("maxDuration must be positive", Durations.format(duration));
      }
      this.maxDuration = duration;
      return this;
    }

    /**
     * Sets the delays between attempts (default {@link Backoff#defaults()}).
     *
     * @param backoff the backoff
     * @return this builder
     */
    public Builder backoff(Backoff backoff) {
      this.backoff = Objects.requireNonNull(backoff, "backoff");
      return this;
    }

    /**
     * Sets how much longer to wait after a TRANSIENT failure than after a RETRIABLE one (default
     * 4).
     *
     * @param multiplier in [1,100]
     * @return this builder
     */
    public Builder transientMultiplier(double multiplier) {
      if (!(multiplier >= 1 && multiplier <= 100)) {
        throw bad("transientMultiplier must be in [1,100]", multiplier);
      }
      this.transientMultiplier = multiplier;
      return this;
    }

    /**
     * Sets the classifier (default {@link ErrorClassifiers#defaults()}).
     *
     * @param classifier the classifier
     * @return this builder
     */
    public Builder classifier(ErrorClassifier classifier) {
      this.classifier = Objects.requireNonNull(classifier, "classifier");
      return this;
    }

    /**
     * Retries results matching {@code predicate} (an HTTP 503 response, say).
     *
     * @param predicate tested against every result
     * @return this builder
     */
    public Builder retryOnResult(Predicate<Object> predicate) {
      this.retryOnResult = Objects.requireNonNull(predicate, "retryOnResult");
      return this;
    }

    /**
     * Never retries failures matching {@code predicate}.
     *
     * @param predicate tested against every failure
     * @return this builder
     */
    public Builder abortIf(Predicate<? super Throwable> predicate) {
      this.abortIf = Objects.requireNonNull(predicate, "abortIf");
      return this;
    }

    /**
     * Reads a retry-after hint from a failure (an HTTP {@code Retry-After} header, say); a
     * TRANSIENT failure with a hint waits that long instead of the backoff's delay.
     *
     * @param hint returns the hint, or {@code null} for none
     * @return this builder
     */
    public Builder retryAfter(Function<? super Throwable, Duration> hint) {
      this.retryAfter = Objects.requireNonNull(hint, "retryAfter");
      return this;
    }

    /**
     * Shares a retry budget.
     *
     * @param budget the budget
     * @return this builder
     */
    public Builder budget(RetryBudget budget) {
      this.budget = Objects.requireNonNull(budget, "budget");
      return this;
    }

    /**
     * Limits each attempt to {@code timeout} with {@code limiter} (which stays the caller's to
     * close). The caller's deadline still applies.
     *
     * @param limiter the time limiter
     * @param timeout each attempt's limit
     * @return this builder
     */
    public Builder attemptTimeout(TimeLimiter limiter, Duration timeout) {
      Objects.requireNonNull(limiter, "timeLimiter");
      Objects.requireNonNull(timeout, "attemptTimeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw bad("attemptTimeout must be positive", Durations.format(timeout));
      }
      this.timeLimiter = limiter;
      this.attemptTimeout = timeout;
      return this;
    }

    /**
     * Sets the ticker (a manual one in tests).
     *
     * @param ticker the ticker
     * @return this builder
     */
    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /**
     * Sets how blocking retries wait (a manual ticker's sleeper in tests).
     *
     * @param sleeper the sleeper
     * @return this builder
     */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /**
     * Sets where asynchronous retries are scheduled; required for {@link Retry#callAsync}.
     *
     * @param scheduler the scheduler (it stays the caller's to shut down)
     * @return this builder
     */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @return the configuration
     */
    public RetryConfig build() {
      return new RetryConfig(
          label,
          maxRetries,
          maxDuration,
          backoff,
          transientMultiplier,
          classifier,
          retryOnResult,
          abortIf,
          retryAfter,
          budget,
          timeLimiter,
          attemptTimeout,
          ticker,
          sleeper,
          scheduler);
    }
  }
}
