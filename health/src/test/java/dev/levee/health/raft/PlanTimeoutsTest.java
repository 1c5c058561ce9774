package dev.levee.health.raft;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.health.HealthCheckConfig;
import dev.levee.timeouts.Durations;
import dev.levee.timeouts.Timeouts;
import dev.levee.timeouts.testing.ManualTicker;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The plan's timeouts that the health module reads itself, as {@link Timeouts} documents them: a
 * check's default timeout is {@value Timeouts#HEALTH_CHECK}, the Raft check's default election
 * grace is {@value Timeouts#LEADER_ELECTION}.
 */
class PlanTimeoutsTest {
  @Test
  void aCheckTimesOutAfterTheHealthCheckTimeoutUnlessItSetsItsOwn() {
    assertThat(HealthCheckConfig.builder("db").build().timeout())
        .isEqualTo(Timeouts.defaults().healthCheck());
  }

  @Test
  void theRaftCheckGivesAnElectionTheLeaderElectionTimeout() {
    ManualTicker ticker = new ManualTicker();
    RaftHealthCheck check = RaftHealthCheck.builder(() -> null).ticker(ticker).build();
    RaftStatus candidate =
        new RaftStatus(
            "n2", RaftRole.CANDIDATE, 4, null, 5, 5, null, 3, List.of(), true, true, false);
    assertThat(check.judge(candidate, ticker.read()).reason())
        .endsWith(
            "(election grace " + Durations.format(Timeouts.defaults().leaderElection()) + ")");
  }
}
