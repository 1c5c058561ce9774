package dev.levee.health.raft;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * An immutable snapshot of one Raft node, as its library reports it. A {@link RaftStatusSource}
 * makes one per read; {@link RaftHealthCheck} judges it.
 *
 * <p>A class rather than a record, as every snapshot in Levee: Levee will judge more of a node (log
 * indexes, snapshots, lag) and a record's canonical constructor would break every source with each
 * figure added; a source builds one with {@link #builder()}, and unset figures keep their defaults.
 */
public final class RaftStatus {
  private final String nodeId;
  private final RaftRole role;
  private final long term;
  private final String leaderId;
  private final long commitIndex;
  private final long appliedIndex;
  private final Duration sinceLeaderContact;
  private final int voters;
  private final List<RaftPeerStatus> peers;
  private final boolean alive;
  private final Boolean storageHealthy;
  private final boolean leaderReady;

  private RaftStatus(
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
    if (voters < 0) {
      throw new IllegalArgumentException("raft status: voters must be >= 0, was " + voters);
    }
    this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
    this.role = Objects.requireNonNull(role, "role");
    this.term = term;
    this.leaderId = leaderId;
    this.commitIndex = commitIndex;
    this.appliedIndex = appliedIndex;
    this.sinceLeaderContact = sinceLeaderContact;
    this.voters = voters;
    this.peers = List.copyOf(peers);
    this.alive = alive;
    this.storageHealthy = storageHealthy;
    this.leaderReady = leaderReady;
  }

  /**
   * This node's id.
   *
   * @return the id
   */
  public String nodeId() {
    return nodeId;
  }

  /**
   * Its role.
   *
   * @return the role
   */
  public RaftRole role() {
    return role;
  }

  /**
   * Its current term.
   *
   * @return the term
   */
  public long term() {
    return term;
  }

  /**
   * The leader it knows.
   *
   * @return the id, or {@code null} if none
   */
  public String leaderId() {
    return leaderId;
  }

  /**
   * The highest log index it knows to be committed.
   *
   * @return the index
   */
  public long commitIndex() {
    return commitIndex;
  }

  /**
   * The highest log index its state machine has applied.
   *
   * @return the index
   */
  public long appliedIndex() {
    return appliedIndex;
  }

  /**
   * For a follower, time since it last heard from the leader.
   *
   * @return the time, or {@code null} if not a follower
   */
  public Duration sinceLeaderContact() {
    return sinceLeaderContact;
  }

  /**
   * The number of voting members of the group, this node included if it votes.
   *
   * @return the count
   */
  public int voters() {
    return voters;
  }

  /**
   * For a leader, the other members.
   *
   * @return the peers, read-only; empty unless a leader
   */
  public List<RaftPeerStatus> peers() {
    return peers;
  }

  /**
   * Whether the node is running.
   *
   * @return whether it is running
   */
  public boolean alive() {
    return alive;
  }

  /**
   * Whether its storage is healthy.
   *
   * @return whether it is, or {@code null} if the library cannot tell
   */
  public Boolean storageHealthy() {
    return storageHealthy;
  }

  /**
   * For a leader, whether it has committed an entry of its own term and can serve reads and writes.
   *
   * @return {@code true} for a ready leader; {@code false} otherwise
   */
  public boolean leaderReady() {
    return leaderReady;
  }

  /**
   * Votes needed for a majority.
   *
   * @return {@code voters / 2 + 1}
   */
  public int quorum() {
    return voters / 2 + 1;
  }

  /**
   * Whether {@code other} is a {@code RaftStatus} with equal components.
   *
   * @param other the object to compare with
   * @return {@code true} if equal
   */
  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof RaftStatus)) {
      return false;
    }
    RaftStatus o = (RaftStatus) other;
    return Objects.equals(nodeId, o.nodeId)
        && Objects.equals(role, o.role)
        && term == o.term
        && Objects.equals(leaderId, o.leaderId)
        && commitIndex == o.commitIndex
        && appliedIndex == o.appliedIndex
        && Objects.equals(sinceLeaderContact, o.sinceLeaderContact)
        && voters == o.voters
        && Objects.equals(peers, o.peers)
        && alive == o.alive
        && Objects.equals(storageHealthy, o.storageHealthy)
        && leaderReady == o.leaderReady;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        nodeId,
        role,
        term,
        leaderId,
        commitIndex,
        appliedIndex,
        sinceLeaderContact,
        voters,
        peers,
        alive,
        storageHealthy,
        leaderReady);
  }

  @Override
  public String toString() {
    return "RaftStatus["
        + "nodeId="
        + nodeId
        + ", role="
        + role
        + ", term="
        + term
        + ", leaderId="
        + leaderId
        + ", commitIndex="
        + commitIndex
        + ", appliedIndex="
        + appliedIndex
        + ", sinceLeaderContact="
        + sinceLeaderContact
        + ", voters="
        + voters
        + ", peers="
        + peers
        + ", alive="
        + alive
        + ", storageHealthy="
        + storageHealthy
        + ", leaderReady="
        + leaderReady
        + "]";
  }

  /**
   * Starts a snapshot: a {@link RaftStatusSource} for a Raft library makes one per read, and tests
   * of a {@link RaftHealthCheck} make their own.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link RaftStatus}. Not thread-safe. */
  public static final class Builder {
    private String nodeId;
    private RaftRole role;
    private long term = 0;
    private String leaderId;
    private long commitIndex = 0;
    private long appliedIndex = 0;
    private Duration sinceLeaderContact;
    private int voters = 0;
    private List<RaftPeerStatus> peers = List.of();
    private boolean alive = true;
    private Boolean storageHealthy;
    private boolean leaderReady = false;

    private Builder() {}

    /**
     * Sets this node's id (required).
     *
     * @param nodeId the id
     * @return this builder
     */
    public Builder nodeId(String nodeId) {
      this.nodeId = nodeId;
      return this;
    }

    /**
     * Sets its role (required).
     *
     * @param role the role
     * @return this builder
     */
    public Builder role(RaftRole role) {
      this.role = role;
      return this;
    }

    /**
     * Sets its current term (default 0).
     *
     * @param term the term
     * @return this builder
     */
    public Builder term(long term) {
      this.term = term;
      return this;
    }

    /**
     * Sets the leader it knows (default none).
     *
     * @param leaderId the id, or {@code null}
     * @return this builder
     */
    public Builder leaderId(String leaderId) {
      this.leaderId = leaderId;
      return this;
    }

    /**
     * Sets the highest log index it knows to be committed (default 0).
     *
     * @param commitIndex the index
     * @return this builder
     */
    public Builder commitIndex(long commitIndex) {
      this.commitIndex = commitIndex;
      return this;
    }

    /**
     * Sets the highest log index its state machine has applied (default 0).
     *
     * @param appliedIndex the index
     * @return this builder
     */
    public Builder appliedIndex(long appliedIndex) {
      this.appliedIndex = appliedIndex;
      return this;
    }

    /**
     * Sets, for a follower, the time since it last heard from the leader (default none).
     *
     * @param sinceLeaderContact the time, or {@code null}
     * @return this builder
     */
    public Builder sinceLeaderContact(Duration sinceLeaderContact) {
      this.sinceLeaderContact = sinceLeaderContact;
      return this;
    }

    /**
     * Sets the number of voting members (default 0).
     *
     * @param voters at least 0
     * @return this builder
     */
    public Builder voters(int voters) {
      this.voters = voters;
      return this;
    }

    /**
     * Sets, for a leader, the other members (default none).
     *
     * @param peers the peers
     * @return this builder
     */
    public Builder peers(List<RaftPeerStatus> peers) {
      this.peers = peers;
      return this;
    }

    /**
     * Sets whether the node is running (default true: a node that reports is running).
     *
     * @param alive whether it is
     * @return this builder
     */
    public Builder alive(boolean alive) {
      this.alive = alive;
      return this;
    }

    /**
     * Sets whether its storage is healthy (default {@code null}: unknown).
     *
     * @param storageHealthy whether it is, or {@code null}
     * @return this builder
     */
    public Builder storageHealthy(Boolean storageHealthy) {
      this.storageHealthy = storageHealthy;
      return this;
    }

    /**
     * Sets, for a leader, whether it is ready (default false).
     *
     * @param leaderReady whether it is
     * @return this builder
     */
    public Builder leaderReady(boolean leaderReady) {
      this.leaderReady = leaderReady;
      return this;
    }

    /**
     * Builds the snapshot.
     *
     * @return the snapshot
     * @throws NullPointerException naming a required part that is not set
     * @throws IllegalArgumentException if {@code voters} is negative
     */
    public RaftStatus build() {
      return new RaftStatus(
          nodeId,
          role,
          term,
          leaderId,
          commitIndex,
          appliedIndex,
          sinceLeaderContact,
          voters,
          peers,
          alive,
          storageHealthy,
          leaderReady);
    }
  }
}
