package dev.levee.health.raft;

import java.time.Duration;
import java.util.List;

/** Constructed snapshots for tests. */
final class Snapshots {
  private Snapshots() {}

  static RaftStatus follower(String leader, Duration contact, long commit, long applied) {
    return RaftStatus.builder()
        .nodeId("n2")
        .role(RaftRole.FOLLOWER)
        .term(3)
        .leaderId(leader)
        .commitIndex(commit)
        .appliedIndex(applied)
        .sinceLeaderContact(contact)
        .voters(3)
        .peers(List.of())
        .alive(true)
        .storageHealthy(true)
        .leaderReady(false)
        .build();
  }

  static RaftStatus leader(long commit, RaftPeerStatus... peers) {
    return RaftStatus.builder()
        .nodeId("n1")
        .role(RaftRole.LEADER)
        .term(3)
        .leaderId("n1")
        .commitIndex(commit)
        .appliedIndex(commit)
        .sinceLeaderContact(null)
        .voters(peers.length + 1)
        .peers(List.of(peers))
        .alive(true)
        .storageHealthy(true)
        .leaderReady(true)
        .build();
  }

  static RaftPeerStatus peer(String id, long match, Duration contact) {
    return RaftPeerStatus.builder()
        .id(id)
        .voter(true)
        .matchIndex(match)
        .sinceLastContact(contact)
        .build();
  }
}
