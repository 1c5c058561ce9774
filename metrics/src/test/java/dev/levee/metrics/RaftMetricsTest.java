package dev.levee.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.health.raft.RaftHealthCheck;
import dev.levee.health.raft.RaftPeerStatus;
import dev.levee.health.raft.RaftRole;
import dev.levee.health.raft.RaftStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Raft series read the check's last snapshot, and follow leadership and new peers. */
class RaftMetricsTest {
  private RaftStatus status = null;
  private final RaftHealthCheck check = RaftHealthCheck.builder(() -> status).build();

  private static RaftStatus follower(String leader, long term) {
    return RaftStatus.builder()
        .nodeId("n1")
        .role(RaftRole.FOLLOWER)
        .term(term)
        .leaderId(leader)
        .commitIndex(10)
        .appliedIndex(9)
        .sinceLeaderContact(Duration.ZERO)
        .voters(3)
        .peers(List.of())
        .alive(true)
        .storageHealthy(true)
        .leaderReady(false)
        .build();
  }

  @Test
  void seriesFollowTheLastJudgedSnapshot() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    RaftMetrics.of(check, "n1").bindTo(registry); // held by nobody but the registry
    System.gc(); // Micrometer holds gauge objects weakly: the binder must not vanish
    assertThat(registry.get("raft.term").gauge().value()).as("before the first check").isNaN();

    status = follower("n2", 3);
    check.check();
    assertThat(registry.get("raft.term").tag("node", "n1").gauge().value()).isEqualTo(3);
    assertThat(registry.get("raft.commit.index").gauge().value()).isEqualTo(10);
    assertThat(registry.get("raft.applied.index").gauge().value()).isEqualTo(9);
    assertThat(registry.get("raft.peers").gauge().value()).isEqualTo(3);
    assertThat(registry.get("raft.leader").gauge().value()).isZero();

    status = follower("n3", 4);
    check.check();
    status = follower(null, 5); // an election: no leader is not a change
    check.check();
    status =
        RaftStatus.builder()
            .nodeId("n1")
            .role(RaftRole.LEADER)
            .term(5)
            .leaderId("n1")
            .commitIndex(100)
            .appliedIndex(100)
            .sinceLeaderContact(null)
            .voters(3)
            .peers(
                List.of(
                    RaftPeerStatus.builder()
                        .id("n2")
                        .voter(true)
                        .matchIndex(90)
                        .sinceLastContact(Duration.ZERO)
                        .build(),
                    RaftPeerStatus.builder()
                        .id("n3")
                        .voter(true)
                        .matchIndex(100)
                        .sinceLastContact(Duration.ZERO)
                        .build()))
            .alive(true)
            .storageHealthy(true)
            .leaderReady(true)
            .build();
    check.check();
    assertThat(registry.get("raft.leadership.changes").functionCounter().count()).isEqualTo(2);
    assertThat(registry.get("raft.leader").gauge().value()).isEqualTo(1);
    registry.get("raft.term").gauge().value(); // a scrape: discovers the peers
    assertThat(registry.get("raft.follower.lag").tag("peer", "n2").gauge().value()).isEqualTo(10);
    assertThat(registry.get("raft.follower.lag").tag("peer", "n3").gauge().value()).isZero();
  }

  @Test
  void prometheusNamesAreTheOnesTheIssueAsksFor() throws Exception {
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    status = follower("n2", 7);
    check.check();
    RaftMetrics.of(check, "n1").bindTo(prometheus);
    String text = prometheus.scrape();
    assertThat(text)
        .contains(
            "raft_term{node=\"n1\"} 7.0",
            "raft_commit_index{node=\"n1\"} 10.0",
            "raft_applied_index{node=\"n1\"} 9.0",
            "raft_peers{node=\"n1\"} 3.0",
            "raft_leader{node=\"n1\"} 0.0",
            "raft_leadership_changes_total{node=\"n1\"} 0.0");
  }

  @Test
  void throughLeveeMetricsTheyTakeThePrefixAndRenames() throws Exception {
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    status = follower("n2", 7);
    check.check();
    LeveeMetrics.builder()
        .prefix("levee")
        .rename("raft", "consensus")
        .raft(check, "n1")
        .build()
        .bindTo(prometheus);
    assertThat(prometheus.scrape())
        .contains(
            "levee_consensus_term{node=\"n1\"} 7.0",
            "levee_consensus_leadership_changes_total{node=\"n1\"} 0.0")
        .doesNotContain("\nraft_term");
  }
}
