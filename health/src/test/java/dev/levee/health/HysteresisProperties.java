package dev.levee.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.timeouts.testing.ManualScheduler;
import dev.levee.timeouts.testing.ManualTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The failure/success-attempts rule, run through a real monitor on manual time, against a model
 * that judges the whole history at once from its trailing runs (no counters).
 */
class HysteresisProperties {
  enum Outcome {
    UP,
    DEGRADED,
    DOWN,
    THROWS
  }

  @Property(tries = 300)
  void theReportedStatusIsTheModels(
      @ForAll @IntRange(min = 1, max = 5) int failureAttempts,
      @ForAll @IntRange(min = 1, max = 5) int successAttempts,
      @ForAll Status initial,
      @ForAll @Size(max = 40) List<Outcome> outcomes) {
    ManualTicker ticker = new ManualTicker();
    ManualScheduler scheduler = new ManualScheduler(ticker);
    Outcome[] next = {Outcome.UP};
    try (HealthMonitor monitor =
        HealthMonitor.builder()
            .ticker(ticker)
            .scheduler(scheduler)
            .executor(new Checks.DirectExecutor())
            .build()) {
      monitor.register(
          HealthCheckConfig.builder("x")
              .initialStatus(initial)
              .initialDelay(Duration.ofSeconds(5))
              .failureAttempts(failureAttempts)
              .successAttempts(successAttempts)
              .build(),
          () -> {
            switch (next[0]) {
              case UP:
                return HealthResult.up();
              case DEGRADED:
                return HealthResult.degraded("slow");
              case DOWN:
                return HealthResult.down("gone");
              default:
                throw new IllegalStateException("broken");
            }
          });
      List<Status> history = new ArrayList<>();
      assertThat(report(monitor).status()).isEqualTo(initial);
      for (Outcome o : outcomes) {
        next[0] = o;
        scheduler.advance(Duration.ofSeconds(5));
        history.add(
            o == Outcome.UP ? Status.UP : o == Outcome.DEGRADED ? Status.DEGRADED : Status.DOWN);
        CheckReport r = report(monitor);
        assertThat(r.status())
            .as("after %s (F=%d, S=%d)", history, failureAttempts, successAttempts)
            .isEqualTo(model(initial, history, failureAttempts, successAttempts));
        assertThat(r.consecutiveFailures()).isEqualTo(trailing(history, false));
        assertThat(r.consecutiveSuccesses()).isEqualTo(trailing(history, true));
        if (r.status() == Status.UP && history.get(history.size() - 1) != Status.UP) {
          assertThat(r.reason()).startsWith("failing ");
        }
      }
    }
  }

  private static CheckReport report(HealthMonitor monitor) {
    return monitor.report("x").orElseThrow();
  }

  /** The reported status after {@code history}, judged step by step from trailing runs. */
  static Status model(Status initial, List<Status> history, int f, int s) {
    if (history.isEmpty()) {
      return initial;
    }
    Status reported = history.get(0);
    for (int i = 1; i < history.size(); i++) {
      List<Status> upTo = history.subList(0, i + 1);
      Status r = history.get(i);
      if (reported == Status.UP) {
        if (r != Status.UP && trailing(upTo, false) >= f) {
          reported = r;
        }
      } else if (r != Status.UP) {
        reported = r;
      } else if (trailing(upTo, true) >= s) {
        reported = Status.UP;
      }
    }
    return reported;
  }

  /** How many results at the end of {@code history} are UP (or, with {@code up} false, not UP). */
  static int trailing(List<Status> history, boolean up) {
    int n = 0;
    for (int i = history.size() - 1; i >= 0 && (history.get(i) == Status.UP) == up; i--) {
      n++;
    }
    return n;
  }
}
