package dev.levee.timeouts.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ManualSchedulerTest {
  private final ManualTicker ticker = new ManualTicker();
  private final ManualScheduler scheduler = new ManualScheduler(ticker);
  private final List<String> ran = new ArrayList<>();

  @Test
  void runsDueTasksInDueOrderAndWhatTheyScheduleWithinTheNewTime() {
    scheduler.schedule(() -> ran.add("b"), 20, TimeUnit.MILLISECONDS);
    scheduler.schedule(
        () -> {
          ran.add("a");
          scheduler.schedule(() -> ran.add("a+0"), 0, TimeUnit.MILLISECONDS);
          scheduler.schedule(() -> ran.add("a+50"), 50, TimeUnit.MILLISECONDS);
        },
        10,
        TimeUnit.MILLISECONDS);
    assertThat(scheduler.advance(Duration.ofMillis(30))).isEqualTo(3);
    assertThat(ran).as("due order; time already stood at 30ms").containsExactly("a", "b", "a+0");
    assertThat(scheduler.pendingDelays()).containsExactly(Duration.ofMillis(50));
  }

  @Test
  void aTaskAnotherThreadSchedulesWhileTasksRunWaitsForTheNextCall() throws Exception {
    scheduler.schedule(
        () -> {
          ran.add("first");
          Thread other =
              new Thread(() -> scheduler.schedule(() -> ran.add("other"), 0, TimeUnit.SECONDS));
          other.start();
          try {
            other.join(10_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        },
        1,
        TimeUnit.SECONDS);
    assertThat(scheduler.advance(Duration.ofSeconds(1))).isEqualTo(1);
    assertThat(ran).containsExactly("first");
    assertThat(scheduler.pending()).as("kept for the next call, not lost").isEqualTo(1);
    assertThat(scheduler.runDue()).isEqualTo(1);
    assertThat(ran).containsExactly("first", "other");
  }
}
