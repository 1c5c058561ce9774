package dev.levee.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Owners add without atomics and everyone else with them: whatever the mix, no add is lost, and an
 * owner that has died keeps its count.
 */
@Timeout(60)
class StripedCounterTest {
  private static final int ADDS = 200_000;

  @Test
  void manyMoreThreadsThanStripesLoseNoAdd() throws Exception {
    // Three per stripe: owners and sharers at once.
    for (int round = 0; round < 5; round++) {
      StripedCounter counter = new StripedCounter();
      assertThat(addFrom(24, counter, Thread::new)).as("round " + round).isEqualTo(24L * ADDS);
    }
  }

  /**
   * Starts {@code count} threads made by {@code threads}, each adding {@link #ADDS} times from one
   * start gate, waits for them (bounded), and returns the counter's sum.
   */
  private static long addFrom(
      int count, StripedCounter counter, java.util.function.Function<Runnable, Thread> threads)
      throws InterruptedException {
    CountDownLatch go = new CountDownLatch(1);
    Thread[] started = new Thread[count];
    for (int t = 0; t < count; t++) {
      started[t] =
          threads.apply(
              () -> {
                try {
                  go.await();
                } catch (InterruptedException e) {
                  throw new AssertionError(e);
                }
                for (int i = 0; i < ADDS; i++) {
                  counter.increment();
                }
              });
      started[t].start();
    }
    go.countDown();
    for (Thread t : started) {
      t.join(30_000);
      assertThat(t.isAlive()).as("a counting thread finished within 30s").isFalse();
    }
    return counter.sum();
  }

  @Test
  void aThreadsSumIncludesItsOwnAddsAtOnceOwnerOrSharer() throws Exception {
    // The sum reads only claimed stripes: each thread, owner or sharer, must see its own adds in
    // the next sum, and no sum may go back, while 24 threads (3 a stripe) add.
    StripedCounter counter = new StripedCounter();
    assertThat(counter.sum()).as("nothing added, no stripe claimed").isZero();
    java.util.concurrent.atomic.AtomicReference<String> wrong =
        new java.util.concurrent.atomic.AtomicReference<>();
    CountDownLatch go = new CountDownLatch(1);
    Thread[] threads = new Thread[24];
    for (int t = 0; t < threads.length; t++) {
      threads[t] =
          new Thread(
              () -> {
                try {
                  go.await();
                } catch (InterruptedException e) {
                  throw new AssertionError(e);
                }
                long last = 0;
                for (int i = 1; i <= 20_000; i++) {
                  counter.increment();
                  long seen = counter.sum();
                  if (seen < i || seen < last) {
                    wrong.compareAndSet(null, "add " + i + " saw " + seen + " after " + last);
                  }
                  last = seen;
                }
              });
      threads[t].start();
    }
    go.countDown();
    for (Thread t : threads) {
      t.join(30_000);
      assertThat(t.isAlive()).as("a counting thread finished within 30s").isFalse();
    }
    assertThat(wrong.get()).as("a sum missed the thread's own add or went back").isNull();
    assertThat(counter.sum()).isEqualTo(24L * 20_000);
  }

  @Test
  void countsOfFinishedOwnersStayAndTheirStripesStillCount() throws Exception {
    StripedCounter counter = new StripedCounter();
    for (int generation = 0; generation < 3; generation++) {
      Thread[] threads = new Thread[16];
      for (int t = 0; t < threads.length; t++) {
        threads[t] =
            new Thread(
                () -> {
                  for (int i = 0; i < 1000; i++) {
                    counter.increment();
                  }
                });
        threads[t].start();
        threads[t].join(10_000); // one after another: the first on each stripe becomes its owner
      }
    }
    for (int i = 0; i < 5; i++) {
      counter.increment();
    }
    assertThat(counter.sum()).isEqualTo(3L * 16 * 1000 + 5);
  }

  @Test
  void threadsThatReportOneIdLoseNoAdd() throws Exception {
    for (int round = 0; round < 5; round++) {
      StripedCounter counter = new StripedCounter();
      long sum =
          addFrom(
              8,
              counter,
              adds ->
                  new Thread(adds) {
                    @Override
                    @SuppressWarnings("deprecation") // overridable on JDK 17, which is the point
                    public long getId() {
                      return 42; // every thread claims the same id
                    }
                  });
      assertThat(sum).as("round " + round).isEqualTo(8L * ADDS);
    }
  }
}
