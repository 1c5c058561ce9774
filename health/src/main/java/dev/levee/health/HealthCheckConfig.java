package dev.levee.health;

import dev.levee.common.internal.Require;
import dev.levee.timeouts.Durations;
import dev.levee.timeouts.Timeouts;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How a {@link HealthMonitor} runs one check and judges its results. Build it with {@link
 * #builder(String)}; {@link Builder#build()} checks every value, naming it: {@code health check
 * "db": interval must be in [10ms, 24h], was 5ms}.
 *
 * <p>Hysteresis: once a check has a first result, its reported status turns from UP to failing only
 * after {@code failureAttempts} consecutive results that are not UP, and back to UP only after
 * {@code successAttempts} consecutive UP results, so one slow query or one lucky probe does not
 * flip readiness. The first result is taken as it is: before it, the check reports {@code
 * initialStatus}.
 *
 * <p>This class is immutable and thread-safe. It is a class rather than a record so that options
 * can be added without breaking callers: build it with {@link #builder(String)} or {@link
 * #toBuilder(String)}.
 */
public final class HealthCheckConfig {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

  private final String name;
  private final Set<HealthGroup> groups;
  private final Duration interval;
  private final Duration timeout;
  private final Duration initialDelay;
  private final Status initialStatus;
  private final int failureAttempts;
  private final int successAttempts;
  private final boolean critical;
  private final Duration staleAfter;
  // What the builder held, so that toBuilder keeps a default a default: a copy with another
  // interval or timeout gets the staleness limit that follows from them unless one was set.
  private final Duration staleAfterAsSet;

  private HealthCheckConfig(Builder b) {
    name = b.name;
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "health check name must be letters, digits, '.', '_' or '-', starting with a letter or"
              + " digit, at most 63 characters, was \""
              + name
              + "\"");
    }
    String prefix = "health check \"" + name + "\": ";
    Objects.requireNonNull(b.groups, prefix + "groups must be set");
    groups = Collections.unmodifiableSet(new LinkedHashSet<>(b.groups));
    interval = within(prefix, "interval", b.interval, Duration.ofMillis(10), Duration.ofDays(1));
    timeout = within(prefix, "timeout", b.timeout, Duration.ofMillis(1), Duration.ofHours(1));
    initialDelay =
        within(prefix, "initialDelay", b.initialDelay, Duration.ZERO, Duration.ofDays(1));
    initialStatus = Objects.requireNonNull(b.initialStatus, prefix + "initialStatus must be set");
    failureAttempts = b.failureAttempts;
    Require.inRange(prefix + "failureAttempts", failureAttempts, 1, 100);
    successAttempts = b.successAttempts;
    Require.inRange(prefix + "successAttempts", successAttempts, 1, 100);
    critical = b.critical;
    staleAfterAsSet = b.staleAfter;
    staleAfter = b.staleAfter == null ? interval.multipliedBy(3).plus(timeout) : b.staleAfter;
    if (staleAfter.compareTo(interval) < 0) {
      throw new IllegalArgumentException(
          prefix
              + "staleAfter must be at least the interval ("
              + Durations.format(interval)
              + "), was "
              + Durations.format(staleAfter));
    }
  }

  private static Duration within(
      String prefix, String field, Duration value, Duration min, Duration max) {
    Require.inRange(prefix + field, value, min, max);
    return value;
  }

  /**
   * The check's name: letters, digits, {@code . _ -}, at most 63 characters.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * The groups the check belongs to (default: {@link HealthGroup#READY}); may be empty, in which
   * case only {@code /health} shows it.
   *
   * @return the groups, read-only, in the order given
   */
  public Set<HealthGroup> groups() {
    return groups;
  }

  /**
   * Time between runs (default 5s).
   *
   * @return the interval, in [10ms, 1d]
   */
  public Duration interval() {
    return interval;
  }

  /**
   * The longest a run may take (default {@link Timeouts#healthCheck()}, 2s); a run still going then
   * is interrupted and reported DOWN.
   *
   * @return the timeout, in [1ms, 1h]
   */
  public Duration timeout() {
    return timeout;
  }

  /**
   * Time before the first run (default 0).
   *
   * @return the delay, in [0, 1d]
   */
  public Duration initialDelay() {
    return initialDelay;
  }

  /**
   * What the check reports before its first result (default DOWN): readiness and other groups count
   * it, liveness does not (see {@link HealthMonitor}).
   *
   * @return the status
   */
  public Status initialStatus() {
    return initialStatus;
  }

  /**
   * Consecutive failing results before UP turns to failing (default 3).
   *
   * @return the count, in [1, 100]
   */
  public int failureAttempts() {
    return failureAttempts;
  }

  /**
   * Consecutive UP results before failing turns to UP (default 2).
   *
   * @return the count, in [1, 100]
   */
  public int successAttempts() {
    return successAttempts;
  }

  /**
   * Whether DOWN makes the check's groups DOWN (default true); a non-critical DOWN makes them
   * DEGRADED.
   *
   * @return whether the check is critical
   */
  public boolean critical() {
    return critical;
  }

  /**
   * How old the last result may be before it is reported DOWN as stale: as set, or three intervals
   * plus the timeout.
   *
   * @return the limit, at least {@link #interval()}
   */
  public Duration staleAfter() {
    return staleAfter;
  }

  /**
   * Starts a configuration with the defaults.
   *
   * @param name the check's name
   * @return a builder
   */
  public static Builder builder(String name) {
    return new Builder(Objects.requireNonNull(name, "name"));
  }

  /**
   * Whether the check belongs to {@code group}.
   *
   * @param group the group
   * @return whether it is a member
   */
  public boolean in(HealthGroup group) {
    return groups.contains(group);
  }

  /**
   * Starts a builder holding this configuration's values; a staleness limit that was not set stays
   * unset, so it follows the interval and timeout the copy is given.
   *
   * @param name the new configuration's check name
   * @return a builder
   */
  public Builder toBuilder(String name) {
    Builder b = new Builder(Objects.requireNonNull(name, "name"));
    b.groups = groups;
    b.interval = interval;
    b.timeout = timeout;
    b.initialDelay = initialDelay;
    b.initialStatus = initialStatus;
    b.failureAttempts = failureAttempts;
    b.successAttempts = successAttempts;
    b.critical = critical;
    b.staleAfter = staleAfterAsSet;
    return b;
  }

  /**
   * Whether {@code other} is a configuration with the same values.
   *
   * @param other the object to compare with
   * @return {@code true} if equal
   */
  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof HealthCheckConfig)) {
      return false;
    }
    HealthCheckConfig o = (HealthCheckConfig) other;
    return name.equals(o.name)
        && groups.equals(o.groups)
        && interval.equals(o.interval)
        && timeout.equals(o.timeout)
        && initialDelay.equals(o.initialDelay)
        && initialStatus == o.initialStatus
        && failureAttempts == o.failureAttempts
        && successAttempts == o.successAttempts
        && critical == o.critical
        && staleAfter.equals(o.staleAfter);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        name,
        groups,
        interval,
        timeout,
        initialDelay,
        initialStatus,
        failureAttempts,
        successAttempts,
        critical,
        staleAfter);
  }

  @Override
  public String toString() {
    return "HealthCheckConfig[name="
        + name
        + ", groups="
        + groups
        + ", interval="
        + interval
        + ", timeout="
        + timeout
        + ", initialDelay="
        + initialDelay
        + ", initialStatus="
        + initialStatus
        + ", failureAttempts="
        + failureAttempts
        + ", successAttempts="
        + successAttempts
        + ", critical="
        + critical
        + ", staleAfter="
        + staleAfter
        + "]";
  }

  /** Builds a {@link HealthCheckConfig}. Not thread-safe; {@link #build()} checks every value. */
  public static final class Builder {
    private final String name;
    private Set<HealthGroup> groups = Set.of(HealthGroup.READY);
    private Duration interval = Duration.ofSeconds(5);
    private Duration timeout = Timeouts.defaults().healthCheck();
    private Duration initialDelay = Duration.ZERO;
    private Status initialStatus = Status.DOWN;
    private int failureAttempts = 3;
    private int successAttempts = 2;
    private boolean critical = true;
    private Duration staleAfter;

    private Builder(String name) {
      this.name = name;
    }

    /**
     * Sets the groups (default: ready).
     *
     * @param groups the groups; none means {@code /health} only
     * @return this builder
     */
    public Builder groups(HealthGroup... groups) {
      this.groups = new LinkedHashSet<>(Arrays.asList(groups));
      return this;
    }

    /**
     * Sets the groups by name.
     *
     * @param groups group names, such as {@code "live"}
     * @return this builder
     * @throws IllegalArgumentException naming a bad group name
     */
    public Builder groups(String... groups) {
      Set<HealthGroup> set = new LinkedHashSet<>();
      for (String g : groups) {
        set.add(HealthGroup.of(g));
      }
      this.groups = set;
      return this;
    }

    /**
     * Sets the time between runs (default 5s).
     *
     * @param interval in [10ms, 1d]
     * @return this builder
     */
    public Builder interval(Duration interval) {
      this.interval = interval;
      return this;
    }

    /**
     * Sets the longest a run may take (default 2s).
     *
     * @param timeout in [1ms, 1h]
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /**
     * Sets the time before the first run (default 0).
     *
     * @param initialDelay in [0, 1d]
     * @return this builder
     */
    public Builder initialDelay(Duration initialDelay) {
      this.initialDelay = initialDelay;
      return this;
    }

    /**
     * Sets what the check reports before its first result (default DOWN).
     *
     * @param initialStatus the status
     * @return this builder
     */
    public Builder initialStatus(Status initialStatus) {
      this.initialStatus = initialStatus;
      return this;
    }

    /**
     * Sets how many failing results in a row turn UP to failing (default 3).
     *
     * @param failureAttempts in [1, 100]
     * @return this builder
     */
    public Builder failureAttempts(int failureAttempts) {
      this.failureAttempts = failureAttempts;
      return this;
    }

    /**
     * Sets how many UP results in a row turn failing to UP (default 2).
     *
     * @param successAttempts in [1, 100]
     * @return this builder
     */
    public Builder successAttempts(int successAttempts) {
      this.successAttempts = successAttempts;
      return this;
    }

    /**
     * Sets whether DOWN makes the groups DOWN (default true) or only DEGRADED.
     *
     * @param critical whether the check is critical
     * @return this builder
     */
    public Builder critical(boolean critical) {
      this.critical = critical;
      return this;
    }

    /**
     * Sets how old a result may be before it is reported DOWN as stale (default three intervals
     * plus the timeout).
     *
     * @param staleAfter at least the interval
     * @return this builder
     */
    public Builder staleAfter(Duration staleAfter) {
      this.staleAfter = staleAfter;
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @return the configuration
     * @throws IllegalArgumentException naming the field, the value and the rule
     */
    public HealthCheckConfig build() {
      return new HealthCheckConfig(this);
    }
  }
}
