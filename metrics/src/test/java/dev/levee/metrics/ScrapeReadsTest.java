package dev.levee.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.core.CircuitBreaker;
import dev.levee.core.CircuitBreakerConfig;
import dev.levee.core.Registry;
import dev.levee.health.HealthCheckConfig;
import dev.levee.health.HealthMonitor;
import dev.levee.health.HealthResult;
import dev.levee.timeouts.testing.ManualScheduler;
import dev.levee.timeouts.testing.ManualTicker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The reads a scrape makes without building whole snapshots: a breaker's ratios read its window
 * alone, and each check's series look their own check up. Each must still show what was recorded.
 */
class ScrapeReadsTest {
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  private double gauge(String name, String... tags) {
    return meters.get(name).tags(tags).gauge().value();
  }

  @Test
  void aBreakersRatiosAreItsWindowsRates() {
    Registry<CircuitBreaker, CircuitBreakerConfig> breakers =
        CircuitBreaker.registry(
            CircuitBreakerConfig.builder("default")
                .countWindow(4)
                .minimumCalls(4)
                .slowCalls(Duration.ofMillis(200), 50)
                .build());
    LeveeMetrics.builder().circuitBreakers(breakers).build().bindTo(meters);
    CircuitBreaker db = breakers.getOrCreate("db");
    assertThat(gauge("circuitbreaker.slow.call.ratio", "name", "db"))
        .as("below minimumCalls")
        .isNaN();
    for (int i = 0; i < 4; i++) {
      long permit = db.tryAcquire();
      db.onSuccess(permit, i == 0 ? 250_000_000L : 10_000_000L); // the first one slow
    }
    assertThat(gauge("circuitbreaker.slow.call.ratio", "name", "db")).isEqualTo(0.25);
    assertThat(gauge("circuitbreaker.failure.ratio", "name", "db")).isZero();
    long permit = db.tryAcquire();
    db.onFailure(permit, 10_000_000L, new IllegalStateException("down"));
    assertThat(gauge("circuitbreaker.failure.ratio", "name", "db"))
        .as("the window's last 4: 1 failure")
        .isEqualTo(0.25);
    assertThat(gauge("circuitbreaker.slow.call.ratio", "name", "db"))
        .as("the slow call left the window")
        .isZero();
  }

  @Test
  void eachChecksSeriesShowItsOwnCheck() {
    ManualTicker ticker = new ManualTicker();
    ManualScheduler scheduler = new ManualScheduler(ticker);
    try (HealthMonitor monitor =
        HealthMonitor.builder()
            .ticker(ticker)
            .scheduler(scheduler)
            .executor(new Direct())
            .build()) {
      monitor.register(HealthCheckConfig.builder("a").build(), HealthResult::up);
      monitor.register(
          HealthCheckConfig.builder("b").build(),
          () -> {
            ticker.advance(Duration.ofMillis(30)); // the check takes 30 ms
            return HealthResult.degraded("slow");
          });
      monitor.register(HealthCheckConfig.builder("c").build(), () -> HealthResult.down("gone"));
      LeveeMetrics.builder().health(monitor).build().bindTo(meters);
      scheduler.runDue(); // each check runs once: its first result is taken as it is

      assertThat(gauge("health.check.status", "check", "a", "group", "ready")).isEqualTo(1);
      assertThat(gauge("health.check.status", "check", "b", "group", "ready")).isEqualTo(0.5);
      assertThat(gauge("health.check.status", "check", "c", "group", "ready")).isZero();
      assertThat(meters.get("health.check.duration").tag("check", "b").timeGauge().value())
          .isEqualTo(0.03);
      assertThat(meters.get("health.check.duration").tag("check", "a").timeGauge().value())
          .isZero();

      monitor.unregister("b");
      assertThat(gauge("health.check.status", "check", "b", "group", "ready")).isNaN();
      assertThat(meters.get("health.check.duration").tag("check", "b").timeGauge().value()).isNaN();
      assertThat(gauge("health.check.status", "check", "a", "group", "ready")).isEqualTo(1);
      assertThat(gauge("health.check.status", "check", "c", "group", "ready")).isZero();
    }
  }

  /** Runs each check on the thread that submits it (the manual scheduler's). */
  private static final class Direct extends AbstractExecutorService {
    private volatile boolean shutdown;

    @Override
    public void execute(Runnable command) {
      command.run();
    }

    @Override
    public void shutdown() {
      shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
      shutdown = true;
      return List.of();
    }

    @Override
    public boolean isShutdown() {
      return shutdown;
    }

    @Override
    public boolean isTerminated() {
      return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
      return true;
    }
  }
}
