package dev.levee.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.testkit.Allocation;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A task called through any policy, in any shape, allocates nothing: the task travels as it is,
 * with its shape beside it, never wrapped in an adapter object.
 */
class PolicyAllocationTest {
  private static final AtomicLong RUNS = new AtomicLong();

  static java.util.List<Policy> policies() {
    return PolicyShapesTest.policies();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("policies")
  void callGetAndRunAllocateNothing(Policy policy) {
    Supplier<String> supplier = () -> "ok";
    Runnable runnable = RUNS::incrementAndGet;
    java.util.concurrent.Callable<String> callable = () -> "ok";
    assertThat(
            Allocation.bytesAllocatedBy(
                () -> {
                  for (int i = 0; i < 1_000; i++) {
                    policy.get(supplier);
                    policy.run(runnable);
                    try {
                      policy.call(callable);
                    } catch (Exception e) {
                      throw new AssertionError(e);
                    }
                  }
                }))
        .isZero();
  }
}
