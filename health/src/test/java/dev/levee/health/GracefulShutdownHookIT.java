package dev.levee.health;

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
 * {@link GracefulShutdown#installShutdownHook()} in a process of its own, where a JVM shutdown is
 * real: an application runs the shutdown itself, and SIGTERM comes while it is underway (Kubernetes
 * sends it whatever the application is doing). The JVM must wait for the run underway, not exit in
 * the middle of its propagation delay with nothing drained or closed.
 */
@Timeout(60)
class GracefulShutdownHookIT {
  @Test
  void sigtermDuringARunByHandWaitsForThatRun() throws Exception {
    List<String> stdout = new CopyOnWriteArrayList<>();
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Child.class.getName(),
                "1500")
            .redirectErrorStream(true)
            .start();
    try {
      Thread reader = read(child.getInputStream(), stdout);
      Await.until(
          Duration.ofSeconds(30),
          () -> "the child's shutdown began; it printed " + stdout,
          () -> stdout.contains("draining"));
      assertThat(child.toHandle().destroy()).as("SIGTERM sent").isTrue();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("the child exited").isTrue();
      reader.join(5_000);
      assertThat(stdout)
          .as("the JVM waited for the run underway to close what it closes; it printed")
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
   * The child: a shutdown with its hook installed, run by hand (as an application that decides to
   * stop does), with a propagation delay of {@code args[0]} milliseconds. It prints {@code
   * draining} once readiness is DOWN and {@code closed: marker} when the shutdown closes its
   * resource.
   */
  public static final class Child {
    private Child() {}

    /**
     * Runs the child.
     *
     * @param args the propagation delay in milliseconds
     */
    public static void main(String[] args) {
      HealthMonitor monitor = HealthMonitor.builder().name("child").build();
      monitor.markStarted();
      GracefulShutdown shutdown =
          GracefulShutdown.builder(monitor)
              .propagationDelay(Duration.ofMillis(Long.parseLong(args[0])))
              .close("marker", () -> System.out.println("closed: marker"))
              .close("health", monitor)
              .build()
              .installShutdownHook();
      Thread watcher =
          new Thread(
              () -> {
                while (!monitor.isDraining()) {
                  LockSupport.parkNanos(1_000_000L);
                }
                System.out.println("draining");
              },
              "child-watcher");
      watcher.setDaemon(true);
      watcher.start();
      System.out.println("run returned, clean " + shutdown.run().clean());
    }
  }
}
