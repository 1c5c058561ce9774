package dev.levee.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.testkit.Await;
import dev.levee.testkit.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

  private ChildJvm demo;
  private List<String> stdout = List.of();

  @AfterEach
  void stopTheDemo() {
    if (demo != null) {
      demo.close();
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
    List<String> demoArgs = new ArrayList<>(List.of("--port", "0", "--rate", "5"));
    demoArgs.addAll(List.of(args));
    demo =
        ChildJvm.start(
            Demo.class, List.of("-Djava.io.tmpdir=" + tmp), demoArgs.toArray(new String[0]));
    stdout = demo.stdout();
  }

  private void sigtermAndWait() throws Exception {
    demo.sigtermAndWait(Duration.ofSeconds(30));
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
}
