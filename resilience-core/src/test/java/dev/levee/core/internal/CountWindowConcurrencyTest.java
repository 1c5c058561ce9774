package dev.levee.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.core.CircuitBreakerConfig;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Under contention the count window splits into stripes, and its packed counts must still equal
 * what its ring holds once the threads are done.
 */
@Timeout(60)
class CountWindowConcurrencyTest {
  @Test
  void countsEqualTheRingAfterContendedRecording() throws Exception {
    Thresholds thresholds =
        new Thresholds(CircuitBreakerConfig.builder("w").countWindow(100).minimumCalls(1).build());
    for (int round = 0; round < 20; round++) {
      CountWindow window = new CountWindow(100, thresholds);
      CountDownLatch go = new CountDownLatch(1);
      Thread[] threads = new Thread[4];
      for (int t = 0; t < threads.length; t++) {
        threads[t] =
            new Thread(
                () -> {
                  try {
                    go.await();
                  } catch (InterruptedException e) {
                    return;
                  }
                  ThreadLocalRandom random = ThreadLocalRandom.current();
                  for (int i = 0; i < 50_000; i++) {
                    window.record(random.nextInt(10) < 3, random.nextInt(10) < 1);
                  }
                });
        threads[t].start();
      }
      go.countDown();
      for (Thread t : threads) {
        t.join(30_000);
        assertThat(t.isAlive()).as("recorder finished").isFalse();
      }
      assertThat(window.counts()).as("round %d", round).containsExactly(window.recount());
      assertThat(window.counts()[0]).isEqualTo(100);
    }
  }

  @Test
  void oneThreadNeverSplitsTheRing() {
    Thresholds thresholds =
        new Thresholds(CircuitBreakerConfig.builder("w").countWindow(10).minimumCalls(1).build());
    CountWindow window = new CountWindow(10, thresholds);
    for (int i = 0; i < 1000; i++) {
      window.record(i % 3 == 0, false);
    }
    assertThat(window.stripes()).isEqualTo(1);
    assertThat(window.counts()).containsExactly(window.recount());
  }
}
