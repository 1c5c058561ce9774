package dev.levee.core;

import static dev.levee.core.CircuitBreakerState.CLOSED;
import static dev.levee.core.CircuitBreakerState.HALF_OPEN;
import static dev.levee.core.CircuitBreakerState.OPEN;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Many threads on one breaker, with a real ticker and a 1 ms open duration so that it cycles
 * through closed, open and half-open thousands of times. Checks what must hold whatever the
 * interleaving: half-open never has more than {@code halfOpenMaxCalls} probes of one period in
 * flight; no permit is lost (no probe slot leaks); every transition is legal; the totals equal what
 * the threads reported. Bounded: a fixed number of calls per thread.
 */
@Timeout(120)
class CircuitBreakerStressTest {
  private static final int THREADS = 4;
  private static final int CALLS = 100_000;
  private static final int MAX_PROBES = 2;
  private static final Set<String> LEGAL =
      Set.of("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->CLOSED", "HALF_OPEN->OPEN");

  @ParameterizedTest
  @EnumSource(TripMode.class)
  void invariantsHoldUnderContention(TripMode mode) throws Exception {
    CircuitBreakerConfig.Builder config =
        CircuitBreakerConfig.builder("stress")
            .openDuration(Duration.ofMillis(1))
            .halfOpenMaxCalls(MAX_PROBES)
            .successThreshold(3)
            .halfOpenMaxWait(Duration.ofHours(1));
    switch (mode) {
      case CONSECUTIVE_FAILURES:
        config.consecutiveFailures(3);
        break;
      case COUNT_WINDOW:
        config.countWindow(20).minimumCalls(10).failureRateThreshold(30);
        break;
      default:
        config
            .timeWindow(Duration.ofSeconds(1), Duration.ofMillis(100))
            .minimumCalls(10)
            .failureRateThreshold(15); // 20% of calls fail: it trips every time it is judged
        break;
    }
    CircuitBreaker breaker = CircuitBreaker.of("stress", config.build());
    List<StateTransition> transitions = new CopyOnWriteArrayList<>();
    breaker.addListener(
        new CircuitBreakerListener() {
          @Override
          public void onTransition(StateTransition t) {
            transitions.add(t);
          }
        });

    Map<Long, AtomicInteger> probesByGeneration = new ConcurrentHashMap<>();
    AtomicInteger worstProbes = new AtomicInteger();
    LongAdder successes = new LongAdder();
    LongAdder failures = new LongAdder();
    LongAdder rejections = new LongAdder();
    LongAdder released = new LongAdder();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      Future<?>[] workers = new Future<?>[THREADS];
      for (int t = 0; t < THREADS; t++) {
        workers[t] =
            pool.submit(
                () -> {
                  start.await();
                  ThreadLocalRandom random = ThreadLocalRandom.current();
                  for (int i = 0; i < CALLS; i++) {
                    long permit = breaker.tryAcquire();
                    if (permit < 0) {
                      rejections.increment();
                      continue;
                    }
                    long generation = CircuitBreaker.probeGeneration(permit);
                    AtomicInteger probes = null;
                    if (generation >= 0) {
                      probes =
                          probesByGeneration.computeIfAbsent(generation, g -> new AtomicInteger());
                      worstProbes.accumulateAndGet(probes.incrementAndGet(), Math::max);
                    }
                    int roll = random.nextInt(100);
                    if (probes != null) {
                      probes.decrementAndGet();
                    }
                    if (roll < 20) {
                      breaker.onFailure(permit, new ConnectException());
                      failures.increment();
                    } else if (roll < 22) {
                      breaker.release(permit);
                      released.increment();
                    } else {
                      breaker.onSuccess(permit, 0);
                      successes.increment();
                    }
                  }
                  return null;
                });
      }
      start.countDown();
      for (Future<?> w : workers) {
        w.get(100, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(worstProbes.get())
        .as("probes of one half-open period in flight at once")
        .isLessThanOrEqualTo(MAX_PROBES);
    assertThat(breaker.probesInFlight()).as("no probe slot leaked").isZero();
    assertThat(breaker.successCount()).isEqualTo(successes.sum());
    assertThat(breaker.failureCount()).isEqualTo(failures.sum());
    assertThat(breaker.rejectedCount()).isEqualTo(rejections.sum());
    assertThat(successes.sum() + failures.sum() + rejections.sum() + released.sum())
        .isEqualTo((long) THREADS * CALLS);

    assertThat(transitions).as("the breaker cycled").hasSizeGreaterThan(10);
    for (StateTransition t : transitions) {
      assertThat(LEGAL).as("legal transition").contains(t.from() + "->" + t.to());
    }
    for (CircuitBreakerState from : CircuitBreakerState.values()) {
      for (CircuitBreakerState to : CircuitBreakerState.values()) {
        if (!LEGAL.contains(from + "->" + to)) {
          assertThat(breaker.transitionCount(from, to)).as(from + "->" + to).isZero();
        }
      }
    }
    long intoOpen =
        breaker.transitionCount(CLOSED, OPEN) + breaker.transitionCount(HALF_OPEN, OPEN);
    long outOfOpen = breaker.transitionCount(OPEN, HALF_OPEN);
    long intoHalfOpen = outOfOpen;
    long outOfHalfOpen =
        breaker.transitionCount(HALF_OPEN, CLOSED) + breaker.transitionCount(HALF_OPEN, OPEN);
    assertThat(intoOpen - outOfOpen).as("flow through OPEN").isBetween(0L, 1L);
    assertThat(intoHalfOpen - outOfHalfOpen).as("flow through HALF_OPEN").isBetween(0L, 1L);
    assertThat((long) transitions.size())
        .as("one event per transition")
        .isEqualTo(breaker.transitionCount(CLOSED, OPEN) + outOfOpen + outOfHalfOpen);
  }

  @Test
  void concurrentTransitionsHaveExactlyOneWinner() throws Exception {
    for (int round = 0; round < 200; round++) {
      CircuitBreaker breaker =
          CircuitBreaker.of(
              "race", CircuitBreakerConfig.builder("race").consecutiveFailures(1).build());
      AtomicInteger events = new AtomicInteger();
      breaker.addListener(
          new CircuitBreakerListener() {
            @Override
            public void onTransition(StateTransition t) {
              events.incrementAndGet();
            }
          });
      long[] permits = new long[THREADS];
      for (int t = 0; t < THREADS; t++) {
        permits[t] = breaker.tryAcquire();
      }
      CountDownLatch go = new CountDownLatch(1);
      Thread[] threads = new Thread[THREADS];
      for (int t = 0; t < THREADS; t++) {
        long permit = permits[t];
        threads[t] =
            new Thread(
                () -> {
                  try {
                    go.await();
                  } catch (InterruptedException e) {
                    return;
                  }
                  breaker.onFailure(permit, new ConnectException());
                });
        threads[t].start();
      }
      go.countDown();
      for (Thread t : threads) {
        t.join(10_000);
        assertThat(t.isAlive()).isFalse();
      }
      assertThat(breaker.state()).isEqualTo(OPEN);
      assertThat(events.get()).as("one CLOSED->OPEN, no OPEN->OPEN").isEqualTo(1);
      assertThat(breaker.transitionCount(CLOSED, OPEN)).isEqualTo(1);
    }
  }
}
