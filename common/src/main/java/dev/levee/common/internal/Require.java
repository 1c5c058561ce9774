package dev.levee.common.internal;

import java.time.Duration;

/**
 * Argument checks for every Levee module, each failing with one line that names the argument, the
 * rule and the value: {@code heartbeat check: timeout must be positive, was 0s}. {@code what} is
 * the argument as the message should name it, with whatever says whose argument it is ({@code "raft
 * check: electionGrace"}); durations are shown as {@link DurationFormat} writes them. Each check
 * returns its value, so a field can be set and checked in one line. A check that passes builds no
 * string and allocates nothing.
 *
 * <p>A missing value is a {@link NullPointerException} ({@code <what> must be set}); a value that
 * breaks its rule, an {@link IllegalArgumentException}. Configuration records of the core module
 * word their rules with their own prefix ({@code retry "db": ...}) in {@code
 * dev.levee.core.internal.Rules}.
 */
public final class Require {
  private Require() {}

  /**
   * A text that is neither {@code null} nor blank, such as a name.
   *
   * @param what the argument, as messages name it ({@code "bulkhead: name"})
   * @param value the value
   * @return the value
   * @throws IllegalArgumentException {@code <what> must not be blank}, for {@code null} too
   */
  public static String notBlank(String what, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
    return value;
  }

  /**
   * A duration above zero.
   *
   * @param what the argument, as messages name it
   * @param value the value
   * @return the value
   * @throws NullPointerException if the value is {@code null}
   * @throws IllegalArgumentException {@code <what> must be positive, was <value>}
   */
  public static Duration positive(String what, Duration value) {
    set(what, value);
    if (value.isNegative() || value.isZero()) {
      throw fail(what, "must be positive", value);
    }
    return value;
  }

  /**
   * A duration above zero and at most {@code max}.
   *
   * @param what the argument, as messages name it
   * @param value the value
   * @param max the longest allowed
   * @return the value
   * @throws NullPointerException if the value is {@code null}
   * @throws IllegalArgumentException {@code <what> must be positive, was <value>} or {@code <what>
   *     must be at most <max>, was <value>}
   */
  public static Duration positive(String what, Duration value, Duration max) {
    positive(what, value);
    if (value.compareTo(max) > 0) {
      throw fail(what, "must be at most " + DurationFormat.format(max), value);
    }
    return value;
  }

  /**
   * A duration of zero or more.
   *
   * @param what the argument, as messages name it
   * @param value the value
   * @return the value
   * @throws NullPointerException if the value is {@code null}
   * @throws IllegalArgumentException {@code <what> must not be negative, was <value>}
   */
  public static Duration nonNegative(String what, Duration value) {
    set(what, value);
    if (value.isNegative()) {
      throw fail(what, "must not be negative", value);
    }
    return value;
  }

  /**
   * A duration of at least {@code min}.
   *
   * @param what the argument, as messages name it
   * @param value the value
   * @param min the shortest allowed
   * @return the value
   * @throws NullPointerException if the value is {@code null}
   * @throws IllegalArgumentException {@code <what> must be at least <min>, was <value>}
   */
  public static Duration atLeast(String what, Duration value, Duration min) {
    set(what, value);
    if (value.compareTo(min) < 0) {
      throw fail(what, "must be at least " + DurationFormat.format(min), value);
    }
    return value;
  }

  /**
   * A duration within bounds, both included.
   *
   * @param what the argument, as messages name it
   * @param value the value
   * @param min the shortest allowed
   * @param max the longest allowed
   * @return the value
   * @throws NullPointerException if the value is {@code null}
   * @throws IllegalArgumentException {@code <what> must be in [<min>, <max>], was <value>}
   */
  public static Duration inRange(String what, Duration value, Duration min, Duration max) {
    set(what, value);
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw fail(what, "must be in [" + bound(min) + ", " + bound(max) + "]", value);
    }
    return value;
  }

  /**
   * A number of at least {@code min}.
   *
   * @param what the argument, as messages name it
   * @param value the value
   * @param min the least allowed
   * @return the value
   * @throws IllegalArgumentException {@code <what> must be at least <min>, was <value>}
   */
  public static int atLeast(String what, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(what + " must be at least " + min + ", was " + value);
    }
    return value;
  }

  /**
   * A number within bounds, both included.
   *
   * @param what the argument, as messages name it
   * @param value the value
   * @param min the least allowed
   * @param max the most allowed
   * @return the value
   * @throws IllegalArgumentException {@code <what> must be in [<min>, <max>], was <value>}
   */
  public static int inRange(String what, int value, int min, int max) {
    return (int) inRange(what, (long) value, min, max);
  }

  /**
   * A number within bounds, both included.
   *
   * @param what the argument, as messages name it
   * @param value the value
   * @param min the least allowed
   * @param max the most allowed
   * @return the value
   * @throws IllegalArgumentException {@code <what> must be in [<min>, <max>], was <value>}
   */
  public static long inRange(String what, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          what + " must be in [" + min + ", " + max + "], was " + value);
    }
    return value;
  }

  private static void set(String what, Duration value) {
    if (value == null) {
      throw new NullPointerException(what + " must be set");
    }
  }

  /** A range's end as messages show it: {@code 0} for zero ({@code [0, 1h]}), else as a value. */
  private static String bound(Duration d) {
    return d.isZero() ? "0" : DurationFormat.format(d);
  }

  private static IllegalArgumentException fail(String what, String rule, Duration value) {
    return new IllegalArgumentException(
        what + " " + rule + ", was " + DurationFormat.format(value));
  }
}
