package dev.levee.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.levee.testkit.Await;
import dev.levee.testkit.LeveeThreads;
import dev.levee.testkit.LogCapture;
import dev.levee.testkit.RawHttp;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link EndpointServer} when the process runs out of file descriptors, as a busy service with a
 * container's default limit of 1024 does: a connection waits in the backlog and every {@code
 * accept} fails with "Too many open files". The test lowers this JVM's own limit with Linux's
 * {@code prlimit} (skipped where there is none) and puts it back before it ends.
 */
@Timeout(60)
class EndpointServerOutOfDescriptorsIT {
  private static final Duration BOUND = Duration.ofSeconds(10);
  private static final Path PRLIMIT = Path.of("/usr/bin/prlimit");
  private static final String PROBE = "GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n";

  @Test
  void aFailingAcceptNeitherSpinsTheLoopNorFloodsTheLogAndServingResumes() throws Exception {
    assumeTrue(Files.isExecutable(PRLIMIT) && Files.isDirectory(Path.of("/proc/self/fd")));
    List<FileInputStream> fillers = new ArrayList<>();
    Socket waiting = null;
    try (EndpointServer server = EndpointServer.start(new ProbeEndpoint(), "127.0.0.1", 0);
        LogCapture log = LogCapture.of("dev.levee.http.EndpointServer");
        Socket keptAlive = new Socket()) {
      keptAlive.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
      keptAlive.setSoTimeout(5000);
      assertThat(ask(keptAlive)).startsWith("HTTP/1.1 200");

      long[] limit = openFilesLimit();
      setOpenFilesLimit(openNow() + 16, limit[1]);
      try {
        while (fillers.size() < 1000) { // every descriptor left, taken
          try {
            fillers.add(new FileInputStream("/dev/null"));
          } catch (IOException exhausted) {
            break;
          }
        }
        fillers.remove(fillers.size() - 1).close(); // one left, for a client: none for accept
        waiting = new Socket();
        waiting.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
        Await.until(BOUND, "accept failed", () -> !lines(log, "accept failed").isEmpty());

        // Each answer takes the loop at least one turn: a listener left ready with nothing to
        // accept makes every turn fail and log again.
        for (int i = 0; i < 50; i++) {
          assertThat(ask(keptAlive)).as("probe %d", i).startsWith("HTTP/1.1 200");
        }
        assertThat(lines(log, "accept failed"))
            .as("lines logged for the failing accept over 50 turns of the loop")
            .hasSizeLessThanOrEqualTo(1);
      } finally {
        for (FileInputStream f : fillers) {
          f.close();
        }
        setOpenFilesLimit(limit[0], limit[1]);
      }
      Socket w = waiting;
      Await.until(BOUND, "the waiting connection answered", () -> answers(w));
    } finally {
      if (waiting != null) {
        waiting.close();
      }
    }
    LeveeThreads.assertNoneSurvive(BOUND);
  }

  private static List<LogCapture.Line> lines(LogCapture log, String text) {
    return log.lines().stream().filter(l -> l.message().contains(text)).toList();
  }

  /** One request on a kept-alive connection: the response's head and body. */
  private static String ask(Socket s) throws IOException {
    RawHttp.send(s, PROBE);
    return RawHttp.response(s);
  }

  private static boolean answers(Socket s) {
    try {
      return ask(s).startsWith("HTTP/1.1 200");
    } catch (IOException e) {
      throw new AssertionError("the connection that waited in the backlog failed", e);
    }
  }

  private static long openNow() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }

  /** This process's limit on open files: soft, hard. */
  private static long[] openFilesLimit() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
      if (line.startsWith("Max open files")) {
        String[] f = line.substring("Max open files".length()).trim().split("\\s+");
        return new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])};
      }
    }
    throw new IllegalStateException("no open-files line in /proc/self/limits");
  }

  private static void setOpenFilesLimit(long soft, long hard) throws Exception {
    Process p =
        new ProcessBuilder(
                PRLIMIT.toString(),
                "--pid",
                Long.toString(ProcessHandle.current().pid()),
                "--nofile=" + soft + ":" + hard)
            .redirectErrorStream(true)
            .start();
    p.getOutputStream().close();
    String out;
    try (InputStream in = p.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("prlimit ended").isTrue();
    assertThat(p.exitValue()).as("prlimit: " + out).isZero();
  }
}
