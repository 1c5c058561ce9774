package dev.levee.timeouts;

import dev.levee.common.internal.Require;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Named operation timeouts: one place that says how long each kind of operation may take, read by
 * name ({@link #timeoutFor(String)}, {@link TimeLimiter}) or by accessor.
 *
 * <p>Seven operations have defaults. They are the defaults of the plan Levee was built for, a
 * service that runs a replicated (Raft) state machine, and are kept here rather than with Raft
 * because most of them name the application's own calls, which a Raft library makes and Levee only
 * bounds: a proposal is a write through consensus whatever library runs it, and a {@link
 * TimeLimiter} bounds it by this name without any Raft or health code on the class path (Levee's
 * Raft code, {@code dev.levee.health.raft}, observes a node; it proposes nothing). A service
 * without Raft ignores the names it does not use: they cost a map entry each, and its own
 * operations sit beside them ({@code builder().timeout("db.query", ofMillis(300))}).
 *
 * <table class="striped">
 *   <caption>Default timeouts</caption>
 *   <thead><tr><th>operation</th><th>default</th><th>read by</th></tr></thead>
 *   <tbody>
 *     <tr><td>{@value #HEALTH_CHECK}</td><td>2s</td>
 *       <td>the health module: a check's timeout unless its {@code HealthCheckConfig} sets one</td></tr>
 *     <tr><td>{@value #HEARTBEAT_TIMEOUT}</td><td>30s (must exceed the heartbeat interval)</td>
 *       <td>the health module's {@code HeartbeatHealthCheck.create()}</td></tr>
 *     <tr><td>{@value #LEADER_ELECTION}</td><td>10s</td>
 *       <td>the health module's {@code RaftHealthCheck}: how long a node may know no leader</td></tr>
 *     <tr><td>{@value #PROPOSAL}</td><td>5s</td><td>the application: a Raft proposal</td></tr>
 *     <tr><td>{@value #HEARTBEAT_INTERVAL}</td><td>10s</td>
 *       <td>the application: how often its heartbeats are sent</td></tr>
 *     <tr><td>{@value #REBALANCE}</td><td>30s</td>
 *       <td>the application: a partition or shard rebalance</td></tr>
 *     <tr><td>{@value #SNAPSHOT}</td><td>60s</td>
 *       <td>the application: taking or installing a snapshot</td></tr>
 *   </tbody>
 * </table>
 *
 * <p>The health module reads {@link #defaults()}; a configured instance reaches it where it is
 * passed ({@code levee-config} applies {@value #HEALTH_CHECK} to every check it builds; pass {@link
 * #leaderElection()} to {@code RaftHealthCheck.Builder.electionGrace} and {@link
 * #heartbeatTimeout()} to {@code HeartbeatHealthCheck.of(timeout, ticker)} to follow a
 * configuration).
 *
 * <p>{@link #timeoutFor(String)} fails for an operation nobody named, unless a {@linkplain
 * Builder#defaultTimeout(Duration) default} is set: a typo in an operation name should be loud, not
 * silently get some other limit.
 *
 * <p>Every timeout is positive and at most {@link #MAX_TIMEOUT}. Instances are immutable and
 * thread-safe.
 */
public final class Timeouts {
  /** A Raft proposal (a client write through consensus): the plan's default 5s. */
  public static final String PROPOSAL = "proposal";

  /** One run of a health check: 2s, the default timeout of every health check. */
  public static final String HEALTH_CHECK = "health_check";

  /** A partition or shard rebalance: the plan's default 30s. */
  public static final String REBALANCE = "rebalance";

  /** How often a node's heartbeats are sent: the plan's default 10s. */
  public static final String HEARTBEAT_INTERVAL = "heartbeat_interval";

  /**
   * How long without a heartbeat before a peer is considered gone: 30s, the default of the health
   * module's heartbeat check. Must exceed {@link #HEARTBEAT_INTERVAL}.
   */
  public static final String HEARTBEAT_TIMEOUT = "heartbeat_timeout";

  /** A leader election: 10s, the default election grace of the health module's Raft check. */
  public static final String LEADER_ELECTION = "leader_election";

  /** Taking or installing a snapshot: the plan's default 60s. */
  public static final String SNAPSHOT = "snapshot";

  /** The longest timeout accepted: a year. Anything longer is a mistake, not a limit. */
  public static final Duration MAX_TIMEOUT = Duration.ofDays(365);

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-]*");

  private static final Timeouts DEFAULTS = new Builder().build();

  private final Map<String, Duration> timeouts;
  private final Duration defaultTimeout;

  private Timeouts(Builder builder) {
    this.timeouts = Collections.unmodifiableMap(new TreeMap<>(builder.timeouts));
    this.defaultTimeout = builder.defaultTimeout;
  }

  /**
   * The defaults in the class documentation, with no default for other operations.
   *
   * @return the default timeouts
   */
  public static Timeouts defaults() {
    return DEFAULTS;
  }

  /**
   * Starts from the defaults.
   *
   * @return a builder holding the default timeouts
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts from this instance's values.
   *
   * @return a builder holding these timeouts
   */
  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.timeouts.clear();
    builder.timeouts.putAll(timeouts);
    builder.defaultTimeout = defaultTimeout;
    return builder;
  }

  /**
   * The timeout of an operation.
   *
   * @param operation the operation name
   * @return its timeout, or the default timeout if the operation has none of its own
   * @throws IllegalArgumentException if the operation has no timeout and there is no default; the
   *     message lists the operations that do
   * @throws NullPointerException if {@code operation} is {@code null}
   */
  public Duration timeoutFor(String operation) {
    Duration timeout = timeouts.get(Objects.requireNonNull(operation, "operation"));
    if (timeout != null) {
      return timeout;
    }
    if (defaultTimeout != null) {
      return defaultTimeout;
    }
    throw new IllegalArgumentException(
        "timeouts: no timeout for operation \""
            + operation
            + "\" and no default timeout is set; known operations: "
            + timeouts.keySet());
  }

  /**
   * The timeout for operations without one of their own.
   *
   * @return the default, or empty if unknown operations are errors
   */
  public Optional<Duration> defaultTimeout() {
    return Optional.ofNullable(defaultTimeout);
  }

  /**
   * Every named operation and its timeout.
   *
   * @return an immutable map, sorted by operation name
   */
  public Map<String, Duration> asMap() {
    return timeouts;
  }

  /**
   * The {@value #PROPOSAL} timeout.
   *
   * @return the timeout
   */
  public Duration proposal() {
    return timeouts.get(PROPOSAL);
  }

  /**
   * The {@value #HEALTH_CHECK} timeout.
   *
   * @return the timeout
   */
  public Duration healthCheck() {
    return timeouts.get(HEALTH_CHECK);
  }

  /**
   * The {@value #REBALANCE} timeout.
   *
   * @return the timeout
   */
  public Duration rebalance() {
    return timeouts.get(REBALANCE);
  }

  /**
   * The {@value #HEARTBEAT_INTERVAL}.
   *
   * @return the interval
   */
  public Duration heartbeatInterval() {
    return timeouts.get(HEARTBEAT_INTERVAL);
  }

  /**
   * The {@value #HEARTBEAT_TIMEOUT}.
   *
   * @return the timeout
   */
  public Duration heartbeatTimeout() {
    return timeouts.get(HEARTBEAT_TIMEOUT);
  }

  /**
   * The {@value #LEADER_ELECTION} timeout.
   *
   * @return the timeout
   */
  public Duration leaderElection() {
    return timeouts.get(LEADER_ELECTION);
  }

  /**
   * The {@value #SNAPSHOT} timeout.
   *
   * @return the timeout
   */
  public Duration snapshot() {
    return timeouts.get(SNAPSHOT);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Timeouts
        && timeouts.equals(((Timeouts) other).timeouts)
        && Objects.equals(defaultTimeout, ((Timeouts) other).defaultTimeout);
  }

  @Override
  public int hashCode() {
    return timeouts.hashCode() * 31 + Objects.hashCode(defaultTimeout);
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("Timeouts{");
    timeouts.forEach(
        (op, d) -> out.append(op).append('=').append(Durations.format(d)).append(", "));
    out.append("default=")
        .append(defaultTimeout == null ? "none" : Durations.format(defaultTimeout));
    return out.append('}').toString();
  }

  /**
   * Builds {@link Timeouts}. Each setter checks its value at once; {@link #build()} checks the
   * rules between values and copies everything, so later changes never reach a built instance. Not
   * thread-safe.
   */
  public static final class Builder {
    private final Map<String, Duration> timeouts = new TreeMap<>();
    private Duration defaultTimeout;

    private Builder() {
      timeouts.put(PROPOSAL, Duration.ofSeconds(5));
      timeouts.put(HEALTH_CHECK, Duration.ofSeconds(2));
      timeouts.put(REBALANCE, Duration.ofSeconds(30));
      timeouts.put(HEARTBEAT_INTERVAL, Duration.ofSeconds(10));
      timeouts.put(HEARTBEAT_TIMEOUT, Duration.ofSeconds(30));
      timeouts.put(LEADER_ELECTION, Duration.ofSeconds(10));
      timeouts.put(SNAPSHOT, Duration.ofSeconds(60));
    }

    /**
     * Sets the timeout of an operation, adding the operation if it is new.
     *
     * @param operation a name of letters, digits, {@code _}, {@code .} and {@code -}, starting with
     *     a letter or digit
     * @param timeout positive, at most {@link #MAX_TIMEOUT}
     * @return this builder
     * @throws IllegalArgumentException naming the operation and the value, if either is invalid
     */
    public Builder timeout(String operation, Duration timeout) {
      if (operation == null || !NAME.matcher(operation).matches()) {
        throw new IllegalArgumentException(
            "timeouts: operation name must be letters, digits, '_', '.' or '-', starting with a"
                + " letter or digit, was "
                + (operation == null ? "null" : "\"" + operation + "\""));
      }
      timeouts.put(operation, check(operation, timeout));
      return this;
    }

    /**
     * Sets the timeout used for operations without one of their own; by default there is none and
     * {@link Timeouts#timeoutFor(String)} fails for them.
     *
     * @param timeout positive, at most {@link #MAX_TIMEOUT}, or {@code null} for none
     * @return this builder
     * @throws IllegalArgumentException if the timeout is not positive or too long
     */
    public Builder defaultTimeout(Duration timeout) {
      this.defaultTimeout = timeout == null ? null : check("default", timeout);
      return this;
    }

    /**
     * Sets the {@value #PROPOSAL} timeout.
     *
     * @param timeout the timeout
     * @return this builder
     * @throws IllegalArgumentException if the timeout is not positive or too long
     */
    public Builder proposal(Duration timeout) {
      return timeout(PROPOSAL, timeout);
    }

    /**
     * Sets the {@value #HEALTH_CHECK} timeout.
     *
     * @param timeout the timeout
     * @return this builder
     * @throws IllegalArgumentException if the timeout is not positive or too long
     */
    public Builder healthCheck(Duration timeout) {
      return timeout(HEALTH_CHECK, timeout);
    }

    /**
     * Sets the {@value #REBALANCE} timeout.
     *
     * @param timeout the timeout
     * @return this builder
     * @throws IllegalArgumentException if the timeout is not positive or too long
     */
    public Builder rebalance(Duration timeout) {
      return timeout(REBALANCE, timeout);
    }

    /**
     * Sets the {@value #HEARTBEAT_INTERVAL}.
     *
     * @param interval the interval
     * @return this builder
     * @throws IllegalArgumentException if the interval is not positive or too long
     */
    public Builder heartbeatInterval(Duration interval) {
      return timeout(HEARTBEAT_INTERVAL, interval);
    }

    /**
     * Sets the {@value #HEARTBEAT_TIMEOUT}; {@link #build()} checks it exceeds the interval.
     *
     * @param timeout the timeout
     * @return this builder
     * @throws IllegalArgumentException if the timeout is not positive or too long
     */
    public Builder heartbeatTimeout(Duration timeout) {
      return timeout(HEARTBEAT_TIMEOUT, timeout);
    }

    /**
     * Sets the {@value #LEADER_ELECTION} timeout.
     *
     * @param timeout the timeout
     * @return this builder
     * @throws IllegalArgumentException if the timeout is not positive or too long
     */
    public Builder leaderElection(Duration timeout) {
      return timeout(LEADER_ELECTION, timeout);
    }

    /**
     * Sets the {@value #SNAPSHOT} timeout.
     *
     * @param timeout the timeout
     * @return this builder
     * @throws IllegalArgumentException if the timeout is not positive or too long
     */
    public Builder snapshot(Duration timeout) {
      return timeout(SNAPSHOT, timeout);
    }

    /**
     * Checks the rules between values and builds.
     *
     * @return immutable timeouts
     * @throws IllegalArgumentException if the heartbeat timeout does not exceed the heartbeat
     *     interval
     */
    public Timeouts build() {
      Duration interval = timeouts.get(HEARTBEAT_INTERVAL);
      Duration timeout = timeouts.get(HEARTBEAT_TIMEOUT);
      if (timeout.compareTo(interval) <= 0) {
        throw new IllegalArgumentException(
            "timeouts: "
                + HEARTBEAT_TIMEOUT
                + " must be greater than "
                + HEARTBEAT_INTERVAL
                + " ("
                + Durations.format(interval)
                + "), was "
                + Durations.format(timeout));
      }
      return new Timeouts(this);
    }

    private static Duration check(String field, Duration value) {
      return Require.positive("timeouts: " + field, value, MAX_TIMEOUT);
    }
  }
}
