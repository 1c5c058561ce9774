package dev.levee.health.raft;

import java.time.Duration;
import java.util.Objects;

/**
 * What a leader knows of one other member of its group.
 *
 * <p>Immutable. A class rather than a record, as every snapshot in Levee, so that it can hold more
 * figures later without breaking a {@link RaftStatusSource}: build it with {@link #builder()}.
 */
public final class RaftPeerStatus {
  private final String id;
  private final boolean voter;
  private final long matchIndex;
  private final Duration sinceLastContact;

  private RaftPeerStatus(String id, boolean voter, long matchIndex, Duration sinceLastContact) {
    this.id = Objects.requireNonNull(id, "id");
    this.voter = voter;
    this.matchIndex = matchIndex;
    this.sinceLastContact = sinceLastContact;
  }

  /**
   * The peer's id.
   *
   * @return the id
   */
  public String id() {
    return id;
  }

  /**
   * Whether the peer votes (learners do not count towards quorum).
   *
   * @return whether it votes
   */
  public boolean voter() {
    return voter;
  }

  /**
   * The highest log index known to be on the peer.
   *
   * @return the index, or -1 if unknown
   */
  public long matchIndex() {
    return matchIndex;
  }

  /**
   * Time since the leader last heard from the peer.
   *
   * @return the time, or {@code null} if never
   */
  public Duration sinceLastContact() {
    return sinceLastContact;
  }

  /**
   * Whether {@code other} is a {@code RaftPeerStatus} with equal components.
   *
   * @param other the object to compare with
   * @return {@code true} if equal
   */
  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof RaftPeerStatus)) {
      return false;
    }
    RaftPeerStatus o = (RaftPeerStatus) other;
    return Objects.equals(id, o.id)
        && voter == o.voter
        && matchIndex == o.matchIndex
        && Objects.equals(sinceLastContact, o.sinceLastContact);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, voter, matchIndex, sinceLastContact);
  }

  @Override
  public String toString() {
    return "RaftPeerStatus["
        + "id="
        + id
        + ", voter="
        + voter
        + ", matchIndex="
        + matchIndex
        + ", sinceLastContact="
        + sinceLastContact
        + "]";
  }

  /**
   * Starts a peer's status, for a {@link RaftStatusSource} or a test.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link RaftPeerStatus}. Not thread-safe. */
  public static final class Builder {
    private String id;
    private boolean voter = true;
    private long matchIndex = -1;
    private Duration sinceLastContact;

    private Builder() {}

    /**
     * Sets the peer's id (required).
     *
     * @param id the id
     * @return this builder
     */
    public Builder id(String id) {
      this.id = id;
      return this;
    }

    /**
     * Sets whether the peer votes (default true).
     *
     * @param voter whether it votes
     * @return this builder
     */
    public Builder voter(boolean voter) {
      this.voter = voter;
      return this;
    }

    /**
     * Sets the highest log index known to be on the peer (default -1: unknown).
     *
     * @param matchIndex the index, or -1
     * @return this builder
     */
    public Builder matchIndex(long matchIndex) {
      this.matchIndex = matchIndex;
      return this;
    }

    /**
     * Sets the time since the leader last heard from the peer (default {@code null}: never).
     *
     * @param sinceLastContact the time, or {@code null}
     * @return this builder
     */
    public Builder sinceLastContact(Duration sinceLastContact) {
      this.sinceLastContact = sinceLastContact;
      return this;
    }

    /**
     * Builds the status.
     *
     * @return the status
     * @throws NullPointerException if the id is not set
     */
    public RaftPeerStatus build() {
      return new RaftPeerStatus(id, voter, matchIndex, sinceLastContact);
    }
  }
}
