package dev.levee.http.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.core.RateLimiter;
import dev.levee.core.RateLimiterConfig;
import dev.levee.testkit.Allocation;
import dev.levee.timeouts.testing.ManualTicker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Deciding a probe and shedding a request allocate nothing (a flood of shed requests costs the
 * server no garbage from admission); an admitted request allocates its decision alone.
 */
class AdmissionAllocationTest {
  private static final int CALLS = 10_000;

  private final ManualTicker ticker = new ManualTicker();
  private final FixedLimit limit = new FixedLimit(1);
  private final Admission admission =
      Admission.builder("api")
          .concurrencyLimit(limit)
          .rateLimiter(
              RateLimiter.of(
                  "api",
                  RateLimiterConfig.builder("api")
                      .limit(1, Duration.ofHours(1))
                      .burst(1)
                      .ticker(ticker)
                      .build()))
          .ticker(ticker)
          .build();
  private final TestRequest sheddable = TestRequest.get("/orders");
  private final TestRequest probe = TestRequest.get("/health/ready");

  @Test
  void probesAndShedRequestsAllocateNothing() {
    AdmissionDecision held = admission.admit(sheddable); // takes the one place
    assertThat(admission.admit(sheddable).admitted()).isFalse(); // warm-up: the one log line
    long shedding =
        Allocation.bytesAllocatedBy(
            () -> {
              for (int i = 0; i < CALLS; i++) {
                admission.admit(sheddable);
              }
            });
    long probing =
        Allocation.bytesAllocatedBy(
            () -> {
              for (int i = 0; i < CALLS; i++) {
                admission.admit(probe);
              }
            });
    assertThat(shedding).as("bytes for %d shed requests", CALLS).isZero();
    assertThat(probing).as("bytes for %d probes", CALLS).isZero();
    held.complete(200);
  }

  @Test
  void anAdmittedRequestAllocatesItsDecisionAlone() {
    Admission open =
        Admission.builder("open").concurrencyLimit(new FixedLimit(1)).ticker(ticker).build();
    open.admit(sheddable).complete(200); // warm-up
    long bytes =
        Allocation.bytesAllocatedBy(
            () -> {
              for (int i = 0; i < CALLS; i++) {
                open.admit(sheddable).complete(200);
              }
            });
    assertThat(bytes / CALLS).as("bytes per admitted request").isLessThanOrEqualTo(48);
  }
}
