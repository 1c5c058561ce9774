package dev.levee.health.raft;

import dev.levee.common.internal.Require;
import dev.levee.health.HealthCheck;
import dev.levee.health.HealthResult;
import dev.levee.health.Status;
import dev.levee.timeouts.Durations;
import dev.levee.timeouts.Ticker;
import dev.levee.timeouts.Timeouts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Judges a Raft node as etcd's {@code /health} and Consul's autopilot do. DOWN when the node is not
 * running or its storage is unhealthy; when no leader has been known for longer than the election
 * grace (10s, {@link Timeouts#leaderElection()}); when a follower has not heard from its leader
 * within the last-contact threshold (200 ms, Consul's); when a leader cannot reach a quorum of
 * voters within that threshold; or when the applied index has not moved for longer than the
 * commit-stall limit (30 s) while committed entries wait. DEGRADED while a leader is being elected
 * (within the grace), when a peer trails the leader by more than 250 entries (Consul's) or has not
 * been heard from, or when the group's failure tolerance is zero (one more loss stops it).
 *
 * <p>Failure tolerance and peer lag are judged on the leader, the only node that knows them; the
 * data carries role, term, leader, commit and applied index, quorum size and, on the leader,
 * healthy voters, failure tolerance and each peer's lag. The check remembers when it last saw a
 * leader and when the applied index last moved, so register each instance once. Thread-safe.
 */
public final class RaftHealthCheck implements HealthCheck {
  private final RaftStatusSource source;
  private final Ticker ticker;
  private final Duration electionGrace;
  private final Duration lastContact;
  private final long maxTrailingLogs;
  private final Duration commitStall;
  private final ReentrantLock lock = new ReentrantLock();
  private final AtomicLong leadershipChanges = new AtomicLong();
  private volatile RaftStatus last;
  private String lastLeader;
  private long noLeaderSince = Long.MIN_VALUE;
  private long lastApplied = Long.MIN_VALUE;
  private long appliedSince;
  private boolean wasWaiting;

  private RaftHealthCheck(Builder b) {
    this.source = b.source;
    this.ticker = b.ticker;
    this.electionGrace = b.electionGrace;
    this.lastContact = b.lastContact;
    this.maxTrailingLogs = b.maxTrailingLogs;
    this.commitStall = b.commitStall;
  }

  /**
   * Starts a check of the node {@code source} reports.
   *
   * @param source the node's status
   * @return a builder with the anchors' thresholds
   */
  public static Builder builder(RaftStatusSource source) {
    return new Builder(Objects.requireNonNull(source, "source"));
  }

  @Override
  public HealthResult check() throws Exception {
    RaftStatus status = source.read();
    long now = ticker.read();
    lock.lock();
    try {
      return judge(status, now);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Judges one snapshot read at {@code now}: the rules without the source, for tests and for
   * callers that already hold a snapshot. Updates what the check remembers (when a leader was last
   * known, when the applied index last moved).
   *
   * @param s the snapshot
   * @param now the ticker's reading when it was taken
   * @return the result
   */
  public HealthResult judge(RaftStatus s, long now) {
    last = s;
    if (s.leaderId() != null) {
      if (lastLeader != null && !lastLeader.equals(s.leaderId())) {
        leadershipChanges.incrementAndGet();
      }
      lastLeader = s.leaderId();
    }
    List<String> down = new ArrayList<>();
    List<String> degraded = new ArrayList<>();
    HealthResult data =
        HealthResult.up()
            .withData("node", s.nodeId())
            .withData("role", s.role().name())
            .withData("term", s.term())
            .withData("leader", s.leaderId() == null ? "none" : s.leaderId())
            .withData("commit_index", s.commitIndex())
            .withData("applied_index", s.appliedIndex())
            .withData("voters", s.voters())
            .withData("quorum_size", s.quorum());
    if (!s.alive()) {
      down.add("raft node " + s.nodeId() + " is not running");
    }
    if (Boolean.FALSE.equals(s.storageHealthy())) {
      down.add("raft storage is unhealthy");
    }
    if (s.leaderId() == null) {
      if (noLeaderSince == Long.MIN_VALUE) {
        noLeaderSince = now;
      }
      Duration without = Duration.ofNanos(now - noLeaderSince);
      String text =
          "no leader for "
              + Durations.format(millis(without))
              + " (election grace "
              + Durations.format(electionGrace)
              + ")";
      (without.compareTo(electionGrace) > 0 ? down : degraded).add(text);
    } else {
      noLeaderSince = Long.MIN_VALUE;
    }
    if (s.role() == RaftRole.FOLLOWER
        && s.leaderId() != null
        && s.sinceLeaderContact() != null
        && s.sinceLeaderContact().compareTo(lastContact) > 0) {
      down.add(
          "no contact from leader "
              + s.leaderId()
              + " for "
              + Durations.format(millis(s.sinceLeaderContact()))
              + " (limit "
              + Durations.format(lastContact)
              + ")");
    }
    if (s.role() == RaftRole.LEADER) {
      data = judgeLeader(s, data, down, degraded);
    }
    // The stall clock runs only while committed entries wait: it restarts when the applied index
    // moves, and when entries start waiting (an idle spell before them is not a stall).
    boolean waiting = s.commitIndex() > s.appliedIndex();
    if (s.appliedIndex() != lastApplied || !waiting || !wasWaiting) {
      lastApplied = s.appliedIndex();
      appliedSince = now;
      wasWaiting = waiting;
    } else if (Duration.ofNanos(now - appliedSince).compareTo(commitStall) > 0) {
      down.add(
          "applied index stuck at "
              + s.appliedIndex()
              + " for "
              + Durations.format(millis(Duration.ofNanos(now - appliedSince)))
              + " with "
              + (s.commitIndex() - s.appliedIndex())
              + " committed entries waiting");
    }
    if (!down.isEmpty()) {
      return withStatus(data, Status.DOWN, down);
    }
    if (!degraded.isEmpty()) {
      return withStatus(data, Status.DEGRADED, degraded);
    }
    return data;
  }

  /**
   * The snapshot this check judged last: what metrics read, so a scrape costs no read of the Raft
   * library and shows what health showed.
   *
   * @return the snapshot, or {@code null} before the first check
   */
  public RaftStatus lastStatus() {
    return last;
  }

  /**
   * Leadership changes this check has observed: each time the known leader differs from the last
   * leader it saw (the first leader seen is not a change).
   *
   * @return the count
   */
  public long leadershipChanges() {
    return leadershipChanges.get();
  }

  private HealthResult judgeLeader(
      RaftStatus s, HealthResult data, List<String> down, List<String> degraded) {
    int healthy = 1; // the leader itself
    for (RaftPeerStatus p : s.peers()) {
      boolean heard =
          p.sinceLastContact() != null && p.sinceLastContact().compareTo(lastContact) <= 0;
      if (p.voter() && heard) {
        healthy++;
      }
      if (!heard) {
        degraded.add(
            "peer "
                + p.id()
                + (p.sinceLastContact() == null
                    ? " never heard from"
                    : " not heard from for " + Durations.format(millis(p.sinceLastContact()))));
      }
      if (p.matchIndex() >= 0) {
        long lag = Math.max(0, s.commitIndex() - p.matchIndex());
        // A peer's id is a name, its lag a count: nothing to mask (a peer "keystore-2").
        data = data.withNamedData(java.util.Map.of("lag_" + p.id(), lag));
        if (lag > maxTrailingLogs) {
          degraded.add(
              "peer " + p.id() + " trails by " + lag + " entries (limit " + maxTrailingLogs + ")");
        }
      }
    }
    int tolerance = healthy - s.quorum();
    data =
        data.withData("healthy_voters", healthy)
            .withData("failure_tolerance", Math.max(tolerance, -1));
    if (tolerance < 0) {
      down.add(
          "cannot reach a quorum: "
              + healthy
              + " of "
              + s.voters()
              + " voters reachable (quorum "
              + s.quorum()
              + ")");
    } else if (tolerance == 0 && s.voters() > 1) {
      degraded.add("failure tolerance 0: one more lost voter stops the group");
    }
    return data;
  }

  private static HealthResult withStatus(HealthResult data, Status status, List<String> reasons) {
    return data.withStatus(status, String.join("; ", reasons));
  }

  private static Duration millis(Duration d) {
    return Duration.ofMillis(d.toMillis());
  }

  /** Builds a {@link RaftHealthCheck}. Not thread-safe. */
  public static final class Builder {
    private final RaftStatusSource source;
    private Ticker ticker = Ticker.system();
    private Duration electionGrace = Timeouts.defaults().leaderElection();
    private Duration lastContact = Duration.ofMillis(200);
    private long maxTrailingLogs = 250;
    private Duration commitStall = Duration.ofSeconds(30);

    private Builder(RaftStatusSource source) {
      this.source = source;
    }

    /**
     * Sets how long a node may know no leader before DOWN (default 10s).
     *
     * @param grace positive
     * @return this builder
     */
    public Builder electionGrace(Duration grace) {
      this.electionGrace = positive("electionGrace", grace);
      return this;
    }

    /**
     * Sets how long a follower may not hear from its leader, and a leader from a peer (default
     * 200ms, Consul's).
     *
     * @param threshold positive
     * @return this builder
     */
    public Builder lastContact(Duration threshold) {
      this.lastContact = positive("lastContact", threshold);
      return this;
    }

    /**
     * Sets how many entries a peer may trail the leader's commit index (default 250, Consul's).
     *
     * @param entries at least 0
     * @return this builder
     */
    public Builder maxTrailingLogs(long entries) {
      if (entries < 0) {
        throw new IllegalArgumentException(
            "raft check: maxTrailingLogs must be >= 0, was " + entries);
      }
      this.maxTrailingLogs = entries;
      return this;
    }

    /**
     * Sets how long the applied index may stand still while committed entries wait (default 30s).
     *
     * @param limit positive
     * @return this builder
     */
    public Builder commitStall(Duration limit) {
      this.commitStall = positive("commitStall", limit);
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
     * Builds the check.
     *
     * @return the check
     */
    public RaftHealthCheck build() {
      return new RaftHealthCheck(this);
    }

    private static Duration positive(String field, Duration value) {
      return Require.positive("raft check: " + field, value);
    }
  }
}
