package dev.levee.http.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.core.AdaptiveLimiter;
import dev.levee.core.AdaptiveLimiterConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Eight threads admit and finish requests of both priorities with every kind of outcome against a
 * real adaptive limiter held at 4: admitted requests in progress never exceed the limit, sheddable
 * ones never exceed their share, and every place comes back.
 */
class AdmissionStressTest {
  private static final int THREADS = 8;
  private static final int ROUNDS = 20_000;

  @Test
  @Timeout(60)
  void inProgressNeverExceedsTheLimitAndEveryPlaceComesBack() throws Exception {
    AdaptiveLimiter limiter =
        AdaptiveLimiter.of(
            "api",
            AdaptiveLimiterConfig.builder("api").initialLimit(4).minLimit(4).maxLimit(4).build());
    Admission admission =
        Admission.builder("api")
            .limiter(limiter)
            .sheddableShare(0.5)
            .criticalHeader("X-Priority", "critical")
            .build();
    AtomicInteger inProgress = new AtomicInteger();
    AtomicInteger sheddableInProgress = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    AtomicInteger mostSheddable = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      Thread thread =
          new Thread(
              () -> {
                try {
                  start.await();
                  ThreadLocalRandom random = ThreadLocalRandom.current();
                  for (int i = 0; i < ROUNDS; i++) {
                    boolean critical = random.nextBoolean();
                    AdmissionDecision d =
                        admission.admit(
                            critical
                                ? TestRequest.get("/orders", "X-Priority", "critical")
                                : TestRequest.get("/orders"));
                    if (!d.admitted()) {
                      continue;
                    }
                    most.accumulateAndGet(inProgress.incrementAndGet(), Math::max);
                    if (!critical) {
                      mostSheddable.accumulateAndGet(
                          sheddableInProgress.incrementAndGet(), Math::max);
                      sheddableInProgress.decrementAndGet();
                    }
                    inProgress.decrementAndGet();
                    switch (random.nextInt(4)) {
                      case 0 -> d.complete(200);
                      case 1 -> d.complete(503);
                      case 2 -> d.fail(new IllegalStateException("boom"));
                      default -> d.abandon();
                    }
                  }
                } catch (Throwable e) {
                  failure.compareAndSet(null, e);
                }
              });
      thread.start();
      threads.add(thread);
    }
    start.countDown();
    for (Thread t : threads) {
      t.join(30_000);
      assertThat(t.isAlive()).as("stress thread still running after 30 s").isFalse();
    }
    assertThat(failure.get()).isNull();
    assertThat(most.get()).as("admitted requests in progress at once").isBetween(1, 4);
    assertThat(mostSheddable.get()).as("sheddable requests in progress at once").isBetween(1, 2);
    assertThat(admission.inFlight()).isZero();
    assertThat(limiter.inFlight()).isZero();
    long finished = 0;
    for (Admission.Outcome o : Admission.Outcome.values()) {
      finished += admission.finishedCount(o);
    }
    assertThat(finished)
        .isEqualTo(
            admission.admittedCount(Admission.Priority.CRITICAL)
                + admission.admittedCount(Admission.Priority.SHEDDABLE));
  }
}
