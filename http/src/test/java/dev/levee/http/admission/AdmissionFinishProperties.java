package dev.levee.http.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.core.RateLimiter;
import dev.levee.core.RateLimiterConfig;
import dev.levee.http.admission.Admission.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * However many threads finish a decision at once, and however (a container's completion and error
 * callbacks racing), it is given back once: in flight returns to zero and the outcomes add up to
 * what was admitted.
 */
class AdmissionFinishProperties {
  @Property(tries = 50)
  void everyDecisionIsGivenBackExactlyOnce(
      @ForAll @Size(min = 1, max = 20) List<@IntRange(min = 0, max = 3) Integer> finishers,
      @ForAll @IntRange(min = 1, max = 30) int requests)
      throws Exception {
    Admission admission =
        Admission.builder("api")
            .rateLimiter(
                RateLimiter.of(
                    "api",
                    RateLimiterConfig.builder("api")
                        .limit(1_000_000, Duration.ofSeconds(1))
                        .build()))
            .build();
    List<AdmissionDecision> decisions = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      decisions.add(admission.admit(TestRequest.get("/orders")));
    }
    CountDownLatch start = new CountDownLatch(1);
    AtomicInteger wins = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (int way : finishers) {
      Thread t =
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  return;
                }
                for (AdmissionDecision d : decisions) {
                  boolean won =
                      switch (way) {
                        case 0 -> d.complete(200);
                        case 1 -> d.fail(new IllegalStateException());
                        case 2 -> d.timedOut();
                        default -> d.abandon();
                      };
                  if (won) {
                    wins.incrementAndGet();
                  }
                }
              });
      t.start();
      threads.add(t);
    }
    start.countDown();
    for (Thread t : threads) {
      t.join(10_000);
      assertThat(t.isAlive()).as("finisher thread still running after 10 s").isFalse();
    }
    assertThat(wins.get()).isEqualTo(requests);
    assertThat(admission.inFlight()).isZero();
    long finished = 0;
    for (Outcome o : Outcome.values()) {
      finished += admission.finishedCount(o);
    }
    assertThat(finished).isEqualTo(requests);
  }
}
