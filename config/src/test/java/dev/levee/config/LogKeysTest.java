package dev.levee.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.core.CircuitBreaker;
import dev.levee.core.CircuitBreakerConfig;
import dev.levee.core.Retry;
import dev.levee.core.RetryConfig;
import dev.levee.health.HealthCheckConfig;
import dev.levee.health.HealthMonitor;
import dev.levee.health.HealthResult;
import dev.levee.testkit.LogCapture;
import dev.levee.timeouts.TimeLimiter;
import dev.levee.timeouts.testing.ManualScheduler;
import dev.levee.timeouts.testing.ManualTicker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The lines Levee logs for the events operators search for carry the design's keys: {@code
 * component} always, and {@code name}, {@code operation}, {@code from}, {@code to}, {@code
 * duration_ms}, {@code error} where they apply, as typed values a JSON encoder can write as fields.
 */
@Timeout(60)
class LogKeysTest {
  @Test
  void breakerTransitionsTimeoutViolationsRetryGiveUpsAndHealthChanges() throws Exception {
    try (LogCapture breakerLog = LogCapture.of("dev.levee.core.CircuitBreaker");
        LogCapture timeoutLog = LogCapture.of("dev.levee.timeouts.TimeLimiter");
        LogCapture retryLog = LogCapture.of(Retry.class.getName());
        LogCapture healthLog = LogCapture.of(HealthMonitor.class.getName())) {
      CircuitBreaker breaker =
          CircuitBreaker.of(
              "db", CircuitBreakerConfig.builder("db").consecutiveFailures(1).build());
      try {
        breaker.run(
            () -> {
              throw new IllegalStateException("down");
            });
      } catch (IllegalStateException expected) {
        // opens the breaker
      }
      LogCapture.Line transition = only(breakerLog.lines());
      assertThat(transition.keyValues())
          .containsEntry("component", "circuitbreaker")
          .containsEntry("name", "db")
          .containsKeys("from", "to", "reason");

      try (TimeLimiter limiter = TimeLimiter.builder("api").build()) {
        try {
          limiter.call(
              "proposal",
              Duration.ofMillis(1),
              () -> {
                LockSupport.parkNanos(Duration.ofSeconds(2).toNanos());
                return 1;
              },
              null);
        } catch (Exception expected) {
          // a violation
        }
      }
      LogCapture.Line violation = timeoutLog.lines().get(0);
      assertThat(violation.keyValues())
          .containsEntry("component", "timeouts")
          .containsEntry("name", "api")
          .containsEntry("operation", "proposal")
          .containsKeys("timeout_ms", "duration_ms");
      assertThat(violation.keyValues().get("duration_ms")).isInstanceOf(Long.class);

      Retry retry =
          Retry.of(
              "partner", RetryConfig.builder("partner").maxRetries(1).sleeper(nanos -> {}).build());
      try {
        retry.run(
            () -> {
              throw new java.io.UncheckedIOException(new java.net.ConnectException("refused"));
            });
      } catch (RuntimeException expected) {
        // gives up
      }
      LogCapture.Line giveUp = only(retryLog.lines());
      assertThat(giveUp.keyValues())
          .containsEntry("component", "retry")
          .containsEntry("name", "partner")
          .containsKeys("attempts", "reason", "error");

      ManualTicker ticker = new ManualTicker();
      ManualScheduler scheduler = new ManualScheduler(ticker);
      var direct = Executors.newSingleThreadExecutor();
      try (HealthMonitor monitor =
          HealthMonitor.builder().ticker(ticker).scheduler(scheduler).executor(direct).build()) {
        monitor.markStarted(); // ready and started: DOWN -> UP, logged per group
        monitor.register(HealthCheckConfig.builder("db").build(), HealthResult::up);
        scheduler.runDue();
        dev.levee.testkit.Await.until(
            Duration.ofSeconds(10),
            "the db check's change was logged",
            () -> healthLog.lines().stream().anyMatch(l -> "db".equals(l.keyValues().get("name"))));
      } finally {
        direct.shutdownNow();
      }
      LogCapture.Line group =
          healthLog.lines().stream()
              .filter(l -> l.keyValues().containsKey("group"))
              .findFirst()
              .orElseThrow();
      assertThat(group.keyValues()).containsEntry("component", "health").containsKeys("from", "to");
      LogCapture.Line check =
          healthLog.lines().stream()
              .filter(l -> "db".equals(l.keyValues().get("name")))
              .findFirst()
              .orElseThrow();
      assertThat(check.keyValues())
          .as("the first result: not a change from a status the check never had")
          .containsEntry("component", "health")
          .containsEntry("from", "PENDING")
          .containsEntry("to", "UP")
          .containsKeys("reason", "duration_ms");
    }
  }

  private static LogCapture.Line only(List<LogCapture.Line> lines) {
    assertThat(lines).hasSize(1);
    return lines.get(0);
  }
}
