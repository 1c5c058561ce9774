package dev.levee.core.internal;

import dev.levee.timeouts.Durations;
import java.time.Duration;
import java.util.Objects;

/**
 * Validation for the configuration records: every message names the configuration, the field, the
 * rule and the value, as in {@code retry "db": maxRetries must be in [0,10000], was -1}.
 */
public final class Rules {
  private final String prefix;

  /**
   * Rules for one configuration.
   *
   * @param kind the primitive, as messages name it ({@code circuitBreaker})
   * @param label the configuration's label
   */
  public Rules(String kind, String label) {
    this.prefix = kind + " \"" + Objects.requireNonNull(label, "label") + "\": ";
  }

  /**
   * The failure for a broken rule.
   *
   * @param rule what must hold ({@code k must be in [1,10]})
   * @param value the value that broke it
   * @return the exception to throw
   */
  public IllegalArgumentException fail(String rule, Object value) {
    return new IllegalArgumentException(prefix + rule + ", was " + value);
  }

  /**
   * Throws unless {@code holds}.
   *
   * @param holds whether the rule holds
   * @param rule what must hold
   * @param value the value checked
   */
  public void check(boolean holds, String rule, Object value) {
    if (!holds) {
      throw fail(rule, value);
    }
  }

  /**
   * A required value.
   *
   * @param <T> its type
   * @param field the field's name
   * @param value the value
   * @return the value
   * @throws NullPointerException naming the field if it is {@code null}
   */
  public <T> T set(String field, T value) {
    return Objects.requireNonNull(value, prefix + field + " must be set");
  }

  /**
   * An integer with a lower bound.
   *
   * @param field the field's name
   * @param value the value
   * @param min the least allowed
   */
  public void atLeast(String field, long value, long min) {
    check(value >= min, field + " must be at least " + min, value);
  }

  /**
   * An integer within bounds.
   *
   * @param field the field's name
   * @param value the value
   * @param min the least allowed
   * @param max the most allowed
   */
  public void range(String field, long value, long min, long max) {
    check(value >= min && value <= max, field + " must be in [" + min + "," + max + "]", value);
  }

  /**
   * A percentage above 0, at most 100.
   *
   * @param field the field's name
   * @param value the value
   */
  public void percent(String field, double value) {
    check(value > 0 && value <= 100, field + " must be in (0,100]", value);
  }

  /**
   * A required positive duration.
   *
   * @param field the field's name
   * @param value the value
   * @param max the longest allowed
   * @param maxText how messages show {@code max} ({@code 365d})
   */
  public void positive(String field, Duration value, Duration max, String maxText) {
    set(field, value);
    check(!value.isNegative() && !value.isZero(), field + " must be positive", show(value));
    check(value.compareTo(max) <= 0, field + " must be at most " + maxText, show(value));
  }

  /**
   * A time window cut into buckets: at least one whole bucket, at most {@code maxBuckets}.
   *
   * @param window the window's field name
   * @param windowValue the window
   * @param bucket the bucket's field name
   * @param bucketValue the bucket, at least 100ms
   * @param maxBuckets the most buckets
   * @param unit what the bucket-count message ends with ({@code ""} or {@code " buckets"})
   */
  public void buckets(
      String window,
      Duration windowValue,
      String bucket,
      Duration bucketValue,
      long maxBuckets,
      String unit) {
    check(
        bucketValue.compareTo(Duration.ofMillis(100)) >= 0,
        bucket + " must be at least 100ms",
        show(bucketValue));
    check(
        windowValue.compareTo(bucketValue) >= 0
            && windowValue.toNanos() % bucketValue.toNanos() == 0,
        window + " must be a whole number of buckets (" + show(bucketValue) + ")",
        show(windowValue));
    long buckets = windowValue.toNanos() / bucketValue.toNanos();
    check(
        buckets <= maxBuckets,
        window + " / " + bucket + " must be at most " + maxBuckets + unit,
        buckets);
  }

  /**
   * How messages show a duration.
   *
   * @param d the duration
   * @return its short form ({@code 250ms})
   */
  public static String show(Duration d) {
    return Durations.format(d);
  }
}
