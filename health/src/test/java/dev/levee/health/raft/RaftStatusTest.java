package dev.levee.health.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A Raft status source builds snapshots; what it leaves unset has a documented default. */
class RaftStatusTest {

  @Test
  void aSnapshotNeedsOnlyAnIdAndARole() {
    RaftStatus s = RaftStatus.builder().nodeId("n1").role(RaftRole.FOLLOWER).build();

    assertThat(s.term()).isZero();
    assertThat(s.leaderId()).isNull();
    assertThat(s.voters()).isZero();
    assertThat(s.peers()).isEmpty();
    assertThat(s.alive()).as("a node that reports is running").isTrue();
    assertThat(s.storageHealthy()).as("unknown").isNull();
    assertThat(s.leaderReady()).isFalse();
    assertThat(RaftStatus.class.getConstructors()).isEmpty();
    assertThat(RaftStatus.class.isRecord()).isFalse();
  }

  @Test
  void aSnapshotCopiesItsPeersAndComparesByValue() {
    RaftPeerStatus peer = RaftPeerStatus.builder().id("n2").matchIndex(7).build();
    List<RaftPeerStatus> peers = new java.util.ArrayList<>(List.of(peer));
    RaftStatus s =
        RaftStatus.builder().nodeId("n1").role(RaftRole.LEADER).voters(3).peers(peers).build();
    peers.clear();

    assertThat(s.peers()).containsExactly(peer);
    assertThat(s.quorum()).isEqualTo(2);
    assertThat(peer.voter()).as("default").isTrue();
    assertThat(peer.sinceLastContact()).as("never heard from").isNull();
    assertThat(RaftPeerStatus.builder().id("n2").build().matchIndex()).as("unknown").isEqualTo(-1);
    assertThat(s)
        .isEqualTo(
            RaftStatus.builder()
                .nodeId("n1")
                .role(RaftRole.LEADER)
                .voters(3)
                .peers(List.of(peer))
                .build());
    assertThat(peer)
        .isNotEqualTo(
            RaftPeerStatus.builder()
                .id("n2")
                .matchIndex(7)
                .sinceLastContact(Duration.ZERO)
                .build());
  }

  @Test
  void aBadSnapshotIsRefusedNamingWhatIsWrong() {
    assertThatThrownBy(() -> RaftStatus.builder().role(RaftRole.LEADER).build())
        .isInstanceOf(NullPointerException.class)
        .hasMessage("nodeId");
    assertThatThrownBy(() -> RaftStatus.builder().nodeId("n1").build()).hasMessage("role");
    assertThatThrownBy(
            () -> RaftStatus.builder().nodeId("n1").role(RaftRole.FOLLOWER).voters(-1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("raft status: voters must be >= 0, was -1");
    assertThatThrownBy(() -> RaftPeerStatus.builder().build()).hasMessage("id");
  }
}
