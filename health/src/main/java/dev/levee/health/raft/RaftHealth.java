package dev.levee.health.raft;

import dev.levee.health.HealthCheck;
import dev.levee.health.HealthCheckConfig;
import dev.levee.health.HealthGroup;
import dev.levee.health.HealthMonitor;
import dev.levee.health.HealthResult;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Registers a Raft node's health on a monitor in one call, split by what each probe should act on:
 *
 * <ul>
 *   <li>{@code raft} (group {@code raft}, and {@code ready} if asked): the full judgement of {@link
 *       RaftHealthCheck};
 *   <li>{@code raft-live} (group {@code live}): the node runs and its storage is healthy. Never
 *       quorum or leadership: a restart fixes neither, and restarting every node of a group that
 *       lost quorum makes it worse (etcd #13340);
 *   <li>{@code raft-ready} (group {@code ready}): a leader is known and, on the leader, it is ready
 *       (has committed an entry of its term): a node without a leader cannot take writes;
 *   <li>{@code raft-started} (group {@code started}): the node has caught up, its applied index
 *       having reached the commit index it saw when the check first ran.
 * </ul>
 *
 * <pre>{@code
 * RaftHealth.register(monitor, RatisRaftStatusSource.of(division));
 * }</pre>
 *
 * The checks run every second and take each result as it is (one failing or passing result
 * suffices): the Raft thresholds already say how long to wait.
 */
public final class RaftHealth {
  private final RaftStatusSource source;
  private String name = "raft";
  private boolean inReady;
  private Duration interval = Duration.ofSeconds(1);
  private RaftHealthCheck.Builder thresholds;

  private RaftHealth(RaftStatusSource source) {
    this.source = source;
    this.thresholds = RaftHealthCheck.builder(source);
  }

  /**
   * Registers the four checks with the default thresholds.
   *
   * @param monitor the monitor
   * @param source the node's status
   * @return the full check, whose last snapshot metrics can read ({@code RaftMetrics})
   */
  public static RaftHealthCheck register(HealthMonitor monitor, RaftStatusSource source) {
    return builder(source).register(monitor);
  }

  /**
   * Starts a registration with options.
   *
   * @param source the node's status
   * @return a builder
   */
  public static RaftHealth builder(RaftStatusSource source) {
    return new RaftHealth(Objects.requireNonNull(source, "source"));
  }

  /**
   * Names the checks {@code <name>}, {@code <name>-live} ... (default {@code raft}); a node in
   * several Raft groups registers each under its own name.
   *
   * @param name the name
   * @return this builder
   */
  public RaftHealth name(String name) {
    this.name = Objects.requireNonNull(name, "name");
    return this;
  }

  /**
   * Also puts the full judgement in the {@code ready} group (default: only {@code raft}).
   *
   * @param inReady whether readiness follows the full judgement
   * @return this builder
   */
  public RaftHealth judgeReadiness(boolean inReady) {
    this.inReady = inReady;
    return this;
  }

  /**
   * Sets how often the checks run (default 1s).
   *
   * @param interval the interval
   * @return this builder
   */
  public RaftHealth interval(Duration interval) {
    this.interval = Objects.requireNonNull(interval, "interval");
    return this;
  }

  /**
   * Sets the thresholds.
   *
   * @param thresholds a builder from {@link RaftHealthCheck#builder(RaftStatusSource)} for the same
   *     source
   * @return this builder
   */
  public RaftHealth thresholds(RaftHealthCheck.Builder thresholds) {
    this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
    return this;
  }

  /**
   * Registers the checks.
   *
   * @param monitor the monitor
   * @return the full check, whose last snapshot metrics can read ({@code RaftMetrics})
   */
  public RaftHealthCheck register(HealthMonitor monitor) {
    HealthGroup[] full =
        inReady
            ? new HealthGroup[] {HealthGroup.RAFT, HealthGroup.READY}
            : new HealthGroup[] {HealthGroup.RAFT};
    RaftHealthCheck check = thresholds.build();
    monitor.register(config(name, full), check);
    monitor.register(config(name + "-live", HealthGroup.LIVE), liveness(source));
    monitor.register(config(name + "-ready", HealthGroup.READY), readiness(source));
    monitor.register(config(name + "-started", HealthGroup.STARTED), startup(source));
    return check;
  }

  private HealthCheckConfig config(String check, HealthGroup... groups) {
    return HealthCheckConfig.builder(check)
        .groups(groups)
        .interval(interval)
        .timeout(interval.compareTo(Duration.ofSeconds(2)) < 0 ? interval : Duration.ofSeconds(2))
        .failureAttempts(1)
        .successAttempts(1)
        .build();
  }

  /**
   * The liveness view: UP while the node runs and its storage is healthy.
   *
   * @param source the node's status
   * @return the check
   */
  public static HealthCheck liveness(RaftStatusSource source) {
    return () -> {
      RaftStatus s = source.read();
      if (!s.alive()) {
        return HealthResult.down("raft node " + s.nodeId() + " is not running");
      }
      if (Boolean.FALSE.equals(s.storageHealthy())) {
        return HealthResult.down("raft storage is unhealthy");
      }
      return HealthResult.up().withData("node", s.nodeId());
    };
  }

  /**
   * The readiness view: UP when a leader is known and, on the leader, it is ready.
   *
   * @param source the node's status
   * @return the check
   */
  public static HealthCheck readiness(RaftStatusSource source) {
    return () -> {
      RaftStatus s = source.read();
      if (s.leaderId() == null) {
        return HealthResult.down("no leader known").withData("role", s.role().name());
      }
      if (s.role() == RaftRole.LEADER && !s.leaderReady()) {
        return HealthResult.down("leader has not committed an entry of its term yet");
      }
      return HealthResult.up().withData("role", s.role().name()).withData("leader", s.leaderId());
    };
  }

  /**
   * The startup view: DOWN until the applied index reaches the commit index seen at the first run,
   * then UP for good.
   *
   * @param source the node's status
   * @return the check
   */
  public static HealthCheck startup(RaftStatusSource source) {
    AtomicLong target = new AtomicLong(Long.MIN_VALUE);
    AtomicLong caughtUp = new AtomicLong(0);
    return () -> {
      RaftStatus s = source.read();
      target.compareAndSet(Long.MIN_VALUE, s.commitIndex());
      if (caughtUp.get() == 1 || s.appliedIndex() >= target.get()) {
        caughtUp.set(1);
        return HealthResult.up().withData("applied_index", s.appliedIndex());
      }
      return HealthResult.down("catching up: applied " + s.appliedIndex() + " of " + target.get())
          .withData("applied_index", s.appliedIndex())
          .withData("target_index", target.get());
    };
  }
}
