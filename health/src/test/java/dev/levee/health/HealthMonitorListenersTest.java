package dev.levee.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.testkit.Await;
import dev.levee.timeouts.testing.ManualScheduler;
import dev.levee.timeouts.testing.ManualTicker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Listeners are told on the check threads while the check's runner holds its recording lock; what
 * stopping a check (unregister, close) then waits for. Checks run on the monitor's own pool; time
 * is manual.
 */
@Timeout(60)
class HealthMonitorListenersTest {
  private static final Duration BOUND = Duration.ofSeconds(10);

  private final ManualTicker ticker = new ManualTicker();
  private final ManualScheduler scheduler = new ManualScheduler(ticker);

  /** A monitor on manual time whose checks run on its own pool, closing within 1 s. */
  private HealthMonitor monitor() {
    return HealthMonitor.builder()
        .name("lock")
        .ticker(ticker)
        .scheduler(scheduler)
        .closeTimeout(Duration.ofSeconds(1))
        .build();
  }

  @Test
  void closeStaysBoundedWhileAListenerWaits() throws Exception {
    HealthMonitor monitor = monitor();
    CountDownLatch inListener = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    monitor.addListener(
        new HealthListener() {
          @Override
          public void onCheckChanged(CheckReport before, CheckReport after) {
            inListener.countDown();
            try {
              release.await(); // a webhook call, a full queue: interruptible, but slow
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        });
    Thread closer = new Thread(monitor::close, "closer");
    closer.setDaemon(true);
    try {
      monitor.register(HealthCheckConfig.builder("db").build(), HealthResult::up);
      scheduler.runDue();
      assertThat(inListener.await(BOUND.toSeconds(), TimeUnit.SECONDS))
          .as("the listener is being told db: DOWN -> UP")
          .isTrue();

      closer.start();
      closer.join(BOUND.toMillis());
      assertThat(closer.isAlive())
          .as(
              "close() returned within its 1s close timeout (plus slack); it is stuck at %s",
              List.of(closer.getStackTrace()))
          .isFalse();
    } finally {
      release.countDown();
      closer.join(BOUND.toMillis());
      monitor.close();
    }
  }

  @Test
  void listenersThatUnregisterEachOthersChecksDoNotDeadlock() {
    HealthMonitor monitor = monitor();
    Map<String, String> other = Map.of("a", "b", "b", "a");
    CyclicBarrier bothTold = new CyclicBarrier(2);
    List<String> unregistered = new CopyOnWriteArrayList<>();
    monitor.addListener(
        new HealthListener() {
          @Override
          public void onCheckChanged(CheckReport before, CheckReport after) {
            try {
              // a and b are told their first result at the same time, on two check threads
              bothTold.await(BOUND.toSeconds(), TimeUnit.SECONDS);
            } catch (Exception e) {
              return;
            }
            monitor.unregister(other.get(after.name()));
            unregistered.add(other.get(after.name()));
          }
        });
    try {
      monitor.register(HealthCheckConfig.builder("a").build(), HealthResult::up);
      monitor.register(HealthCheckConfig.builder("b").build(), HealthResult::up);
      scheduler.runDue();
      Await.until(
          BOUND,
          () -> "each listener unregistered the other check; done: " + unregistered,
          () -> unregistered.size() == 2);
    } finally {
      monitor.close(); // both runners are already out of the map: this cannot block on them
    }
  }
}
