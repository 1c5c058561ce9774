package dev.levee.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levee.core.CircuitBreaker;
import dev.levee.core.CircuitBreakerConfig;
import dev.levee.core.CircuitBreakerState;
import dev.levee.core.InFlightTracker;
import dev.levee.core.Registry;
import dev.levee.health.checks.CircuitBreakerHealthCheck;
import dev.levee.health.checks.DeadlockHealthCheck;
import dev.levee.health.checks.DiskSpaceHealthCheck;
import dev.levee.health.checks.HeartbeatHealthCheck;
import dev.levee.health.checks.HungCallsHealthCheck;
import dev.levee.health.checks.MemoryHealthCheck;
import dev.levee.health.checks.ProgressHealthCheck;
import dev.levee.testkit.Await;
import dev.levee.timeouts.testing.ManualTicker;
import java.lang.management.MemoryUsage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class BuiltInChecksTest {
  private final ManualTicker ticker = new ManualTicker();

  @Test
  void diskSpaceJudgesTheUsedShareAndCanFreeSpaceFirst() throws Exception {
    AtomicLong free = new AtomicLong(500);
    DiskSpaceHealthCheck.SpaceSource source = () -> DiskSpaceHealthCheck.Usage.of(1000, free.get());
    DiskSpaceHealthCheck check = DiskSpaceHealthCheck.builder("data", source).build();
    assertThat(check.check().status()).isEqualTo(Status.UP);
    free.set(200);
    HealthResult degraded = check.check();
    assertThat(degraded.status()).isEqualTo(Status.DEGRADED);
    assertThat(degraded.reason()).isEqualTo("80.0% used, at or above 75%");
    assertThat(degraded.data())
        .containsEntry("path", "data")
        .containsEntry("total_bytes", 1000L)
        .containsEntry("free_bytes", 200L)
        .containsEntry("used_ratio", 0.8);
    free.set(50);
    assertThat(check.check().reason()).isEqualTo("95.0% used, at or above 90%");
    DiskSpaceHealthCheck pruning =
        DiskSpaceHealthCheck.builder("data", source).onDegraded(u -> free.set(600)).build();
    assertThat(pruning.check().status()).as("the action freed space").isEqualTo(Status.UP);
    assertThatThrownBy(() -> DiskSpaceHealthCheck.builder("d", source).thresholds(0.9, 0.8))
        .hasMessage("disk space check: downAt must be in [degradedAt (0.9), 1], was 0.8");
  }

  @Test
  void diskSpaceReadsARealFileSystem(@TempDir Path dir) throws Exception {
    HealthResult r = DiskSpaceHealthCheck.builder(dir).thresholds(1, 1).build().check();
    assertThat(r.status()).isEqualTo(Status.UP);
    assertThat((Long) r.data().get("total_bytes")).isPositive();
    assertThat(r.data().get("path")).isEqualTo(dir.toString());
  }

  @Test
  void memoryJudgesHeapAfterGc() {
    assertThat(MemoryHealthCheck.of(0.85, () -> new MemoryUsage(0, 50, 100, 100)).check().status())
        .isEqualTo(Status.UP);
    HealthResult high = MemoryHealthCheck.of(0.85, () -> new MemoryUsage(0, 90, 100, 100)).check();
    assertThat(high.status()).isEqualTo(Status.DEGRADED);
    assertThat(high.reason()).isEqualTo("heap after GC 90.0% of max, above 85%");
    assertThat(MemoryHealthCheck.of(0.85, () -> null).check().data())
        .containsEntry("after_gc", "no collection yet");
    System.gc(); // a real collection, so this JVM's pools have after-GC figures
    HealthResult real = MemoryHealthCheck.create().check();
    assertThat(real.status()).isEqualTo(Status.UP);
    assertThat(real.data()).containsKey("heap_max_bytes");
  }

  @Test
  void deadlockedThreadsAreFoundAndNamed() throws Exception {
    assertThat(new DeadlockHealthCheck().check().status()).isEqualTo(Status.UP);
    ReentrantLock a = new ReentrantLock();
    ReentrantLock b = new ReentrantLock();
    CountDownLatch bothHold = new CountDownLatch(2);
    Thread t1 = new Thread(() -> cross(a, b, bothHold), "test-deadlock-1");
    Thread t2 = new Thread(() -> cross(b, a, bothHold), "test-deadlock-2");
    t1.start();
    t2.start();
    try {
      Await.until(
          Duration.ofSeconds(10),
          "the two threads deadlock",
          () -> {
            try {
              return new DeadlockHealthCheck().check().status() == Status.DOWN;
            } catch (RuntimeException e) {
              return false;
            }
          });
      HealthResult r = new DeadlockHealthCheck().check();
      assertThat(r.reason()).startsWith("2 threads deadlocked: \"test-deadlock-1\" waiting for");
      assertThat(r.reason()).contains("\"test-deadlock-2\" waiting for");
      assertThat(r.data()).containsEntry("deadlocked_threads", 2);
    } finally {
      t1.interrupt();
      t2.interrupt();
      t1.join(10_000);
      t2.join(10_000);
    }
    assertThat(new DeadlockHealthCheck().check().status()).isEqualTo(Status.UP);
  }

  private static void cross(ReentrantLock first, ReentrantLock second, CountDownLatch bothHold) {
    try {
      first.lockInterruptibly();
      try {
        bothHold.countDown();
        bothHold.await();
        second.lockInterruptibly();
        second.unlock();
      } finally {
        first.unlock();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void openBreakersDegradeOrDownAsConfigured() {
    Registry<CircuitBreaker, CircuitBreakerConfig> breakers =
        CircuitBreaker.registry(CircuitBreakerConfig.defaults());
    CircuitBreaker db = breakers.getOrCreate("db");
    CircuitBreaker search = breakers.getOrCreate("search");
    CircuitBreakerHealthCheck lenient = CircuitBreakerHealthCheck.builder(breakers).build();
    CircuitBreakerHealthCheck strict =
        CircuitBreakerHealthCheck.builder(breakers).downWhenOpen("db").build();
    assertThat(lenient.check().status()).isEqualTo(Status.UP);
    assertThat(lenient.check().data())
        .containsEntry("db", "CLOSED")
        .containsEntry("search", "CLOSED");
    search.transitionTo(CircuitBreakerState.FORCED_OPEN, "test");
    assertThat(strict.check().status()).isEqualTo(Status.DEGRADED);
    db.transitionTo(CircuitBreakerState.FORCED_OPEN, "test");
    assertThat(lenient.check().status()).isEqualTo(Status.DEGRADED);
    HealthResult down = strict.check();
    assertThat(down.status()).isEqualTo(Status.DOWN);
    assertThat(down.reason()).isEqualTo("circuit breaker db is FORCED_OPEN, search is FORCED_OPEN");
    breakers.getOrCreate("late");
    assertThat(strict.check().data()).as("breakers created later are seen").containsKey("late");
  }

  @Test
  void namesThatLookSecretStillShowTheirStateAndAge() {
    Registry<CircuitBreaker, CircuitBreakerConfig> breakers =
        CircuitBreaker.registry(CircuitBreakerConfig.defaults());
    breakers.getOrCreate("auth-service");
    breakers.getOrCreate("token-store").transitionTo(CircuitBreakerState.FORCED_OPEN, "test");
    HealthResult states = CircuitBreakerHealthCheck.builder(breakers).build().check();
    assertThat(states.data())
        .containsEntry("auth-service", "CLOSED")
        .containsEntry("token-store", "FORCED_OPEN");
    assertThat(states.reason()).isEqualTo("circuit breaker token-store is FORCED_OPEN");

    HeartbeatHealthCheck beats = HeartbeatHealthCheck.of(Duration.ofSeconds(30), ticker);
    beats.beat("keystore-1");
    ticker.advance(Duration.ofSeconds(2));
    assertThat(beats.check().data()).containsEntry("keystore-1_age_ms", 2_000L);

    assertThat(HealthResult.up().withData("api_key", "abc").data())
        .as("withData still masks what looks secret")
        .containsEntry("api_key", "****");
    assertThat(
            HealthResult.up()
                .withData("db_password", "hunter2")
                .withNamedData(java.util.Map.of("auth-service", "CLOSED"))
                .data())
        .as("data is masked; named data is not")
        .containsEntry("db_password", "****")
        .containsEntry("auth-service", "CLOSED");
    assertThatThrownBy(() -> HealthResult.up().withNamedData(java.util.Map.of(" ", 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("health result: a data key must not be blank");
  }

  @Test
  void heartbeatsProgressAndHungCallsAreTimedOnTheTicker() {
    HeartbeatHealthCheck beats = HeartbeatHealthCheck.of(Duration.ofSeconds(30), ticker);
    beats.expect("peer-2");
    beats.beat("peer-3");
    ticker.advance(Duration.ofSeconds(20));
    beats.beat("peer-3");
    assertThat(beats.check().status()).isEqualTo(Status.UP);
    ticker.advance(Duration.ofSeconds(11));
    HealthResult silent = beats.check();
    assertThat(silent.reason()).isEqualTo("no heartbeat within 30s from peer-2 (31s)");
    assertThat(silent.data())
        .containsEntry("peer-2_age_ms", 31_000L)
        .containsEntry("peer-3_age_ms", 11_000L);
    assertThat(beats.forget("peer-2")).isTrue();
    assertThat(beats.check().status()).isEqualTo(Status.UP);

    ProgressHealthCheck loop = ProgressHealthCheck.of("rebalancer", Duration.ofSeconds(10), ticker);
    ticker.advance(Duration.ofSeconds(10));
    assertThat(loop.check().status()).isEqualTo(Status.UP);
    ticker.advance(Duration.ofSeconds(1));
    assertThat(loop.check().reason()).isEqualTo("rebalancer made no progress for 11s (limit 10s)");
    loop.progress();
    assertThat(loop.check().status()).isEqualTo(Status.UP);

    InFlightTracker tracker = InFlightTracker.create("db", ticker);
    HungCallsHealthCheck hung = HungCallsHealthCheck.of(tracker, Duration.ofSeconds(30)).downAt(2);
    long first = tracker.enter();
    assertThat(hung.check().status()).as("first seen now").isEqualTo(Status.UP);
    ticker.advance(Duration.ofSeconds(30));
    long second = tracker.enter();
    HealthResult one = hung.check();
    assertThat(one.status()).isEqualTo(Status.DEGRADED);
    assertThat(one.reason()).isEqualTo("1 request hung longer than 30s");
    assertThat(one.data()).containsEntry("in_flight", 2).containsEntry("hung", 1);
    ticker.advance(Duration.ofSeconds(30));
    assertThat(hung.check().reason()).isEqualTo("2 requests hung longer than 30s");
    assertThat(hung.check().status()).isEqualTo(Status.DOWN);
    tracker.exit(first);
    tracker.exit(second);
    assertThat(hung.check().status()).isEqualTo(Status.UP);
  }
}
