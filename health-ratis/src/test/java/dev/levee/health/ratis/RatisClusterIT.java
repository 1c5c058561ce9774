package dev.levee.health.ratis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.errors.ErrorCategory;
import dev.levee.health.HealthEndpoints;
import dev.levee.health.HealthMonitor;
import dev.levee.health.raft.RaftHealth;
import dev.levee.health.raft.RaftHealthCheck;
import dev.levee.http.HttpRequest;
import dev.levee.metrics.RaftMetrics;
import dev.levee.testkit.Await;
import dev.levee.testkit.LeveeThreads;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.GroupManagementRequest;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.util.TimeDuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A real three-server Apache Ratis group in this JVM, over gRPC on 127.0.0.1 with ephemeral ports,
 * with a small state machine; each server has its own health monitor with {@link RaftHealth} over
 * {@link RatisRaftStatusSource}. Stops the leader, then a second server, then restarts both, and
 * checks what {@code /health/raft} reports on each node in each phase.
 */
@Timeout(180)
class RatisClusterIT {
  private static final Duration BOUND = Duration.ofSeconds(30);
  private static final RaftGroupId GROUP = RaftGroupId.valueOf(UUID.randomUUID());

  private final Map<String, Node> nodes = new LinkedHashMap<>();
  private final List<String> phases = new ArrayList<>();
  private RaftGroup group;
  private RaftClient client;
  private Path root;

  /** One server, its state machine, its monitor and endpoints. */
  private final class Node {
    final String id;
    final Path dir;
    int port;
    RaftServer server;
    final Map<RaftGroupId, CounterStateMachine> machines = new ConcurrentHashMap<>();
    HealthMonitor monitor;
    HealthEndpoints endpoints;
    final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

    Node(String id, Path dir) {
      this.id = id;
      this.dir = dir;
    }

    void start(int port, RaftStorage.StartupOption option) throws IOException {
      machines.clear(); // a closed state machine cannot start again: the log rebuilds a new one
      RaftProperties props = properties();
      GrpcConfigKeys.Server.setHost(props, "127.0.0.1");
      GrpcConfigKeys.Server.setPort(props, port);
      RaftServerConfigKeys.setStorageDir(props, List.of(dir.toFile()));
      server =
          RaftServer.newBuilder()
              .setServerId(RaftPeerId.valueOf(id))
              .setProperties(props)
              .setOption(option)
              .setStateMachineRegistry(
                  g -> machines.computeIfAbsent(g, x -> new CounterStateMachine()))
              .build();
      server.start();
      this.port = server.getServerRpc().getInetSocketAddress().getPort();
    }

    void watch() throws IOException {
      monitor = HealthMonitor.builder().name(id).build();
      RaftHealthCheck check =
          RaftHealth.builder(RatisRaftStatusSource.of(server.getDivision(GROUP)))
              .interval(Duration.ofMillis(100))
              .thresholds(
                  RaftHealthCheck.builder(RatisRaftStatusSource.of(server.getDivision(GROUP)))
                      .lastContact(Duration.ofSeconds(1))
                      .electionGrace(Duration.ofSeconds(3))
                      .commitStall(Duration.ofSeconds(10)))
              .register(monitor);
      metrics.clear();
      RaftMetrics.of(check, id).bindTo(metrics);
      monitor.markStarted();
      endpoints = HealthEndpoints.builder(monitor).build();
    }

    void stop() throws IOException {
      if (monitor != null) {
        monitor.close();
      }
      server.close();
      server = null;
    }

    boolean running() {
      return server != null;
    }

    /** {@code /health/raft}: the HTTP code and the body. */
    String raft() {
      var r = endpoints.handle(HttpRequest.builder("GET", "/health/raft").loopback(true).build());
      return r.status() + " " + new String(r.body(), StandardCharsets.UTF_8);
    }

    String raftStatus() {
      return monitor.report("raft").orElseThrow().status().name();
    }

    CounterStateMachine machine() {
      return machines.get(GROUP);
    }
  }

  private static RaftProperties properties() {
    RaftProperties props = new RaftProperties();
    RaftConfigKeys.Rpc.setType(props, SupportedRpcType.GRPC);
    RaftServerConfigKeys.Rpc.setTimeoutMin(props, TimeDuration.valueOf(300, TimeUnit.MILLISECONDS));
    RaftServerConfigKeys.Rpc.setTimeoutMax(props, TimeDuration.valueOf(600, TimeUnit.MILLISECONDS));
    RaftServerConfigKeys.Rpc.setRequestTimeout(props, TimeDuration.valueOf(2, TimeUnit.SECONDS));
    RaftClientConfigKeys.Rpc.setRequestTimeout(props, TimeDuration.valueOf(2, TimeUnit.SECONDS));
    return props;
  }

  @AfterEach
  void tearDown() throws Exception {
    if (client != null) {
      client.close();
    }
    for (Node n : nodes.values()) {
      if (n.running()) {
        n.stop();
      }
    }
    if (root != null) {
      try (Stream<Path> files = Files.walk(root)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private boolean write(long value) {
    try {
      RaftClientReply reply = client.io().send(Message.valueOf(Long.toString(value)));
      return reply.isSuccess();
    } catch (IOException e) {
      return false;
    }
  }

  private Node leader() {
    for (Node n : nodes.values()) {
      try {
        if (n.running() && n.server.getDivision(GROUP).getInfo().isLeader()) {
          return n;
        }
      } catch (IOException e) {
        // not a member yet
      }
    }
    return null;
  }

  private String snapshot(String phase) {
    StringBuilder out = new StringBuilder(phase + ":");
    for (Node n : nodes.values()) {
      out.append(' ').append(n.id).append('=').append(n.running() ? n.raftStatus() : "stopped");
    }
    phases.add(out.toString());
    return out.toString();
  }

  @Test
  void raftHealthFollowsLeaderLossQuorumLossAndRecovery() throws Exception {
    root = Files.createTempDirectory("levee-ratis");
    for (String id : List.of("n1", "n2", "n3")) {
      Node n = new Node(id, root.resolve(id));
      n.start(0, RaftStorage.StartupOption.FORMAT);
      nodes.put(id, n);
    }
    List<RaftPeer> peers = new ArrayList<>();
    for (Node n : nodes.values()) {
      peers.add(
          RaftPeer.newBuilder()
              .setId(n.id)
              .setAddress(new InetSocketAddress("127.0.0.1", n.port))
              .build());
    }
    group = RaftGroup.valueOf(GROUP, peers);
    for (Node n : nodes.values()) {
      RaftClientReply added =
          n.server.groupManagement(
              GroupManagementRequest.newAdd(
                  ClientId.randomId(), RaftPeerId.valueOf(n.id), 1, group));
      assertThat(added.isSuccess()).as("group added on " + n.id).isTrue();
      n.watch();
    }
    client =
        RaftClient.newBuilder()
            .setProperties(properties())
            .setRaftGroup(group)
            .setRetryPolicy(
                RetryPolicies.retryUpToMaximumCountWithFixedSleep(
                    10, TimeDuration.valueOf(200, TimeUnit.MILLISECONDS)))
            .build();
    Set<Long> acknowledged = new TreeSet<>();

    // Phase 1: all up.
    Await.until(
        BOUND,
        () -> "every node UP: " + snapshot("waiting"),
        () -> nodes.values().stream().allMatch(n -> n.raftStatus().equals("UP")));
    phases.clear();
    snapshot("all up");
    Node first = leader();
    assertThat(first).isNotNull();
    assertThat(first.monitor.report("raft").orElseThrow().data())
        .containsEntry("failure_tolerance", 1);
    for (Node n : nodes.values()) {
      assertThat(n.raft()).startsWith("200 ");
      assertThat(n.metrics.get("raft.leader").gauge().value()).isEqualTo(n == first ? 1 : 0);
      assertThat(n.metrics.get("raft.peers").gauge().value()).isEqualTo(3);
    }
    for (long v = 1; v <= 20; v++) {
      assertThat(write(v)).as("write " + v).isTrue();
      acknowledged.add(v);
    }

    // Phase 2: the leader is stopped.
    first.stop();
    Set<String> seen = new TreeSet<>();
    // The new leader and its report are taken together: Ratis may hold another election (a
    // candidate's report has no failure tolerance), so re-reading either later could mix two.
    java.util.concurrent.atomic.AtomicReference<Node> elected =
        new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.atomic.AtomicReference<java.util.Map<String, Object>> electedData =
        new java.util.concurrent.atomic.AtomicReference<>();
    Await.until(
        BOUND,
        () -> "a new leader, DEGRADED with tolerance 0: " + snapshot("electing"),
        () -> {
          for (Node n : nodes.values()) {
            if (n.running()) {
              seen.add(n.id + "=" + n.raftStatus());
            }
          }
          Node l = leader();
          if (l == null) {
            return false;
          }
          var report = l.monitor.report("raft").orElseThrow();
          if (report.status().name().equals("DEGRADED")
              && "LEADER".equals(report.data().get("role"))) {
            elected.set(l);
            electedData.set(report.data());
            return true;
          }
          return false;
        });
    Node second = elected.get();
    phases.add("while electing, seen: " + seen);
    snapshot("leader " + first.id + " stopped, new leader " + second.id);
    assertThat(electedData.get()).containsEntry("failure_tolerance", 0);
    assertThat(second.raft()).startsWith("200 ");
    Node follower =
        nodes.values().stream().filter(n -> n.running() && n != second).findFirst().orElseThrow();
    Await.until(
        BOUND,
        "the follower's metrics count the leadership change",
        () -> follower.metrics.get("raft.leadership.changes").functionCounter().count() >= 1);
    for (long v = 21; v <= 40; v++) {
      assertThat(write(v)).as("write " + v + " with two of three").isTrue();
      acknowledged.add(v);
    }

    // Phase 3: a second server is stopped; the survivor has no quorum.
    Node survivor =
        nodes.values().stream().filter(n -> n.running() && n != second).findFirst().orElseThrow();
    second.stop();
    long stoppedAt = System.nanoTime();
    Await.until(
        BOUND,
        () -> "the survivor DOWN: " + snapshot("no quorum"),
        () -> survivor.raftStatus().equals("DOWN"));
    Duration toDown = Duration.ofNanos(System.nanoTime() - stoppedAt);
    snapshot(
        "second server "
            + second.id
            + " stopped, survivor DOWN after "
            + toDown.toMillis()
            + " ms");
    // Within the thresholds: the election grace (3s) after the leader's silence passes the
    // last-contact threshold (1s), plus a check interval and scheduling slack.
    assertThat(toDown).isLessThan(Duration.ofSeconds(8));
    assertThat(survivor.raft()).startsWith("503 ");
    Exception failure = null;
    try {
      client.io().send(Message.valueOf("41"));
    } catch (IOException e) {
      failure = e;
    }
    assertThat(failure).as("a write without quorum fails").isNotNull();
    ErrorCategory category = RatisErrors.classifier().classify(failure);
    phases.add("write without quorum: " + failure.getClass().getSimpleName() + " -> " + category);
    assertThat(category).as("classified " + failure).isEqualTo(ErrorCategory.TRANSIENT);

    // Phase 4: both restart on their ports, from their storage.
    for (Node n : List.of(first, second)) {
      n.start(n.port, RaftStorage.StartupOption.RECOVER);
      n.watch();
    }
    Await.until(
        BOUND,
        () -> "every node UP again: " + snapshot("recovering"),
        () -> nodes.values().stream().allMatch(n -> n.raftStatus().equals("UP")));
    snapshot("both restarted");
    for (long v = 41; v <= 50; v++) {
      assertThat(write(v)).as("write " + v + " after recovery").isTrue();
      acknowledged.add(v);
    }
    Node last = leader();
    long leaderApplied = last.server.getDivision(GROUP).getInfo().getLastAppliedIndex();
    Await.until(
        BOUND,
        "every node applied what the leader applied and holds every acknowledged write",
        () ->
            nodes.values().stream()
                .allMatch(
                    n -> {
                      try {
                        return n.server.getDivision(GROUP).getInfo().getLastAppliedIndex()
                                >= leaderApplied
                            && n.machine().values.containsAll(acknowledged);
                      } catch (IOException e) {
                        return false;
                      }
                    }));
    System.out.println(String.join("\n", phases));

    List<Integer> ports = nodes.values().stream().map(n -> n.port).toList();
    client.close();
    client = null;
    for (Node n : nodes.values()) {
      n.stop();
    }
    for (int port : ports) {
      Await.until(BOUND, "port " + port + " is closed", () -> refused(port));
    }
    LeveeThreads.assertNoneSurvive(BOUND);
    // Ratis' servers, gRPC and Netty stop their threads too; what stays is Ratis' static
    // "timerN" pool, shared by every server in the JVM and not owned by any.
    Await.until(
        BOUND,
        () -> "no server, gRPC or Netty thread left: " + serverThreads(),
        () -> serverThreads().isEmpty());
  }

  private static List<String> serverThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(
            n ->
                n.startsWith("n1")
                    || n.startsWith("n2")
                    || n.startsWith("n3")
                    || n.startsWith("grpc-")
                    || n.contains("Netty"))
        .sorted()
        .toList();
  }

  private static boolean refused(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return false;
    } catch (ConnectException e) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
