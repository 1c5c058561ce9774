package dev.levee.health.raft;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * An immutable snapshot of one Raft node, as its library reports it. A {@link RaftStatusSource}
 * makes one per read; {@link RaftHealthCheck} judges it.
 *
 * @param nodeId this node's id
 * @param role its role
 * @param term its current term
 * @param leaderId the leader it knows, or {@code null} if none
 * @param commitIndex the highest log index it knows to be committed
 * @param appliedIndex the highest log index its state machine has applied
 * @param sinceLeaderContact for a follower, time since it last heard from the leader; else {@code
 *     null}
 * @param voters the number of voting members of the group, this node included if it votes
 * @param peers for a leader, the other members; empty otherwise
 * @param alive whether the node is running
 * @param storageHealthy whether its storage is healthy, or {@code null} if the library cannot tell
 * @param leaderReady for a leader, whether it has committed an entry of its own term and can serve
 *     reads and writes; {@code false} otherwise
 */
public record RaftStatus(
    String nodeId,
    RaftRole role,
    long term,
    String leaderId,
    long commitIndex,
    long appliedIndex,
    Duration sinceLeaderContact,
    int voters,
    List<RaftPeerStatus> peers,
    boolean alive,
    Boolean storageHealthy,
    boolean leaderReady) {
  /**
   * Checks and copies the values.
   *
   * @param nodeId see {@link #nodeId()}
   * @param role see {@link #role()}
   * @param term see {@link #term()}
   * @param leaderId see {@link #leaderId()}
   * @param commitIndex see {@link #commitIndex()}
   * @param appliedIndex see {@link #appliedIndex()}
   * @param sinceLeaderContact see {@link #sinceLeaderContact()}
   * @param voters see {@link #voters()}
   * @param peers see {@link #peers()}
   * @param alive see {@link #alive()}
   * @param storageHealthy see {@link #storageHealthy()}
   * @param leaderReady see {@link #leaderReady()}
   */
  public RaftStatus {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(role, "role");
    peers = List.copyOf(peers);
    if (voters < 0) {
      throw new IllegalArgumentException("raft status: voters must be >= 0, was " + voters);
    }
  }

  /**
   * Votes needed for a majority.
   *
   * @return {@code voters / 2 + 1}
   */
  public int quorum() {
    return voters / 2 + 1;
  }
}
