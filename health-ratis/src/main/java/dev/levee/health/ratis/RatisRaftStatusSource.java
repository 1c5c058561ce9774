package dev.levee.health.ratis;

import dev.levee.health.raft.RaftPeerStatus;
import dev.levee.health.raft.RaftRole;
import dev.levee.health.raft.RaftStatus;
import dev.levee.health.raft.RaftStatusSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.ratis.proto.RaftProtos.CommitInfoProto;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.proto.RaftProtos.ServerRpcProto;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;

/**
 * Reads a Ratis {@link RaftServer.Division} (one server's member of one Raft group) through the
 * public server API: {@link DivisionInfo} (role, term, leader, leader readiness, applied index,
 * alive), the log's commit index, the role info's last RPC times (a follower's last contact with
 * its leader, a leader's with each follower), {@link RaftServer.Division#getCommitInfos()} for each
 * peer's commit index (follower lag by peer id), the configuration's voters and the storage
 * directory's health. Nothing internal to Ratis is touched.
 *
 * <pre>{@code
 * RaftHealth.register(monitor, RatisRaftStatusSource.of(server.getDivision(groupId)));
 * }</pre>
 *
 * Reading is cheap (in-memory fields) and safe from any thread. A division that has been closed
 * reads as not alive.
 */
public final class RatisRaftStatusSource implements RaftStatusSource {
  private final RaftServer.Division division;

  private RatisRaftStatusSource(RaftServer.Division division) {
    this.division = Objects.requireNonNull(division, "division");
  }

  /**
   * A source over {@code division}.
   *
   * @param division the division, such as {@code server.getDivision(groupId)}
   * @return the source
   */
  public static RatisRaftStatusSource of(RaftServer.Division division) {
    return new RatisRaftStatusSource(division);
  }

  @Override
  public RaftStatus read() {
    DivisionInfo info = division.getInfo();
    String self = division.getId().toString();
    RaftPeerId leader = info.getLeaderId();
    RoleInfoProto role = info.getRoleInfoProto();
    Collection<RaftPeer> voters = division.getRaftConf().getCurrentPeers();
    Set<String> voterIds = new HashSet<>();
    for (RaftPeer p : voters) {
      voterIds.add(p.getId().toString());
    }
    Duration sinceLeader = null;
    List<RaftPeerStatus> peers = new ArrayList<>();
    if (info.isFollower() && role.hasFollowerInfo()) {
      sinceLeader =
          Duration.ofMillis(role.getFollowerInfo().getLeaderInfo().getLastRpcElapsedTimeMs());
    }
    if (info.isLeader() && role.hasLeaderInfo()) {
      Map<String, Long> commitIndex = new HashMap<>();
      for (CommitInfoProto c : division.getCommitInfos()) {
        commitIndex.put(c.getServer().getId().toStringUtf8(), c.getCommitIndex());
      }
      for (ServerRpcProto f : role.getLeaderInfo().getFollowerInfoList()) {
        String id = f.getId().getId().toStringUtf8();
        peers.add(
            RaftPeerStatus.builder()
                .id(id)
                .voter(voterIds.contains(id))
                .matchIndex(commitIndex.getOrDefault(id, -1L))
                .sinceLastContact(Duration.ofMillis(f.getLastRpcElapsedTimeMs()))
                .build());
      }
    }
    Boolean storage;
    try {
      storage = division.getRaftStorage().getStorageDir().isHealthy();
    } catch (RuntimeException e) {
      storage = null; // the library could not tell
    }
    return RaftStatus.builder()
        .nodeId(self)
        .role(role(info))
        .term(info.getCurrentTerm())
        .leaderId(leader == null ? null : leader.toString())
        .commitIndex(division.getRaftLog().getLastCommittedIndex())
        .appliedIndex(info.getLastAppliedIndex())
        .sinceLeaderContact(sinceLeader)
        .voters(voters.size())
        .peers(peers)
        .alive(info.isAlive())
        .storageHealthy(storage)
        .leaderReady(info.isLeader() && info.isLeaderReady())
        .build();
  }

  private static RaftRole role(DivisionInfo info) {
    switch (info.getCurrentRole()) {
      case LEADER:
        return RaftRole.LEADER;
      case CANDIDATE:
        return RaftRole.CANDIDATE;
      case LISTENER:
        return RaftRole.LEARNER;
      default:
        return RaftRole.FOLLOWER;
    }
  }
}
