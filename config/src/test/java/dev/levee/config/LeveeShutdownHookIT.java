package dev.levee.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.testkit.Await;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Levee}'s JVM shutdown hook in a process of its own, where a JVM shutdown is real: the
 * application calls {@link Levee#close()}, and SIGTERM comes while that close is underway. As the
 * Javadoc says, the hook must wait for the close, so the JVM does not exit in the middle of the
 * propagation delay with nothing drained or closed.
 */
@Timeout(60)
class LeveeShutdownHookIT {
  @Test
  void sigtermDuringCloseWaitsForTheClose() throws Exception {
    List<String> stdout = new CopyOnWriteArrayList<>();
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Child.class.getName())
            .redirectErrorStream(true)
            .start();
    try {
      Thread reader = read(child.getInputStream(), stdout);
      Await.until(
          Duration.ofSeconds(30),
          () -> "the child's close began; it printed " + stdout,
          () -> stdout.contains("draining"));
      assertThat(child.toHandle().destroy()).as("SIGTERM sent").isTrue();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("the child exited").isTrue();
      reader.join(5_000);
      assertThat(stdout)
          .as("the JVM waited for the close underway to close what it closes; it printed")
          .contains("closed: marker");
    } finally {
      child.destroyForcibly();
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
                // the child is gone
              }
            },
            "test-child-stdout");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /**
   * The child: Levee started with its hook (the default) and a 1.5 s propagation delay, closed by
   * the application. It prints {@code draining} once readiness is DOWN and {@code closed: marker}
   * when the close reaches the application's resource.
   */
  public static final class Child {
    private Child() {}

    /**
     * Runs the child.
     *
     * @param args none
     */
    public static void main(String[] args) {
      Levee levee =
          Levee.start(
              LeveeConfig.load(
                  """
                  health: { http: { port: 0, bind_address: 127.0.0.1 } }
                  metrics: { port: 0 }
                  shutdown: { propagation_delay: 1500ms }
                  """));
      levee.health().markStarted();
      levee.closeOnShutdown("marker", () -> System.out.println("closed: marker"));
      Thread watcher =
          new Thread(
              () -> {
                while (!levee.health().isDraining()) {
                  LockSupport.parkNanos(1_000_000L);
                }
                System.out.println("draining");
              },
              "child-watcher");
      watcher.setDaemon(true);
      watcher.start();
      levee.close();
      System.out.println("close returned");
    }
  }
}
