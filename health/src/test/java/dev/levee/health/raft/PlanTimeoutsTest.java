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
        RaftStatus.builder()
            .nodeId("n2")
            .role(RaftRole.CANDIDATE)
            .term(4)
            .commitIndex(5)
            .appliedIndex(5)
            .voters(3)
            .peers(List.of())
            .alive(true)
            .storageHealthy(true)
            .leaderReady(false)
            .build();
    assertThat(check.judge(candidate, ticker.read()).reason())
        .endsWith(
            "(election grace " + Durations.format(Timeouts.defaults().leaderElection()) + ")");
  }
}
