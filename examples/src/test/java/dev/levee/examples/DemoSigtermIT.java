package dev.levee.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.testkit.Await;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM at awkward moments, to the demo in a process of its own whose temporary directory is the
 * test's: whenever it comes, the JVM waits for the demo to close what it started, and H2's and
 * Raft's directories are gone when the process has exited.
 */
@Timeout(120)
class DemoSigtermIT {
  private static final Duration BOUND = Duration.ofSeconds(60);

  @TempDir Path tmp;

  private final List<String> stdout = new CopyOnWriteArrayList<>();
  private Process demo;
  private Thread reader;

  @AfterEach
  void stopTheDemo() {
    if (demo != null) {
      demo.destroyForcibly();
    }
  }

  @Test
  void sigtermDuringAShutdownUnderwayWaitsForItAndLeavesNoFiles() throws Exception {
    start("--duration", "1s");
    Await.until(
        BOUND,
        () -> "the --duration shutdown began; stdout " + stdout,
        () -> stdout.stream().anyMatch(l -> l.startsWith("== shutting down")));
    sigtermAndWait();
    assertThat(stdout)
        .as("the shutdown underway (2 s of propagation delay) finished")
        .anyMatch(l -> l.startsWith("== stopped (clean)"));
    assertThat(leftBehind()).as("the demo's directories in %s", tmp).isEmpty();
  }

  @Test
  void sigtermWhileTheServiceStartsClosesWhatItStartedAndLeavesNoFiles() throws Exception {
    start();
    Await.until(
        BOUND,
        () -> "H2's directory made, so the start is underway; stdout " + stdout,
        () -> leftBehindQuietly().stream().anyMatch(n -> n.startsWith("levee-demo-h2")));
    sigtermAndWait();
    assertThat(stdout)
        .as("SIGTERM came while the service started (H2 up, Raft not yet)")
        .noneMatch(l -> l.startsWith("Levee demo service on"));
    assertThat(leftBehind()).as("the demo's directories in %s", tmp).isEmpty();
  }

  private void start(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Djava.io.tmpdir=" + tmp);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Demo.class.getName());
    command.addAll(List.of("--port", "0", "--rate", "5"));
    command.addAll(List.of(args));
    demo = new ProcessBuilder(command).redirectError(tmp.resolve("stderr.txt").toFile()).start();
    reader = read(demo.getInputStream(), stdout);
  }

  private void sigtermAndWait() throws Exception {
    // SIGTERM through the handle: Process.destroy() would also close our ends of its pipes.
    assertThat(demo.toHandle().destroy()).as("SIGTERM sent").isTrue();
    assertThat(demo.waitFor(30, TimeUnit.SECONDS)).as("the demo exited after SIGTERM").isTrue();
    reader.join(5_000); // what it printed last
  }

  /** H2's and Raft's directories ({@code levee-demo-*}) still in the demo's temporary directory. */
  private List<String> leftBehind() throws IOException {
    try (Stream<Path> files = Files.list(tmp)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith("levee-demo-"))
          .toList();
    }
  }

  private List<String> leftBehindQuietly() {
    try {
      return leftBehind();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Thread read(InputStream in, List<String> lines) {
    Thread t =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  lines.add(line);
                }
              } catch (IOException ended) {
                // the process is gone
              }
            },
            "test-demo-stdout");
    t.setDaemon(true);
    t.start();
    return t;
  }
}
