package dev.levee.benchmarks;

import dev.levee.core.Hedge;
import dev.levee.core.HedgeConfig;
import dev.levee.core.RetryBudget;
import dev.levee.timeouts.Scheduler;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Hedged requests against a long-tail backend (issue 18, point 8): p50, p99 and p99.9 of the calls
 * with and without a {@link Hedge}, and the extra load the hedges add.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.levee.benchmarks.HedgingExperiment [--quick]
 * </pre>
 *
 * <p>The backend answers asynchronously, from a timer thread: a request takes 10 ms ± 25 %
 * (uniform), and 1 % of requests (drawn per request, so a second attempt is slow with the same 1 %)
 * take 100 times as long (about 1 s). Clients send 1,000 calls a second (open loop: each call's
 * latency counts from when it was due), latencies drawn from one seeded generator in every
 * scenario. The scenarios: no hedge; Levee's default hedge (the 95th percentile of recent
 * latencies, a budget of 5 % with a burst of 10); the same with a burst of 100 (a stall of the
 * client or its timers makes every call in flight late at once and spends the burst: this row shows
 * whether a larger one helps); the 99th percentile; a fixed delay of 25 ms (2.5 times the median,
 * the guess an engineer would make). Each hedge's delay is 25 ms until its percentile is known, and
 * each gets a warm-up of {@value #WARM_UP} calls (not counted) so that it is known. Extra load:
 * second attempts sent per call, the load on the backend beyond one request per call; refused:
 * second attempts that were due but the budget refused.
 *
 * <p>Not a JMH benchmark and not part of CI: it measures latency distributions on real time.
 */
public final class HedgingExperiment {
  private static final int WARM_UP = 2_000;
  private static final long FAST_NANOS = 10_000_000;
  private static final double SLOW_SHARE = 0.01;
  private static final int SLOW_FACTOR = 100;

  private HedgingExperiment() {}

  /** The backend: completes each request after its drawn latency, on a timer thread. */
  private static final class Backend {
    private final ScheduledThreadPoolExecutor timer;
    private final SplittableRandom random;
    private final AtomicLong requests = new AtomicLong();

    Backend(ScheduledThreadPoolExecutor timer, long seed) {
      this.timer = timer;
      this.random = new SplittableRandom(seed);
    }

    CompletableFuture<Long> request() {
      requests.incrementAndGet();
      long nanos;
      synchronized (random) { // attempts come from the client and the hedge timer threads
        nanos = (long) (FAST_NANOS * (0.75 + 0.5 * random.nextDouble()));
        if (random.nextDouble() < SLOW_SHARE) {
          nanos *= SLOW_FACTOR;
        }
      }
      long latency = nanos;
      CompletableFuture<Long> answer = new CompletableFuture<>();
      var task = timer.schedule(() -> answer.complete(latency), latency, TimeUnit.NANOSECONDS);
      answer.whenComplete((v, e) -> task.cancel(false)); // a cancelled loser frees its timer
      return answer;
    }
  }

  /** One scenario's measurements. */
  private record Row(
      String name,
      int calls,
      long[] latencies,
      long requests,
      long hedges,
      long won,
      long refused,
      double delayMs) {
    double percentileMs(double p) {
      long[] sorted = latencies.clone();
      Arrays.sort(sorted);
      int rank = (int) Math.ceil(p / 100 * sorted.length) - 1;
      return sorted[Math.max(0, rank)] / 1e6;
    }

    double extraLoad() {
      return (requests - calls) / (double) calls;
    }
  }

  /**
   * Runs every scenario and prints the table.
   *
   * @param args {@code --quick} for a shorter run
   * @throws Exception if a call fails or the run is interrupted
   */
  public static void main(String[] args) throws Exception {
    boolean quick = Arrays.asList(args).contains("--quick");
    int calls = quick ? 5_000 : 20_000;
    int rate = 1_000; // calls a second
    ScheduledThreadPoolExecutor backendTimer = timer("backend");
    try {
      Row[] rows = {
        run("no hedge", null, backendTimer, calls, rate),
        run(
            "hedge p95 (default)",
            HedgeConfig.builder("p95").delay(Duration.ofMillis(25)),
            backendTimer,
            calls,
            rate),
        run(
            "hedge p95 burst 100",
            HedgeConfig.builder("p95-burst")
                .delay(Duration.ofMillis(25))
                .budget(RetryBudget.of("p95-burst", HedgeConfig.DEFAULT_BUDGET_RATIO, 100)),
            backendTimer,
            calls,
            rate),
        run(
            "hedge p99",
            HedgeConfig.builder("p99").percentile(99).delay(Duration.ofMillis(25)),
            backendTimer,
            calls,
            rate),
        run(
            "hedge fixed 25ms",
            HedgeConfig.builder("fixed").percentile(0).delay(Duration.ofMillis(25)),
            backendTimer,
            calls,
            rate),
      };
      print(rows, calls, rate);
    } finally {
      backendTimer.shutdownNow();
    }
  }

  private static ScheduledThreadPoolExecutor timer(String name) {
    ScheduledThreadPoolExecutor t =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread th = new Thread(r, "experiment-" + name);
              th.setDaemon(true);
              return th;
            });
    t.setRemoveOnCancelPolicy(true);
    return t;
  }

  private static Row run(
      String name,
      HedgeConfig.Builder config,
      ScheduledThreadPoolExecutor backendTimer,
      int calls,
      int rate)
      throws InterruptedException {
    ScheduledThreadPoolExecutor hedgeTimer = timer("hedge-" + name);
    try {
      Hedge hedge =
          config == null
              ? null
              : Hedge.of(
                  name.replace(' ', '-'), config.scheduler(Scheduler.of(hedgeTimer)).build());
      if (hedge != null) {
        Backend warm = new Backend(backendTimer, 7);
        send(() -> hedge.callAsync(warm::request), WARM_UP, rate, new long[WARM_UP]);
      }
      Backend backend = new Backend(backendTimer, 42); // the same draws for every scenario
      long hedgesBefore = hedge == null ? 0 : hedge.hedgeCount();
      long wonBefore = hedge == null ? 0 : hedge.hedgeWonCount();
      long refusedBefore = hedge == null ? 0 : hedge.budgetExhaustedCount();
      long[] latencies = new long[calls];
      send(
          hedge == null ? backend::request : () -> hedge.callAsync(backend::request),
          calls,
          rate,
          latencies);
      return new Row(
          name,
          calls,
          latencies,
          backend.requests.get(),
          hedge == null ? 0 : hedge.hedgeCount() - hedgesBefore,
          hedge == null ? 0 : hedge.hedgeWonCount() - wonBefore,
          hedge == null ? 0 : hedge.budgetExhaustedCount() - refusedBefore,
          hedge == null ? Double.NaN : hedge.currentDelay().toNanos() / 1e6);
    } finally {
      hedgeTimer.shutdownNow();
    }
  }

  /** Sends {@code calls} at {@code rate} a second and waits for every answer. */
  private static void send(
      Supplier<CompletableFuture<Long>> call, int calls, int rate, long[] latencies)
      throws InterruptedException {
    CountDownLatch done = new CountDownLatch(calls);
    AtomicLong failed = new AtomicLong();
    long interval = 1_000_000_000L / rate;
    long start = System.nanoTime();
    for (int i = 0; i < calls; i++) {
      long due = start + i * interval;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      int slot = i;
      call.get()
          .whenComplete(
              (v, e) -> {
                if (e != null) {
                  failed.incrementAndGet();
                }
                latencies[slot] = System.nanoTime() - due;
                done.countDown();
              });
    }
    if (!done.await(120, TimeUnit.SECONDS)) {
      throw new IllegalStateException(done.getCount() + " calls did not finish within 120 s");
    }
    if (failed.get() > 0) {
      throw new IllegalStateException(failed.get() + " calls failed: the backend never fails");
    }
  }

  private static void print(Row[] rows, int calls, int rate) {
    System.out.printf(
        Locale.ROOT,
        "HedgingExperiment: %d calls at %d/s per scenario; backend %.1f ms ±25%%, %.0f%% of"
            + " requests %dx slower%n%n",
        calls,
        rate,
        FAST_NANOS / 1e6,
        SLOW_SHARE * 100,
        SLOW_FACTOR);
    System.out.printf(
        Locale.ROOT,
        "%-20s %9s %8s %8s %9s %8s %8s %8s %8s %11s%n",
        "scenario",
        "delay ms",
        "p50 ms",
        "p99 ms",
        "p99.9 ms",
        "max ms",
        "hedges",
        "won",
        "refused",
        "extra load");
    for (Row r : rows) {
      System.out.printf(
          Locale.ROOT,
          "%-20s %9.2f %8.2f %8.2f %9.2f %8.2f %8d %8d %8d %10.2f%%%n",
          r.name(),
          r.delayMs(),
          r.percentileMs(50),
          r.percentileMs(99),
          r.percentileMs(99.9),
          r.percentileMs(100),
          r.hedges(),
          r.won(),
          r.refused(),
          r.extraLoad() * 100);
    }
    Row none = rows[0];
    Row dflt = rows[1];
    System.out.printf(
        Locale.ROOT,
        "%np99 none=%.2fms hedged=%.2fms p99.9 none=%.2fms hedged=%.2fms extra_load=%.2f%%%n",
        none.percentileMs(99),
        dflt.percentileMs(99),
        none.percentileMs(99.9),
        dflt.percentileMs(99.9),
        dflt.extraLoad() * 100);
  }
}
