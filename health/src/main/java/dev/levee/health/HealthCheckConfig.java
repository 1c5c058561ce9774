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
 * How a {@link HealthMonitor} runs one check and judges its results. Immutable; build it with
 * {@link #builder(String)}.
 *
 * <p>Hysteresis: once a check has a first result, its reported status turns from UP to failing only
 * after {@code failureAttempts} consecutive results that are not UP, and back to UP only after
 * {@code successAttempts} consecutive UP results, so one slow query or one lucky probe does not
 * flip readiness. The first result is taken as it is: before it, the check reports {@code
 * initialStatus}.
 *
 * @param name the check's name: letters, digits, {@code . _ -}, at most 63 characters
 * @param groups the groups it belongs to (default: {@link HealthGroup#READY}); may be empty, in
 *     which case only {@code /health} shows it
 * @param interval time between runs (default 5s), in [10ms, 1d]
 * @param timeout the longest a run may take (default {@link Timeouts#healthCheck()}, 2s), in [1ms,
 *     1h]; a run still going then is interrupted and reported DOWN
 * @param initialDelay time before the first run (default 0)
 * @param initialStatus what the check reports before its first result (default DOWN): readiness and
 *     other groups count it, liveness does not (see {@link HealthMonitor})
 * @param failureAttempts consecutive failing results before UP turns to failing (default 3), in [1,
 *     100]
 * @param successAttempts consecutive UP results before failing turns to UP (default 2), in [1, 100]
 * @param critical whether DOWN makes its groups DOWN (default true); a non-critical DOWN makes them
 *     DEGRADED
 * @param staleAfter how old the last result may be before it is reported DOWN as stale (default:
 *     three intervals plus the timeout), at least {@code interval}
 */
public record HealthCheckConfig(
    String name,
    Set<HealthGroup> groups,
    Duration interval,
    Duration timeout,
    Duration initialDelay,
    Status initialStatus,
    int failureAttempts,
    int successAttempts,
    boolean critical,
    Duration staleAfter) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

  /**
   * Checks the values. Each parameter is the record component of the same name.
   *
   * @param name see {@link #name()}
   * @param groups see {@link #groups()}
   * @param interval see {@link #interval()}
   * @param timeout see {@link #timeout()}
   * @param initialDelay see {@link #initialDelay()}
   * @param initialStatus see {@link #initialStatus()}
   * @param failureAttempts see {@link #failureAttempts()}
   * @param successAttempts see {@link #successAttempts()}
   * @param critical see {@link #critical()}
   * @param staleAfter see {@link #staleAfter()}
   * @throws IllegalArgumentException naming the field, the value and the rule
   */
  public HealthCheckConfig {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "health check name must be letters, digits, '.', '_' or '-', starting with a letter or"
              + " digit, at most 63 characters, was \""
              + name
              + "\"");
    }
    String prefix = "health check \"" + name + "\": ";
    Objects.requireNonNull(groups, prefix + "groups must be set");
    groups = Collections.unmodifiableSet(new LinkedHashSet<>(groups));
    within(prefix, "interval", interval, Duration.ofMillis(10), Duration.ofDays(1));
    within(prefix, "timeout", timeout, Duration.ofMillis(1), Duration.ofHours(1));
    within(prefix, "initialDelay", initialDelay, Duration.ZERO, Duration.ofDays(1));
    Objects.requireNonNull(initialStatus, prefix + "initialStatus must be set");
    Require.inRange(prefix + "failureAttempts", failureAttempts, 1, 100);
    Require.inRange(prefix + "successAttempts", successAttempts, 1, 100);
    if (staleAfter == null) {
      staleAfter = interval.multipliedBy(3).plus(timeout);
    }
    if (staleAfter.compareTo(interval) < 0) {
      throw new IllegalArgumentException(
          prefix
              + "staleAfter must be at least the interval ("
              + Durations.format(interval)
              + "), was "
              + Durations.format(staleAfter));
    }
  }

  private static void within(
      String prefix, String field, Duration value, Duration min, Duration max) {
    Require.inRange(prefix + field, value, min, max);
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
      return new HealthCheckConfig(
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
  }
}
