package dev.levee.health.raft;

import java.time.Duration;
import java.util.Objects;

/**
 * What a leader knows of one other member of its group.
 *
 * @param id the peer's id
 * @param voter whether the peer votes (learners do not count towards quorum)
 * @param matchIndex the highest log index known to be on the peer, or -1 if unknown
 * @param sinceLastContact time since the leader last heard from the peer, or {@code null} if never
 */
public record RaftPeerStatus(String id, boolean voter, long matchIndex, Duration sinceLastContact) {
  /**
   * Checks the id.
   *
   * @param id see {@link #id()}
   * @param voter see {@link #voter()}
   * @param matchIndex see {@link #matchIndex()}
   * @param sinceLastContact see {@link #sinceLastContact()}
   */
  public RaftPeerStatus {
    Objects.requireNonNull(id, "id");
  }
}
