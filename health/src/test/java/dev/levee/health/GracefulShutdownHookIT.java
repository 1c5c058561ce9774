package dev.levee.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.testkit.Await;
import dev.levee.testkit.ChildJvm;
import java.time.Duration;
import java.util.List;
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
    try (ChildJvm child = ChildJvm.start(Child.class, List.of(), "1500")) {
      Await.until(
          Duration.ofSeconds(30),
          () -> "the child's shutdown began; it printed " + child.stdout(),
          () -> child.stdout().contains("draining"));
      child.sigtermAndWait(Duration.ofSeconds(30));
      assertThat(child.stdout())
          .as("the JVM waited for the run underway to close what it closes; it printed")
          .contains("closed: marker");
    }
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
