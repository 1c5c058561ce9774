package dev.levee.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AllocationTest {
  private static volatile Object sink;

  @Test
  void seesAllocation() {
    long bytes =
        Allocation.bytesAllocatedBy(
            () -> {
              List<Object> list = new ArrayList<>();
              for (int i = 0; i < 1000; i++) {
                list.add(new long[4]);
              }
              sink = list;
            });
    assertThat(bytes).isGreaterThan(1000L * 32);
  }

  @Test
  void seesNoneWhereThereIsNone() {
    int[] counter = new int[1];
    assertThat(Allocation.bytesAllocatedBy(() -> counter[0]++)).isZero();
  }
}
