package dev.levee.timeouts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levee.testkit.LeveeThreads;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The caller-thread mode on real threads and real time. Assertions are "not before the deadline"
 * and "within a generous bound" (the machine may be loaded), never a tight timing.
 */
@Timeout(120)
class TimeLimiterCallerThreadRealTimeTest {
  private static final Duration LIMIT = Duration.ofMillis(50);
  private static final Duration GENEROUS = Duration.ofSeconds(5);
  private static final Duration BOUND = Duration.ofSeconds(10);

  @Test
  void aSleepingCallIsInterruptedAfterItsDeadlineAndTheSharedWatchdogEndsWithItsLimiters() {
    TimeLimiter first = TimeLimiter.builder("sleeper").callerThread().build();
    TimeLimiter second = TimeLimiter.builder("parker").callerThread().build();
    try {
      assertTimesOutInTime(first, () -> Thread.sleep(60_000));
      assertTimesOutInTime(
          second,
          () -> {
            while (!Thread.currentThread().isInterrupted()) {
              LockSupport.park(this);
            }
          });
      assertThat(LeveeThreads.alive())
          .as("the shared watchdog's thread")
          .anyMatch(name -> name.contains("shared-watchdog"));
      first.close();
      assertThat(LeveeThreads.alive())
          .as("the shared watchdog lives while a limiter uses it")
          .anyMatch(name -> name.contains("shared-watchdog"));
    } finally {
      first.close();
      second.close();
    }
    LeveeThreads.assertNoneSurvive(BOUND);
  }

  @Test
  void aBlockingSocketReadIsStoppedByClosingTheSocket() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        TimeLimitWatchdog watchdog =
            TimeLimitWatchdog.create("io", Ticker.system(), Duration.ofMillis(1));
        TimeLimiter limiter = TimeLimiter.builder("io").callerThread(watchdog).build();
        Socket socket = new Socket(server.getInetAddress(), server.getLocalPort());
        Socket accepted = server.accept()) {
      InputStream in = socket.getInputStream();
      long start = System.nanoTime();
      assertThatThrownBy(() -> limiter.call("read", LIMIT, in::read, socket))
          .isInstanceOfSatisfying(
              OperationTimeoutException.class,
              e ->
                  assertThat(e.getSuppressed())
                      .as("the read failed because the socket was closed")
                      .singleElement()
                      .isInstanceOf(java.net.SocketException.class));
      long took = System.nanoTime() - start;
      assertThat(took).as("not before the deadline").isGreaterThanOrEqualTo(LIMIT.toNanos());
      assertThat(took).as("within a generous bound").isLessThan(GENEROUS.toNanos());
      assertThat(socket.isClosed()).isTrue();
      assertThat(accepted.isClosed()).isFalse();
    }
    LeveeThreads.assertNoneSurvive(BOUND);
  }

  /**
   * Many threads, work around the limit: a call that returned is never interrupted afterwards (the
   * next call on its thread starts with a clear flag and is never stopped before its own deadline),
   * every call whose work waits for the interrupt throws, and no slot stays taken.
   */
  @Test
  void stressNoLateInterruptEveryTimeoutThrowsNoSlotLeaks() throws Exception {
    int threads = 8;
    int callsPerThread = 150;
    long limitNanos = Duration.ofMillis(4).toNanos();
    ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    AtomicInteger timeouts = new AtomicInteger();
    AtomicInteger completions = new AtomicInteger();
    ExecutorService callers = Executors.newFixedThreadPool(threads);
    try (TimeLimitWatchdog watchdog =
            TimeLimitWatchdog.create("stress", Ticker.system(), Duration.ofMillis(1));
        TimeLimiter limiter = TimeLimiter.builder("stress").callerThread(watchdog).build()) {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        long seed = t;
        done.add(
            callers.submit(
                () -> {
                  Random random = new Random(seed);
                  go.await();
                  for (int i = 0; i < callsPerThread; i++) {
                    boolean waitsForInterrupt = random.nextInt(4) == 0;
                    long workNanos = (long) (random.nextDouble() * 2 * limitNanos);
                    long start = System.nanoTime();
                    try {
                      limiter.call(
                          "op",
                          Duration.ofNanos(limitNanos),
                          () -> {
                            if (Thread.currentThread().isInterrupted()) {
                              problems.add("a call started with the interrupt flag set");
                            }
                            if (waitsForInterrupt) {
                              while (!Thread.currentThread().isInterrupted()) {
                                LockSupport.park(this);
                              }
                            } else {
                              LockSupport.parkNanos(workNanos);
                            }
                            return null;
                          },
                          null);
                      completions.incrementAndGet();
                      if (waitsForInterrupt) {
                        problems.add("a call that waited for the interrupt returned");
                      }
                    } catch (OperationTimeoutException e) {
                      timeouts.incrementAndGet();
                      if (System.nanoTime() - start < limitNanos) {
                        problems.add("timed out before its deadline");
                      }
                    }
                    if (Thread.currentThread().isInterrupted()) {
                      problems.add("the interrupt flag outlived a call");
                    }
                  }
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
      assertThat(problems).isEmpty();
      assertThat(timeouts.get() + completions.get()).isEqualTo(threads * callsPerThread);
      assertThat(timeouts).as("some calls timed out").hasPositiveValue();
      assertThat(completions).as("some calls finished in time").hasPositiveValue();
      assertThat(watchdog.watchedCalls()).as("no slot leaks").isZero();
    } finally {
      callers.shutdownNow();
      assertThat(callers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
    LeveeThreads.assertNoneSurvive(BOUND);
  }

  @Test
  void closingTheWatchdogStopsItsThreadAndRefusesNewCalls() throws Exception {
    TimeLimitWatchdog watchdog =
        TimeLimitWatchdog.create("closing", Ticker.system(), Duration.ofMillis(5));
    TimeLimiter limiter = TimeLimiter.builder("closing").callerThread(watchdog).build();
    try {
      // A call that must finish gets the generous limit: a loaded machine can stall a trivial call
      // past 50 ms, and then the watchdog rightly stops it.
      assertThat(limiter.call("op", GENEROUS, () -> 1, null)).isEqualTo(1);
      assertThat(LeveeThreads.alive()).anyMatch(name -> name.contains("closing-watchdog"));
      watchdog.close();
      assertThatThrownBy(() -> limiter.call("op", GENEROUS, () -> 1, null))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("timeLimitWatchdog \"closing\" is closed");
    } finally {
      watchdog.close(); // a failure above must not leave the watchdog's thread to the next test
      limiter.close();
    }
    LeveeThreads.assertNoneSurvive(BOUND);
  }

  interface Blocking {
    void block() throws Exception;
  }

  private static void assertTimesOutInTime(TimeLimiter limiter, Blocking work) {
    long start = System.nanoTime();
    assertThatThrownBy(
            () ->
                limiter.call(
                    "op",
                    LIMIT,
                    () -> {
                      work.block();
                      return null;
                    },
                    null))
        .isInstanceOf(OperationTimeoutException.class);
    long took = System.nanoTime() - start;
    assertThat(took).as("not before the deadline").isGreaterThanOrEqualTo(LIMIT.toNanos());
    assertThat(took).as("within a generous bound").isLessThan(GENEROUS.toNanos());
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }
}
