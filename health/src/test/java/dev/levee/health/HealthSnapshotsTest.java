package dev.levee.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levee.health.checks.DiskSpaceHealthCheck;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Health's reports and results are final classes (issue 16): a listener's test builds a check
 * report, a group report comes from {@link HealthReport#of}, and neither has a public constructor.
 */
class HealthSnapshotsTest {
  private static final Instant AT = Instant.parse("2026-11-23T12:00:00Z");

  @Test
  void noReportOrResultIsARecordOrHasAPublicConstructor() {
    for (Class<?> c :
        List.of(
            CheckReport.class,
            HealthReport.class,
            HealthResult.class,
            GracefulShutdown.Report.class,
            DiskSpaceHealthCheck.Usage.class)) {
      assertThat(c.isRecord()).as("%s is a record", c.getName()).isFalse();
      assertThat(c.getConstructors()).as("%s's public constructors", c.getName()).isEmpty();
    }
  }

  @Test
  void aCheckReportIsBuiltWithDefaultsForWhatIsNotSet() {
    CheckReport pending =
        CheckReport.builder()
            .name("db")
            .groups(Set.of(HealthGroup.LIVE))
            .status(Status.DOWN)
            .pending(true)
            .reason("not checked yet")
            .build();

    assertThat(pending.critical()).isTrue();
    assertThat(pending.data()).isEmpty();
    assertThat(pending.duration()).isNull();
    assertThat(pending.checkedAt()).isNull();
    assertThat(pending.consecutiveFailures()).isZero();
    assertThat(pending.countsIn(HealthGroup.LIVE)).as("pending: not in liveness").isFalse();
    assertThat(pending.countsIn(HealthGroup.READY)).isTrue();

    CheckReport stale = pending.withStatus(Status.DOWN, "stale");
    assertThat(stale.pending()).isFalse();
    assertThat(stale.reason()).isEqualTo("stale");
    assertThat(stale).isNotEqualTo(pending);
    assertThat(stale.withStatus(Status.DOWN, "stale")).isEqualTo(stale).hasSameHashCodeAs(stale);
  }

  @Test
  void aCheckReportKeepsItsOwnCopyOfTheDataInOrder() {
    Map<String, Object> data = new java.util.LinkedHashMap<>();
    data.put("z", 1);
    data.put("a", 2);
    CheckReport r = CheckReport.builder().name("db").status(Status.UP).data(data).build();
    data.put("late", 3);

    assertThat(r.data()).containsExactly(Map.entry("z", 1), Map.entry("a", 2));
    assertThatThrownBy(() -> r.data().put("x", 1))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void aCheckReportNamesAMissingPart() {
    assertThatThrownBy(() -> CheckReport.builder().status(Status.UP).build())
        .isInstanceOf(NullPointerException.class)
        .hasMessage("name");
    assertThatThrownBy(() -> CheckReport.builder().name("db").build()).hasMessage("status");
  }

  @Test
  void aGroupReportIsTheWorstContributionOfItsChecks() {
    CheckReport up = report("a", Status.UP, true);
    CheckReport optionalDown = report("b", Status.DOWN, false);
    HealthReport ready = HealthReport.of(HealthGroup.READY, List.of(up, optionalDown));

    assertThat(ready.status()).isEqualTo(Status.DEGRADED);
    assertThat(ready.group()).isEqualTo(HealthGroup.READY);
    assertThat(ready.checks()).containsExactly(up, optionalDown);
    assertThat(ready).isEqualTo(HealthReport.of(HealthGroup.READY, List.of(up, optionalDown)));
    assertThat(HealthReport.of(null, List.of()).status()).isEqualTo(Status.UP);
    assertThat(ready.toString()).startsWith("HealthReport[group=ready, status=DEGRADED, checks=[");
  }

  @Test
  void aDiskUsageIsAValueMadeByItsFactory() {
    DiskSpaceHealthCheck.Usage usage = DiskSpaceHealthCheck.Usage.of(1000, 250);
    assertThat(usage.usedRatio()).isEqualTo(0.75);
    assertThat(usage).isEqualTo(DiskSpaceHealthCheck.Usage.of(1000, 250));
    assertThat(usage.toString()).isEqualTo("Usage[totalBytes=1000, usableBytes=250]");
  }

  private static CheckReport report(String name, Status status, boolean critical) {
    return CheckReport.builder()
        .name(name)
        .groups(Set.of(HealthGroup.READY))
        .critical(critical)
        .status(status)
        .reason(status == Status.UP ? null : "down")
        .data(Map.of("n", 1))
        .duration(Duration.ofMillis(3))
        .checkedAt(AT)
        .build();
  }
}
