package dev.levee.metrics;

import dev.levee.common.internal.ListenerList;
import dev.levee.health.raft.RaftHealthCheck;
import dev.levee.health.raft.RaftPeerStatus;
import dev.levee.health.raft.RaftRole;
import dev.levee.health.raft.RaftStatus;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Raft series for one node, read from the snapshot its {@link RaftHealthCheck} judged last: a
 * scrape never reads the Raft library, and metrics show what health showed. Prometheus names:
 *
 * <ul>
 *   <li>{@code raft_term{node}}, {@code raft_commit_index{node}}, {@code raft_applied_index{node}};
 *   <li>{@code raft_peers{node}}: voting members of the group (not {@code raft_peers_count}:
 *       Prometheus keeps {@code _count} for histograms and summaries, and promtool rejects it);
 *   <li>{@code raft_leader{node}}: 1 while this node leads, else 0;
 *   <li>{@code raft_leadership_changes_total{node}}: leader changes the check observed;
 *   <li>{@code raft_follower_lag_entries{node,peer}}: on the leader, how far each peer trails its
 *       commit index; a peer's series is registered by the first scrape after the check first sees
 *       it, during that scrape, so it may first appear in the next one.
 * </ul>
 *
 * Gauges read NaN before the check's first run. Thread-safe.
 */
// Names dev.levee.health's types, an optional module (requires static) that cannot be required
// transitively: whoever binds a health monitor or a Raft check reads dev.levee.health already.
@SuppressWarnings("exports")
public final class RaftMetrics implements MeterBinder {
  private final RaftHealthCheck check;
  private final String node;
  // Every registry bound, so that a peer seen later gets its gauge in each: registered rarely,
  // read on the scrape that discovers a peer.
  private final ListenerList<MeterRegistry> registries = new ListenerList<>(new MeterRegistry[0]);
  private final Set<String> peers = ConcurrentHashMap.newKeySet();
  private final Function<String, String> naming;

  RaftMetrics(RaftHealthCheck check, String node, Function<String, String> naming) {
    this.check = Objects.requireNonNull(check, "check");
    this.node = Objects.requireNonNull(node, "node");
    this.naming = naming;
  }

  /**
   * Metrics for the node {@code check} judges, unprefixed ({@link LeveeMetrics.Builder#raft}
   * applies the builder's prefix and renames).
   *
   * @param check the node's full check, as {@code RaftHealth.register} returns it
   * @param node the node's id, for the {@code node} tag
   * @return the binder
   */
  public static RaftMetrics of(RaftHealthCheck check, String node) {
    return new RaftMetrics(check, node, Function.identity());
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    registries.add(registry);
    gauge(registry, "raft.term", "The node's current Raft term", s -> s.term());
    gauge(
        registry,
        "raft.commit.index",
        "The highest log index known committed",
        s -> s.commitIndex());
    gauge(
        registry,
        "raft.applied.index",
        "The highest log index the state machine applied",
        s -> s.appliedIndex());
    gauge(registry, "raft.peers", "Voting members of the Raft group", s -> s.voters());
    gauge(
        registry,
        "raft.leader",
        "1 while this node is the leader, else 0",
        s -> s.role() == RaftRole.LEADER ? 1 : 0);
    FunctionCounter.builder(
            naming.apply("raft.leadership.changes"), check, RaftHealthCheck::leadershipChanges)
        .description("Leader changes observed by the node's health check")
        .tag("node", node)
        .register(registry);
    for (String peer : peers) {
      lag(registry, peer);
    }
  }

  private void gauge(
      MeterRegistry registry, String name, String description, ToDoubleFunction<RaftStatus> value) {
    Gauge.builder(
            naming.apply(name),
            this,
            m -> {
              RaftStatus s = m.check.lastStatus();
              m.discoverPeers(s);
              return s == null ? Double.NaN : value.applyAsDouble(s);
            })
        .description(description)
        .tag("node", node)
        .strongReference(true) // Micrometer holds gauge objects weakly; nothing else holds this
        .register(registry);
  }

  /** Registers a lag gauge for each peer seen for the first time. Called at scrape time. */
  private void discoverPeers(RaftStatus s) {
    if (s == null) {
      return;
    }
    for (RaftPeerStatus p : s.peers()) {
      if (peers.add(p.id())) {
        for (MeterRegistry r : registries.snapshot()) {
          lag(r, p.id());
        }
      }
    }
  }

  private void lag(MeterRegistry registry, String peer) {
    Gauge.builder(naming.apply("raft.follower.lag"), this, m -> m.lagOf(peer))
        .description("How many entries the peer trails the leader's commit index (on the leader)")
        .baseUnit("entries")
        .tag("node", node)
        .tag("peer", peer)
        .strongReference(true)
        .register(registry);
  }

  private double lagOf(String peer) {
    RaftStatus s = check.lastStatus();
    if (s == null || s.role() != RaftRole.LEADER) {
      return Double.NaN;
    }
    for (RaftPeerStatus p : s.peers()) {
      if (p.id().equals(peer) && p.matchIndex() >= 0) {
        return Math.max(0, s.commitIndex() - p.matchIndex());
      }
    }
    return Double.NaN;
  }
}
