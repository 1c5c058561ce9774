package dev.levee.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.testkit.Allocation;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** A call that succeeds at once allocates nothing, with or without a budget. */
class RetryAllocationTest {
  private static final int CALLS = 10_000;

  @Test
  void theNoFailurePathAllocatesNothing() {
    Retry plain = Retry.of("plain", RetryConfig.defaults());
    Retry budgeted =
        Retry.of("budget", RetryConfig.builder("b").budget(RetryBudget.of("b", 0.2, 10)).build());
    Supplier<String> call = () -> "ok";
    Runnable run = () -> {};
    for (Retry retry : new Retry[] {plain, budgeted}) {
      assertThat(
              Allocation.bytesAllocatedBy(
                  () -> {
                    for (int i = 0; i < CALLS; i++) {
                      retry.get(call);
                      retry.run(run);
                    }
                  }))
          .as(retry.name())
          .isZero();
    }
  }
}
