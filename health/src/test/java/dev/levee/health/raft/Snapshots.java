package dev.levee.health.raft;

import java.time.Duration;
import java.util.List;

/** Constructed snapshots for tests. */
final class Snapshots {
  private Snapshots() {}

  static RaftStatus follower(String leader, Duration contact, long commit, long applied) {
    return new RaftStatus(
        "n2",
        RaftRole.FOLLOWER,
        3,
        leader,
        commit,
        applied,
        contact,
        3,
        List.of(),
        true,
        true,
        false);
  }

  static RaftStatus leader(long commit, RaftPeerStatus... peers) {
    return new RaftStatus(
        "n1",
        RaftRole.LEADER,
        3,
        "n1",
        commit,
        commit,
        null,
        peers.length + 1,
        List.of(peers),
        true,
        true,
        true);
  }

  static RaftPeerStatus peer(String id, long match, Duration contact) {
    return new RaftPeerStatus(id, true, match, contact);
  }
}
