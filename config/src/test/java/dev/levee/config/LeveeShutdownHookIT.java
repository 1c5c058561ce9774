package dev.levee.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.testkit.Await;
import dev.levee.testkit.ChildJvm;
import java.time.Duration;
import java.util.List;
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
    try (ChildJvm child = ChildJvm.start(Child.class, List.of())) {
      Await.until(
          Duration.ofSeconds(30),
          () -> "the child's close began; it printed " + child.stdout(),
          () -> child.stdout().contains("draining"));
      child.sigtermAndWait(Duration.ofSeconds(30));
      assertThat(child.stdout())
          .as("the JVM waited for the close underway to close what it closes; it printed")
          .contains("closed: marker");
    }
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
