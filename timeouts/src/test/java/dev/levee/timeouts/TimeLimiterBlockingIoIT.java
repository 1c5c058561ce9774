package dev.levee.timeouts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levee.testkit.Await;
import dev.levee.testkit.LeveeThreads;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Real blocking I/O against a server on 127.0.0.1 that accepts and never answers, with the
 * limiter's own threads and real time. The limit is short (200 ms); every wait is bounded.
 */
@Timeout(60)
class TimeLimiterBlockingIoIT {
  private static final Duration LIMIT = Duration.ofMillis(200);
  private static final Duration BOUND = Duration.ofSeconds(10);

  private ServerSocket server;
  private final List<Socket> accepted = new CopyOnWriteArrayList<>();
  private Thread acceptor;

  @BeforeEach
  void startSilentServer() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor =
        new Thread(
            () -> {
              try {
                while (true) {
                  accepted.add(server.accept()); // hold the connection, never write
                }
              } catch (IOException closed) {
                // server closed: test over
              }
            },
            "silent-server");
    acceptor.start();
  }

  @AfterEach
  void stopServer() throws Exception {
    server.close();
    for (Socket s : accepted) {
      s.close();
    }
    acceptor.join(BOUND.toMillis());
    assertThat(acceptor.isAlive()).as("acceptor ended").isFalse();
  }

  @Test
  void aSocketReadIsStoppedByClosingTheSocket() throws Exception {
    Socket client = new Socket();
    client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
    try (TimeLimiter limiter = TimeLimiter.builder("socket-read").build()) {
      assertThatThrownBy(
              () -> limiter.call("read", LIMIT, () -> client.getInputStream().read(), client))
          .isInstanceOf(OperationTimeoutException.class)
          .hasMessageContaining("operation \"read\" timed out")
          .satisfies(
              e ->
                  assertThat(((OperationTimeoutException) e).elapsed())
                      .isGreaterThanOrEqualTo(LIMIT));
      Await.until(BOUND, "the socket was closed on timeout", client::isClosed);
    }
    LeveeThreads.assertNoneSurvive(BOUND);
  }

  @Test
  void aChannelReadIsStoppedByTheInterruptAlone() throws Exception {
    SocketChannel channel =
        SocketChannel.open(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
    try (TimeLimiter limiter = TimeLimiter.builder("channel-read").build()) {
      assertThatThrownBy(
              () -> limiter.call("read", LIMIT, () -> channel.read(ByteBuffer.allocate(1)), null))
          .isInstanceOf(OperationTimeoutException.class);
      // An interrupt closes an interruptible channel (ClosedByInterruptException in the worker).
      Await.until(BOUND, "the interrupted channel closed", () -> !channel.isOpen());
    } finally {
      channel.close();
    }
    LeveeThreads.assertNoneSurvive(BOUND);
  }

  @Test
  void anAsyncReadOnTheLimitersTimerIsCancelledOnTime() throws Exception {
    try (TimeLimiter limiter = TimeLimiter.builder("async-read").build()) {
      java.util.concurrent.CompletableFuture<Integer> never =
          new java.util.concurrent.CompletableFuture<>();
      assertThatThrownBy(() -> limiter.callAsync("read", LIMIT, () -> never).get())
          .hasCauseInstanceOf(OperationTimeoutException.class);
      assertThat(never).isCancelled();
    }
    LeveeThreads.assertNoneSurvive(BOUND);
  }
}
