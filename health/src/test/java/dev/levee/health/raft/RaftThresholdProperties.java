package dev.levee.health.raft;

import static dev.levee.health.raft.Snapshots.follower;
import static dev.levee.health.raft.Snapshots.leader;
import static dev.levee.health.raft.Snapshots.peer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.health.Status;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * For every threshold, a snapshot one tick inside it is never judged worse than the same snapshot
 * one tick outside, and outside is never better than inside: the rules are monotone at their edges,
 * whatever the thresholds and the rest of the snapshot.
 */
class RaftThresholdProperties {
  private static final Duration TICK = Duration.ofNanos(1);

  private static RaftHealthCheck check(long contactMs, long trailing, long graceMs, long stallMs) {
    return RaftHealthCheck.builder(() -> null)
        .lastContact(Duration.ofMillis(contactMs))
        .maxTrailingLogs(trailing)
        .electionGrace(Duration.ofMillis(graceMs))
        .commitStall(Duration.ofMillis(stallMs))
        .build();
  }

  private static boolean notWorse(Status inside, Status outside) {
    return inside.ordinal() <= outside.ordinal();
  }

  @Property(tries = 300)
  void lastContactEdges(
      @ForAll @IntRange(min = 1, max = 10_000) int contactMs,
      @ForAll @LongRange(min = 0, max = 1000) long commit,
      @ForAll @IntRange(min = 0, max = 2) int silentPeers) {
    Duration at = Duration.ofMillis(contactMs);
    RaftHealthCheck c = check(contactMs, 250, 10_000, 30_000);
    Status followerIn = c.judge(follower("n1", at, commit, commit), 0).status();
    Status followerOut = c.judge(follower("n1", at.plus(TICK), commit, commit), 0).status();
    assertThat(notWorse(followerIn, followerOut)).isTrue();
    assertThat(followerOut).isEqualTo(Status.DOWN);
    assertThat(followerIn).isEqualTo(Status.UP);
    RaftPeerStatus[] in = new RaftPeerStatus[2];
    RaftPeerStatus[] out = new RaftPeerStatus[2];
    for (int i = 0; i < 2; i++) {
      boolean silent = i < silentPeers;
      in[i] = peer("p" + i, commit, silent ? at : Duration.ZERO);
      out[i] = peer("p" + i, commit, silent ? at.plus(TICK) : Duration.ZERO);
    }
    Status leaderIn = c.judge(leader(commit, in), 0).status();
    Status leaderOut = c.judge(leader(commit, out), 0).status();
    assertThat(notWorse(leaderIn, leaderOut)).as("%s vs %s", leaderIn, leaderOut).isTrue();
    if (silentPeers > 0) {
      assertThat(leaderOut.ordinal()).isGreaterThan(Status.UP.ordinal());
    }
  }

  @Property(tries = 300)
  void trailingLogEdges(
      @ForAll @LongRange(min = 0, max = 10_000) long trailing,
      @ForAll @LongRange(min = 0, max = 1_000_000) long base) {
    RaftHealthCheck c = check(200, trailing, 10_000, 30_000);
    long commit = base + trailing + 1;
    Status in =
        c.judge(
                leader(
                    commit,
                    peer("a", commit - trailing, Duration.ZERO),
                    peer("b", commit, Duration.ZERO)),
                0)
            .status();
    Status out =
        c.judge(
                leader(
                    commit,
                    peer("a", commit - trailing - 1, Duration.ZERO),
                    peer("b", commit, Duration.ZERO)),
                0)
            .status();
    assertThat(in).isEqualTo(Status.UP);
    assertThat(out).isEqualTo(Status.DEGRADED);
  }

  @Property(tries = 300)
  void electionGraceAndCommitStallEdges(
      @ForAll @IntRange(min = 1, max = 100_000) int graceMs,
      @ForAll @IntRange(min = 1, max = 100_000) int stallMs,
      @ForAll @LongRange(min = 1, max = 1000) long waiting) {
    long grace = Duration.ofMillis(graceMs).toNanos();
    RaftStatus noLeader =
        RaftStatus.builder()
            .nodeId("n2")
            .role(RaftRole.CANDIDATE)
            .term(2)
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
    RaftHealthCheck a = check(200, 250, graceMs, 100_000);
    a.judge(noLeader, 0);
    Status in = a.judge(noLeader, grace).status();
    Status out = a.judge(noLeader, grace + 1).status();
    assertThat(in).isEqualTo(Status.DEGRADED);
    assertThat(out).isEqualTo(Status.DOWN);

    long stall = Duration.ofMillis(stallMs).toNanos();
    RaftHealthCheck b = check(200, 250, 100_000, stallMs);
    RaftStatus stuck = follower("n1", Duration.ZERO, 100 + waiting, 100);
    b.judge(stuck, 0);
    assertThat(b.judge(stuck, stall).status()).isEqualTo(Status.UP);
    assertThat(b.judge(stuck, stall + 1).status()).isEqualTo(Status.DOWN);
  }
}
