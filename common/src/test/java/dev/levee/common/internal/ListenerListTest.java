package dev.levee.common.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levee.testkit.LogCapture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ListenerListTest {
  @Test
  void keepsRegistrationOrderAllowsDuplicatesAndRemovesOneRegistration() {
    ListenerList<String> list = new ListenerList<>(new String[0]);
    list.add("a");
    list.add("b");
    list.add("a");
    assertThat(list.snapshot()).containsExactly("a", "b", "a");
    assertThat(list.remove("a")).isTrue();
    assertThat(list.snapshot()).containsExactly("b", "a");
    assertThat(list.remove("c")).isFalse();
    assertThat(list.remove("b")).isTrue();
    assertThat(list.remove("a")).isTrue();
    assertThat(list.snapshot()).isEmpty();
  }

  @Test
  void aSnapshotTakenBeforeAChangeDoesNotSeeIt() {
    ListenerList<String> list = new ListenerList<>(new String[0]);
    list.add("a");
    String[] before = list.snapshot();
    list.add("b");
    assertThat(before).containsExactly("a");
    assertThat(list.snapshot()).containsExactly("a", "b");
  }

  @Test
  void rejectsANullListenerAndANonEmptyStart() {
    ListenerList<String> list = new ListenerList<>(new String[0]);
    assertThatThrownBy(() -> list.add(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new ListenerList<>(new String[] {"x"}))
        .hasMessage("none must be empty");
  }

  @Test
  void concurrentAddsAreAllKept() throws Exception {
    ListenerList<Integer> list = new ListenerList<>(new Integer[0]);
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int base = t * 1000;
      Thread thread =
          new Thread(
              () -> {
                try {
                  go.await();
                } catch (InterruptedException e) {
                  return;
                }
                for (int i = 0; i < 500; i++) {
                  list.add(base + i);
                }
              },
              "adder-" + t);
      thread.start();
      threads.add(thread);
    }
    go.countDown();
    for (Thread thread : threads) {
      thread.join(10_000);
      assertThat(thread.isAlive()).as(thread.getName() + " finished").isFalse();
    }
    assertThat(list.snapshot()).hasSize(2000).doesNotHaveDuplicates();
  }

  @Test
  void aFailedListenerIsLoggedWithTheComponentAndName() {
    String logger = "dev.levee.common.internal.ListenerListTest";
    try (LogCapture log = LogCapture.of(logger)) {
      ListenerList.failed(
          LoggerFactory.getLogger(logger),
          "retry",
          "db",
          "the-listener",
          new RuntimeException("x"));
      assertThat(log.lines()).hasSize(1);
      assertThat(log.lines().get(0).keyValues())
          .containsEntry("component", "retry")
          .containsEntry("name", "db")
          .containsEntry("error", "java.lang.RuntimeException: x");
      assertThat(log.lines().get(0).message())
          .isEqualTo("retry \"db\": listener the-listener failed");
    }
  }
}
