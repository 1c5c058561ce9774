package dev.levee.common.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LeveeThreadFactoryTest {
  @Test
  void namesThreadsAfterTheComponentAndCountsThemAndMakesDaemons() {
    LeveeThreadFactory threads = new LeveeThreadFactory("health", "demo-check");
    Thread first = threads.newThread(() -> {});
    Thread second = threads.newThread(() -> {});
    assertThat(first.getName()).isEqualTo("levee-health-demo-check-1");
    assertThat(second.getName()).isEqualTo("levee-health-demo-check-2");
    assertThat(first.isDaemon()).isTrue();
    assertThat(first.getState()).isEqualTo(Thread.State.NEW);
  }

  @Test
  void aSingleThreadIsNamedWithoutACount() {
    Thread io = LeveeThreadFactory.single("http", "8080", () -> {});
    assertThat(io.getName()).isEqualTo("levee-http-8080");
    assertThat(io.isDaemon()).isTrue();
    assertThat(io.getState()).isEqualTo(Thread.State.NEW);
  }
}
