package dev.levee.timeouts.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The watch table against a model, single-threaded with time driven by hand: random registrations,
 * time steps, scans and releases in any order, from a table of two slots so that it grows. A call
 * times out exactly when a scan at or after its deadline saw it in flight, never otherwise; a
 * release leaves no interrupt behind once the thread has no fired call in flight; no slot leaks.
 */
class WatchSlotsProperties {
  private static final class Call {
    final long handle;
    final long deadline;
    boolean fired;

    Call(long handle, long deadline) {
      this.handle = handle;
      this.deadline = deadline;
    }
  }

  @Property
  void matchesTheModel(
      @ForAll @Size(min = 1, max = 200) List<@IntRange(min = 0, max = 4_000) Integer> ops) {
    WatchSlots slots = new WatchSlots(2);
    List<Call> open = new ArrayList<>();
    long now = 0;
    Thread.interrupted();
    for (int op : ops) {
      int arg = op / 4;
      switch (op % 4) {
        case 0:
          long deadline = now + arg % 100;
          open.add(
              new Call(slots.register(Thread.currentThread(), deadline, null, this), deadline));
          break;
        case 1:
          now += arg % 50;
          break;
        case 2:
          int expectedWatched = 0;
          for (Call call : open) {
            if (!call.fired && now - call.deadline >= 0) {
              call.fired = true;
            } else if (!call.fired) {
              expectedWatched++;
            }
          }
          assertThat(slots.scan(now)).isEqualTo(expectedWatched);
          break;
        default:
          if (open.isEmpty()) {
            break;
          }
          Call call = open.remove(arg % open.size());
          assertThat(slots.release(call.handle))
              .as("a call times out exactly when a scan fired it")
              .isEqualTo(call.fired ? WatchSlots.TIMED_OUT : WatchSlots.COMPLETED);
          if (call.fired && open.stream().noneMatch(c -> c.fired)) {
            assertThat(Thread.currentThread().isInterrupted())
                .as("the watchdog's interrupt is cleared by the release of the call it fired")
                .isFalse();
          }
          break;
      }
      assertThat(slots.inUse()).as("slots taken").isEqualTo(open.size());
    }
    for (Call call : open) {
      slots.release(call.handle);
    }
    assertThat(slots.inUse()).isZero();
    assertThat(slots.capacity()).isGreaterThanOrEqualTo(2);
    Thread.interrupted();
  }
}
