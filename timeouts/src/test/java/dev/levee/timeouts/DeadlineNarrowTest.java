package dev.levee.timeouts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levee.timeouts.testing.ManualTicker;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link Deadline#narrowAfterNanos} and {@link Deadline#restore}: scopes without an object. */
class DeadlineNarrowTest {
  private final ManualTicker ticker = new ManualTicker();

  @AfterEach
  void noDeadlineLeftBound() {
    assertThat(Deadline.current()).isEmpty();
  }

  @Test
  void narrowsThenRestoresNothing() {
    int token = Deadline.narrowAfterNanos(Duration.ofSeconds(2).toNanos(), ticker);
    assertThat(Deadline.current()).map(Deadline::remaining).contains(Duration.ofSeconds(2));
    Deadline.restore(token);
  }

  @Test
  void theEarlierDeadlineWinsAndTheOuterOneIsBackAfterwards() {
    try (Deadline.Scope outer = Deadline.after(Duration.ofSeconds(1), ticker).bind()) {
      Optional<Deadline> before = Deadline.current();
      int later = Deadline.narrowAfterNanos(Duration.ofSeconds(5).toNanos(), ticker);
      assertThat(Deadline.current()).isEqualTo(before);
      int earlier = Deadline.narrowAfterNanos(Duration.ofMillis(300).toNanos(), ticker);
      assertThat(Deadline.effectiveNanos(Long.MAX_VALUE))
          .isEqualTo(Duration.ofMillis(300).toNanos());
      Deadline.restore(earlier);
      Deadline.restore(later);
      assertThat(Deadline.current()).containsSame(before.orElseThrow());
    }
  }

  @Test
  void theInstanceMadeInsideANarrowingThatKeptTheDeadlineIsHandedBack() {
    int outer = Deadline.narrowAfterNanos(Duration.ofSeconds(1).toNanos(), ticker);
    int inner = Deadline.narrowAfterNanos(Duration.ofSeconds(9).toNanos(), ticker);
    Deadline seenInside = Deadline.current().orElseThrow();
    Deadline.restore(inner);
    assertThat(Deadline.current()).containsSame(seenInside);
    Deadline.restore(outer);
  }

  @Test
  void restoringOutOfOrderFailsAndChangesNothing() {
    int outer = Deadline.narrowAfterNanos(Duration.ofSeconds(1).toNanos(), ticker);
    try (Deadline.Scope inner = Deadline.after(Duration.ofMillis(10), ticker).bind()) {
      assertThatThrownBy(() -> Deadline.restore(outer))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("out of order");
      assertThat(Deadline.current()).map(Deadline::remaining).contains(Duration.ofMillis(10));
    }
    Deadline.restore(outer);
  }

  @Test
  void nestsDeeperThanTheFirstStackAndOnOtherThreadsFails() throws Exception {
    int[] tokens = new int[20];
    for (int i = 0; i < tokens.length; i++) {
      tokens[i] = Deadline.narrowAfterNanos(Duration.ofSeconds(20 - i).toNanos(), ticker);
    }
    assertThat(Deadline.current()).map(Deadline::remaining).contains(Duration.ofSeconds(1));
    AtomicReference<Throwable> onOtherThread = new AtomicReference<>();
    Thread other =
        new Thread(
            () -> {
              try {
                Deadline.restore(tokens[19]);
              } catch (Throwable t) {
                onOtherThread.set(t);
              }
            });
    other.start();
    other.join(10_000);
    assertThat(onOtherThread.get()).isInstanceOf(IllegalStateException.class);
    for (int i = tokens.length - 1; i >= 0; i--) {
      Deadline.restore(tokens[i]);
    }
  }

  @Test
  void tickersOfAnotherTimeBaseAreRefusedBeforeAnythingChanges() {
    int token = Deadline.narrowAfterNanos(1_000, ticker);
    assertThatThrownBy(() -> Deadline.narrowAfterNanos(1_000, new ManualTicker()))
        .isInstanceOf(IllegalArgumentException.class);
    Deadline.restore(token);
  }
}
