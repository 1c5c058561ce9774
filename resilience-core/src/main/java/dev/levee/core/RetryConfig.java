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
 * How a {@link Retry} behaves. Build it with {@link #builder(String)}, which checks each value as
 * it is set: {@code retry "db": maxRetries must be in [0,10000], was -1}.
 *
 * <p>Which failures are retried: RETRIABLE ones, after the {@code backoff}'s delay; TRANSIENT ones,
 * after the delay times {@code transientMultiplier}, or after the retry-after hint the failure
 * carries if there is one; FATAL and INVALID_INPUT never; nor anything {@code abortIf} matches, nor
 * a {@link CallNotPermittedException} (an open breaker means "stop", not "wait"). A result that
 * {@code retryOnResult} matches is retried like a RETRIABLE failure.
 *
 * <p><b>What retries built from one configuration share.</b> A configuration holds values (counts,
 * durations, the backoff) and, by reference, the objects a retry works with: the {@link
 * RetryBudget}, the {@link TimeLimiter}, the {@link Scheduler}, the {@link Sleeper}, the {@link
 * Ticker}, the classifier and the predicates. Every retry built from it ({@link Retry#of}, or a
 * {@link Registry} using it as a default or a template) uses those same objects: in particular they
 * all draw on one budget, which is the point of a budget (together they add at most its share of
 * extra load). A retry that needs a budget of its own needs a configuration of its own ({@code
 * config.toBuilder("db").budget(RetryBudget.of("db", 0.2, 10)).build()}). Each retry keeps its own
 * counters. The configuration never closes what it holds: the time limiter and the scheduler stay
 * the caller's to close.
 *
 * <p>Two configurations are {@link #equals equal} when they hold equal values and the same objects
 * (compared with their own {@code equals}, which for a budget, a time limiter, a scheduler and a
 * lambda is identity): equal configurations build retries that behave alike and share the same
 * budget.
 *
 * <p>This class is immutable and thread-safe. It is a class rather than a record so that options
 * can be added without breaking callers: build it with {@link #builder(String)} or {@link
 * #toBuilder(String)}.
 */
public final class RetryConfig {
  private final String label;
  private final int maxRetries;
  private final Duration maxDuration;
  private final Backoff backoff;
  private final double transientMultiplier;
  private final ErrorClassifier classifier;
  private final Predicate<Object> retryOnResult;
  private final Predicate<? super Throwable> abortIf;
  private final Function<? super Throwable, Duration> retryAfter;
  private final RetryBudget budget;
  private final TimeLimiter timeLimiter;
  private final Duration attemptTimeout;
  private final Ticker ticker;
  private final Sleeper sleeper;
  private final Scheduler scheduler;

  private RetryConfig(Builder b) {
    label = b.label;
    maxRetries = b.maxRetries;
    maxDuration = b.maxDuration;
    backoff = b.backoff;
    transientMultiplier = b.transientMultiplier;
    classifier = b.classifier;
    retryOnResult = b.retryOnResult;
    abortIf = b.abortIf;
    retryAfter = b.retryAfter;
    budget = b.budget;
    timeLimiter = b.timeLimiter;
    attemptTimeout = b.attemptTimeout;
    ticker = b.ticker;
    sleeper = b.sleeper;
    scheduler = b.scheduler;
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
   * Retries after the first attempt (10 by default; 0 means try once).
   *
   * @return the count, 0 to 10000
   */
  public int maxRetries() {
    return maxRetries;
  }

  /**
   * The most time all attempts and waits may take.
   *
   * @return the duration, or {@code null} for no limit
   */
  public Duration maxDuration() {
    return maxDuration;
  }

  /**
   * The delays between attempts.
   *
   * @return the backoff
   */
  public Backoff backoff() {
    return backoff;
  }

  /**
   * How much longer to wait after a TRANSIENT failure than after a RETRIABLE one.
   *
   * @return the multiplier, in [1,100]
   */
  public double transientMultiplier() {
    return transientMultiplier;
  }

  /**
   * What categorises failures.
   *
   * @return the classifier
   */
  public ErrorClassifier classifier() {
    return classifier;
  }

  /**
   * Results to retry.
   *
   * @return the predicate, or {@code null} if none
   */
  public Predicate<Object> retryOnResult() {
    return retryOnResult;
  }

  /**
   * Failures never to retry, whatever their category.
   *
   * @return the predicate, or {@code null} if none
   */
  public Predicate<? super Throwable> abortIf() {
    return abortIf;
  }

  /**
   * What reads a retry-after hint from a failure.
   *
   * @return the function, or {@code null} for the default (which reads a {@link
   *     dev.levee.errors.ClassifiedException}'s {@code retry_after_ms} metadata)
   */
  public Function<? super Throwable, Duration> retryAfter() {
    return retryAfter;
  }

  /**
   * The retry budget, shared by every retry built from this configuration.
   *
   * @return the budget, or {@code null} if none
   */
  public RetryBudget budget() {
    return budget;
  }

  /**
   * What limits each attempt, with {@link #attemptTimeout()}; the caller's to close.
   *
   * @return the time limiter, or {@code null} if attempts are not limited
   */
  public TimeLimiter timeLimiter() {
    return timeLimiter;
  }

  /**
   * The limit of each attempt, with {@link #timeLimiter()}.
   *
   * @return the duration, or {@code null} if attempts are not limited
   */
  public Duration attemptTimeout() {
    return attemptTimeout;
  }

  /**
   * What measures elapsed time (read only once something fails, or at the start of a call with a
   * {@link #maxDuration()}).
   *
   * @return the ticker
   */
  public Ticker ticker() {
    return ticker;
  }

  /**
   * How blocking retries wait between attempts.
   *
   * @return the sleeper
   */
  public Sleeper sleeper() {
    return sleeper;
  }

  /**
   * Where attempts of asynchronous calls are scheduled; the caller's to shut down.
   *
   * @return the scheduler, or {@code null} (then {@link Retry#callAsync} is unavailable)
   */
  public Scheduler scheduler() {
    return scheduler;
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
   * A builder holding this configuration's values and the same objects (budget, time limiter,
   * scheduler...): what it builds shares them unless they are replaced.
   *
   * @param label the new configuration's label
   * @return a builder
   */
  public Builder toBuilder(String label) {
    Builder b = new Builder(Objects.requireNonNull(label, "label"));
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

  /**
   * Whether {@code other} is a configuration with equal values that holds the same objects (each
   * compared with its own {@code equals}: identity for a budget, a time limiter, a scheduler or a
   * lambda), so that retries built from either behave alike and share one budget.
   *
   * @param other the object to compare with
   * @return {@code true} if equal
   */
  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof RetryConfig)) {
      return false;
    }
    RetryConfig o = (RetryConfig) other;
    return label.equals(o.label)
        && maxRetries == o.maxRetries
        && Objects.equals(maxDuration, o.maxDuration)
        && backoff.equals(o.backoff)
        && Double.compare(transientMultiplier, o.transientMultiplier) == 0
        && classifier.equals(o.classifier)
        && Objects.equals(retryOnResult, o.retryOnResult)
        && Objects.equals(abortIf, o.abortIf)
        && Objects.equals(retryAfter, o.retryAfter)
        && Objects.equals(budget, o.budget)
        && Objects.equals(timeLimiter, o.timeLimiter)
        && Objects.equals(attemptTimeout, o.attemptTimeout)
        && ticker.equals(o.ticker)
        && sleeper.equals(o.sleeper)
        && Objects.equals(scheduler, o.scheduler);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
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

  @Override
  public String toString() {
    return "RetryConfig[label="
        + label
        + ", maxRetries="
        + maxRetries
        + ", maxDuration="
        + maxDuration
        + ", backoff="
        + backoff
        + ", transientMultiplier="
        + transientMultiplier
        + ", classifier="
        + classifier
        + ", retryOnResult="
        + retryOnResult
        + ", abortIf="
        + abortIf
        + ", retryAfter="
        + retryAfter
        + ", budget="
        + budget
        + ", timeLimiter="
        + timeLimiter
        + ", attemptTimeout="
        + attemptTimeout
        + ", ticker="
        + ticker
        + ", sleeper="
        + sleeper
        + ", scheduler="
        + scheduler
        + "]";
  }

  /**
   * Builds a {@link RetryConfig}. Each setter checks its value at once, naming it: {@code retry
   * "db": maxRetries must be in [0,10000], was -1}. Not thread-safe; a built configuration never
   * changes.
   */
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
      return new RetryConfig(this);
    }
  }
}
