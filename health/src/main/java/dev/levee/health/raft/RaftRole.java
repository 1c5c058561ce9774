package dev.levee.health.raft;

/** A Raft node's role. */
public enum RaftRole {
  /** Leads the group: replicates the log and commits entries. */
  LEADER,
  /** Follows a leader and votes. */
  FOLLOWER,
  /** Standing for election. */
  CANDIDATE,
  /** Receives the log without a vote (a learner, or Ratis' listener). */
  LEARNER
}
