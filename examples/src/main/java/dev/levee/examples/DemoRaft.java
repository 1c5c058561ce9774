package dev.levee.examples;

import dev.levee.health.HealthMonitor;
import dev.levee.health.raft.RaftHealth;
import dev.levee.health.raft.RaftHealthCheck;
import dev.levee.health.ratis.RatisRaftStatusSource;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.GroupManagementRequest;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.util.TimeDuration;

/**
 * Three Apache Ratis servers in this process, over gRPC on 127.0.0.1 (ephemeral ports), with a
 * no-op state machine. Node n1's health is registered on the demo's monitor ({@code /health/raft})
 * and n1 is made leader, so stopping n2 and then n3 shows quorum held (DEGRADED, tolerance 0) and
 * then lost (DOWN).
 */
final class DemoRaft implements AutoCloseable {
  private static final RaftGroupId GROUP = RaftGroupId.valueOf(UUID.randomUUID());

  private final Path dir;
  private final Map<String, Integer> ports = new LinkedHashMap<>();
  private final Map<String, RaftServer> servers = new LinkedHashMap<>();
  private RaftGroup group;
  private RaftHealthCheck check;

  DemoRaft(Path workDir) throws IOException {
    this.dir = Files.createTempDirectory(workDir, "levee-demo-raft");
  }

  /** A state machine that applies nothing but its index. */
  private static final class Ledger extends BaseStateMachine {
    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
      LogEntryProto e = trx.getLogEntry();
      updateLastAppliedTermIndex(e.getTerm(), e.getIndex());
      return CompletableFuture.completedFuture(Message.valueOf("ok"));
    }
  }

  private static RaftProperties properties(Path storage, int port) {
    RaftProperties p = new RaftProperties();
    RaftConfigKeys.Rpc.setType(p, SupportedRpcType.GRPC);
    GrpcConfigKeys.Server.setHost(p, "127.0.0.1");
    GrpcConfigKeys.Server.setPort(p, port);
    RaftServerConfigKeys.setStorageDir(p, List.of(storage.toFile()));
    RaftServerConfigKeys.Rpc.setTimeoutMin(p, TimeDuration.valueOf(300, TimeUnit.MILLISECONDS));
    RaftServerConfigKeys.Rpc.setTimeoutMax(p, TimeDuration.valueOf(600, TimeUnit.MILLISECONDS));
    return p;
  }

  private RaftServer server(String id, int port, RaftStorage.StartupOption option)
      throws IOException {
    RaftServer s =
        RaftServer.newBuilder()
            .setServerId(RaftPeerId.valueOf(id))
            .setProperties(properties(dir.resolve(id), port))
            .setOption(option)
            .setStateMachineRegistry(g -> new Ledger())
            .build();
    s.start();
    return s;
  }

  /** Starts the three servers, forms the group, makes n1 leader, registers n1's health. */
  void start(HealthMonitor monitor) throws Exception {
    for (String id : List.of("n1", "n2", "n3")) {
      RaftServer s = server(id, 0, RaftStorage.StartupOption.FORMAT);
      servers.put(id, s);
      ports.put(id, s.getServerRpc().getInetSocketAddress().getPort());
    }
    List<RaftPeer> peers = new ArrayList<>();
    ports.forEach(
        (id, port) ->
            peers.add(
                RaftPeer.newBuilder()
                    .setId(id)
                    .setAddress(new InetSocketAddress("127.0.0.1", port))
                    .build()));
    group = RaftGroup.valueOf(GROUP, peers);
    for (Map.Entry<String, RaftServer> e : servers.entrySet()) {
      e.getValue()
          .groupManagement(
              GroupManagementRequest.newAdd(
                  ClientId.randomId(), RaftPeerId.valueOf(e.getKey()), 1, group));
    }
    leadWithN1();
    RatisRaftStatusSource n1 = RatisRaftStatusSource.of(servers.get("n1").getDivision(GROUP));
    check =
        RaftHealth.builder(n1)
            .interval(Duration.ofMillis(500))
            .thresholds(
                RaftHealthCheck.builder(n1)
                    .lastContact(Duration.ofSeconds(1))
                    .electionGrace(Duration.ofSeconds(3)))
            .register(monitor);
  }

  /**
   * Makes n1 the leader (the node whose health the demo reports), so that stopping the others shows
   * a leader losing its failure tolerance, then its quorum.
   *
   * @throws IOException if the group does not answer
   */
  void leadWithN1() throws IOException {
    try (RaftClient client =
        RaftClient.newBuilder().setProperties(properties(dir, 0)).setRaftGroup(group).build()) {
      client.io().send(Message.valueOf("hello")); // waits for a leader
      client.admin().transferLeadership(RaftPeerId.valueOf("n1"), 5_000);
      // A new leader is ready once it has committed an entry of its own term (Raft 5.4.2; the
      // raft-ready check waits for it): commit one now, so the demo starts ready, not DOWN.
      client.io().send(Message.valueOf("led by n1"));
    }
  }

  RaftHealthCheck check() {
    return check;
  }

  /**
   * Stops a server.
   *
   * @param id n2 or n3
   * @throws IOException if closing fails
   */
  void stop(String id) throws IOException {
    RaftServer s = servers.remove(id);
    if (s != null) {
      s.close();
    }
  }

  /**
   * Starts a stopped server again on its port, from its storage.
   *
   * @param id n2 or n3
   * @throws IOException if it cannot start
   */
  void restart(String id) throws IOException {
    if (!servers.containsKey(id)) {
      servers.put(id, server(id, ports.get(id), RaftStorage.StartupOption.RECOVER));
    }
  }

  @Override
  public void close() throws IOException {
    for (RaftServer s : servers.values()) {
      s.close();
    }
    servers.clear();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
