package dev.levee.health.raft;

import static dev.levee.health.raft.Snapshots.follower;
import static dev.levee.health.raft.Snapshots.leader;
import static dev.levee.health.raft.Snapshots.peer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.health.HealthResult;
import dev.levee.health.Status;
import dev.levee.timeouts.testing.ManualTicker;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each rule of {@link RaftHealthCheck} at its threshold's edges, on constructed snapshots. */
class RaftHealthCheckTest {
  private static final Duration MS = Duration.ofMillis(1);
  private final ManualTicker ticker = new ManualTicker();

  private RaftHealthCheck check() {
    return RaftHealthCheck.builder(() -> null).ticker(ticker).build();
  }

  @Test
  void aHealthyLeaderWithTwoPeersIsUpWithToleranceOne() {
    HealthResult r =
        check()
            .judge(
                leader(100, peer("n2", 100, MS.multipliedBy(50)), peer("n3", 98, MS)),
                ticker.read());
    assertThat(r.status()).isEqualTo(Status.UP);
    assertThat(r.data())
        .containsEntry("role", "LEADER")
        .containsEntry("leader", "n1")
        .containsEntry("quorum_size", 2)
        .containsEntry("healthy_voters", 3)
        .containsEntry("failure_tolerance", 1)
        .containsEntry("lag_n2", 0L)
        .containsEntry("lag_n3", 2L);
  }

  @Test
  void aPeerNamedLikeASecretStillShowsItsLag() {
    HealthResult r =
        check()
            .judge(leader(100, peer("keystore-2", 97, MS), peer("auth-3", 100, MS)), ticker.read());
    assertThat(r.data()).containsEntry("lag_keystore-2", 3L).containsEntry("lag_auth-3", 0L);
  }

  @Test
  void aLeaderWithOnePeerLostIsDegradedAndWithBothLostIsDown() {
    HealthResult one =
        check()
            .judge(
                leader(
                    100,
                    peer("n2", 100, MS.multipliedBy(200)),
                    peer("n3", 90, MS.multipliedBy(201))),
                0);
    assertThat(one.status()).isEqualTo(Status.DEGRADED);
    assertThat(one.reason())
        .isEqualTo(
            "peer n3 not heard from for 201ms; failure tolerance 0: one more lost voter stops the group");
    assertThat(one.data()).containsEntry("failure_tolerance", 0);
    HealthResult none =
        check().judge(leader(100, peer("n2", 100, null), peer("n3", 90, Duration.ofSeconds(3))), 0);
    assertThat(none.status()).isEqualTo(Status.DOWN);
    assertThat(none.reason())
        .startsWith("cannot reach a quorum: 1 of 3 voters reachable (quorum 2)");
  }

  @Test
  void aTrailingPeerDegradesPastTheLimit() {
    assertThat(check().judge(leader(1000, peer("n2", 750, MS), peer("n3", 1000, MS)), 0).status())
        .isEqualTo(Status.UP);
    HealthResult r = check().judge(leader(1000, peer("n2", 749, MS), peer("n3", 1000, MS)), 0);
    assertThat(r.status()).isEqualTo(Status.DEGRADED);
    assertThat(r.reason()).isEqualTo("peer n2 trails by 251 entries (limit 250)");
  }

  @Test
  void aFollowerIsDownWhenItsLeaderIsSilentTooLong() {
    assertThat(check().judge(follower("n1", MS.multipliedBy(200), 5, 5), 0).status())
        .isEqualTo(Status.UP);
    HealthResult r = check().judge(follower("n1", MS.multipliedBy(201), 5, 5), 0);
    assertThat(r.status()).isEqualTo(Status.DOWN);
    assertThat(r.reason()).isEqualTo("no contact from leader n1 for 201ms (limit 200ms)");
  }

  @Test
  void noLeaderIsDegradedWithinTheElectionGraceAndDownAfter() {
    RaftHealthCheck c = check();
    RaftStatus candidate =
        RaftStatus.builder()
            .nodeId("n2")
            .role(RaftRole.CANDIDATE)
            .term(4)
            .leaderId(null)
            .commitIndex(5)
            .appliedIndex(5)
            .sinceLeaderContact(null)
            .voters(3)
            .peers(List.of())
            .alive(true)
            .storageHealthy(true)
            .leaderReady(false)
            .build();
    long start = ticker.read();
    HealthResult first = c.judge(candidate, start);
    assertThat(first.status()).isEqualTo(Status.DEGRADED);
    assertThat(first.reason()).isEqualTo("no leader for 0s (election grace 10s)");
    assertThat(c.judge(candidate, start + Duration.ofSeconds(10).toNanos()).status())
        .isEqualTo(Status.DEGRADED);
    HealthResult late = c.judge(candidate, start + Duration.ofSeconds(10).toNanos() + 1);
    assertThat(late.status()).isEqualTo(Status.DOWN);
    assertThat(late.reason()).isEqualTo("no leader for 10s (election grace 10s)");
    assertThat(c.judge(follower("n3", MS, 5, 5), start + Duration.ofSeconds(11).toNanos()).status())
        .as("a leader again")
        .isEqualTo(Status.UP);
    assertThat(c.judge(candidate, start + Duration.ofSeconds(12).toNanos()).status())
        .as("the grace starts again")
        .isEqualTo(Status.DEGRADED);
  }

  @Test
  void aStalledStateMachineIsDownOnlyWhileCommittedEntriesWait() {
    RaftHealthCheck c = check();
    long t = ticker.read();
    long s30 = Duration.ofSeconds(30).toNanos();
    assertThat(c.judge(follower("n1", MS, 10, 7), t).status()).isEqualTo(Status.UP);
    assertThat(c.judge(follower("n1", MS, 10, 7), t + s30).status()).isEqualTo(Status.UP);
    HealthResult stuck = c.judge(follower("n1", MS, 10, 7), t + s30 + 1);
    assertThat(stuck.status()).isEqualTo(Status.DOWN);
    assertThat(stuck.reason())
        .isEqualTo("applied index stuck at 7 for 30s with 3 committed entries waiting");
    assertThat(c.judge(follower("n1", MS, 10, 10), t + s30 + 2).status())
        .as("it moved")
        .isEqualTo(Status.UP);
    RaftHealthCheck idle = check();
    idle.judge(follower("n1", MS, 10, 10), t);
    assertThat(idle.judge(follower("n1", MS, 10, 10), t + s30 * 10).status())
        .as("nothing to apply is not a stall")
        .isEqualTo(Status.UP);
    HealthResult fresh = idle.judge(follower("n1", MS, 11, 10), t + s30 * 10 + 1_000_000);
    assertThat(fresh.status())
        .as("one entry waiting for 1ms after an idle spell: %s", fresh.reason())
        .isEqualTo(Status.UP);
    assertThat(idle.judge(follower("n1", MS, 11, 10), t + s30 * 11 + 2_000_000).status())
        .as("30s after it started waiting")
        .isEqualTo(Status.DOWN);
  }

  @Test
  void aStoppedNodeOrBadStorageIsDown() {
    RaftStatus stopped =
        RaftStatus.builder()
            .nodeId("n2")
            .role(RaftRole.FOLLOWER)
            .term(3)
            .leaderId("n1")
            .commitIndex(5)
            .appliedIndex(5)
            .sinceLeaderContact(MS)
            .voters(3)
            .peers(List.of())
            .alive(false)
            .storageHealthy(true)
            .leaderReady(false)
            .build();
    assertThat(check().judge(stopped, 0).reason()).isEqualTo("raft node n2 is not running");
    RaftStatus disk =
        RaftStatus.builder()
            .nodeId("n2")
            .role(RaftRole.FOLLOWER)
            .term(3)
            .leaderId("n1")
            .commitIndex(5)
            .appliedIndex(5)
            .sinceLeaderContact(MS)
            .voters(3)
            .peers(List.of())
            .alive(true)
            .storageHealthy(false)
            .leaderReady(false)
            .build();
    assertThat(check().judge(disk, 0).reason()).isEqualTo("raft storage is unhealthy");
  }

  @Test
  void theGroupViewsSplitLivenessReadinessAndStartup() throws Exception {
    RaftStatus[] now = {follower(null, null, 10, 4)};
    assertThat(RaftHealth.liveness(() -> now[0]).check().status()).isEqualTo(Status.UP);
    assertThat(RaftHealth.readiness(() -> now[0]).check().reason()).isEqualTo("no leader known");
    var startup = RaftHealth.startup(() -> now[0]);
    assertThat(startup.check().reason()).isEqualTo("catching up: applied 4 of 10");
    now[0] = follower("n1", MS, 12, 10);
    assertThat(startup.check().status()).as("reached what it saw on joining").isEqualTo(Status.UP);
    now[0] = follower("n1", MS, 20, 11);
    assertThat(startup.check().status()).as("started stays started").isEqualTo(Status.UP);
    assertThat(RaftHealth.readiness(() -> now[0]).check().status()).isEqualTo(Status.UP);
    RaftStatus unready =
        RaftStatus.builder()
            .nodeId("n1")
            .role(RaftRole.LEADER)
            .term(5)
            .leaderId("n1")
            .commitIndex(5)
            .appliedIndex(5)
            .sinceLeaderContact(null)
            .voters(3)
            .peers(List.of())
            .alive(true)
            .storageHealthy(true)
            .leaderReady(false)
            .build();
    assertThat(RaftHealth.readiness(() -> unready).check().reason())
        .isEqualTo("leader has not committed an entry of its term yet");
  }
}
