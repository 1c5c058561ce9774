package dev.levee.benchmarks;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Issue 18's overload experiment: does a concurrency limit that finds the server's capacity by
 * itself keep goodput and latency when clients offer more than the server can serve, and when the
 * server's capacity drops?
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.levee.benchmarks.OverloadExperiment [--quick]
 * </pre>
 *
 * <p>The server ({@link QueueingServer}) serves at most C = 8 requests at once for S = 50 ms each
 * and queues the rest, FIFO: its capacity is C / S = 160 requests a second, its unloaded latency 50
 * ms plus the loopback's. Open-loop clients ({@link LoadRun}) offer 0.5x, 1x, 2x and 4x that
 * capacity through each protection: none, a static bulkhead of C (sized right for the unloaded
 * server), Levee's {@code AdaptiveLimiter} at its defaults, and Netflix {@code concurrency-limits}
 * 0.5.4's {@code SimpleLimiter} with {@code Gradient2Limit}. Every cell is a fresh server and a
 * fresh limiter; its first seconds are a warm-up that is not counted, and a discarded run of each
 * protection comes before them all (the JIT's warm-up).
 *
 * <p><b>Goodput</b> is the requests answered 200 within the client's timeout, per second, as a
 * share of the server's capacity. The timeout is 500 ms, ten times the service time: an interactive
 * caller of a 50 ms dependency has given up (failed or retried its own request) long before a
 * second, so an answer later than that does no good, although the server spent its capacity on it.
 * Latency percentiles are of the requests the protection let through, on the client's clock, from
 * just before the protection to the answer (a request that timed out counts as 500 ms); rejections
 * are answered at once and are not in them.
 *
 * <p>On a machine others share, one stall in a 10 s cell moves its goodput by a few hundredths,
 * more than the limiters differ by. So in a full run the cells the goals compare (2x and 4x, Levee
 * and concurrency-limits) run three times each, the two taking turns; the table shows each figure's
 * median over the runs and every run's goodput, and the goals are judged on the medians. {@code
 * --quick} runs every cell once.
 *
 * <p><b>Phase 2</b> offers 2x the original capacity through each limiter, and halves the server's
 * capacity (C = 4) part-way through. A limiter has <b>settled</b> from the first half-second bucket
 * after which every bucket to the end of the run has goodput at least 0.8 of the new capacity and a
 * p90 latency at most twice the unloaded p99 (the 0.5x row without protection); the settling time
 * is from the change to the start of that bucket.
 */
public final class OverloadExperiment {
  private static final int C = 8;
  private static final long S_NANOS = 50_000_000L;
  private static final double CAPACITY = C * 1e9 / S_NANOS; // requests a second
  private static final Duration TIMEOUT = Duration.ofMillis(500);
  private static final double[] LOADS = {0.5, 1, 2, 4};
  private static final String[] PROTECTIONS = {"none", "bulkhead", "levee", "concurrency-limits"};
  private static final long BUCKET = 500_000_000L;
  private static final int HOLD = 3; // buckets in band in a row that make a limiter settled

  private OverloadExperiment() {}

  /**
   * Runs the experiment and prints its tables; the last line compares goodput at 4x.
   *
   * @param args {@code --quick} for a run under two minutes
   * @throws Exception if the server cannot start
   */
  public static void main(String[] args) throws Exception {
    boolean quick = List.of(args).contains("--quick");
    long warmup = quick ? 1_000_000_000L : 3_000_000_000L;
    long measure = quick ? 3_000_000_000L : 10_000_000_000L;
    long before = quick ? 3_000_000_000L : 6_000_000_000L;
    long after = quick ? 6_000_000_000L : 14_000_000_000L;
    int reps = quick ? 1 : 3;
    ExecutorService pool = Executors.newFixedThreadPool(4, daemon());
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT)
            .executor(pool)
            .build();
    System.out.printf(
        Locale.ROOT,
        "server: C=%d at once, S=%d ms, capacity %.0f req/s, FIFO queue; client timeout %d ms;"
            + " %s%n",
        C,
        S_NANOS / 1_000_000,
        CAPACITY,
        TIMEOUT.toMillis(),
        quick ? "quick" : "full");

    Map<String, double[]> goodput = new LinkedHashMap<>();
    List<String> rows = new ArrayList<>();
    double unloadedP99 = Double.NaN;
    double[][] p99 = new double[PROTECTIONS.length][LOADS.length];
    double[][] good = new double[PROTECTIONS.length][LOADS.length];
    long seed = 18;
    // A discarded run first: the client, the server and every protection get compiled before the
    // unloaded row, which the p99 goal and the settling band are measured against.
    for (String name : PROTECTIONS) {
      try (QueueingServer server = new QueueingServer(C, S_NANOS)) {
        new LoadRun(client, server.port(), TIMEOUT)
            .run(Protection.create(name, C), 2 * CAPACITY, warmup, 0, null, null);
      }
    }
    int levee = 2;
    int netflix = 3;
    for (int l = 0; l < LOADS.length; l++) {
      List<List<OverloadCell>> cells = new ArrayList<>();
      for (int p = 0; p < PROTECTIONS.length; p++) {
        cells.add(new ArrayList<>());
      }
      // The cells the goals compare run `reps` times, Levee's and concurrency-limits' taking turns,
      // so that a stall of the machine lands on one run of one of them, not on the verdict.
      int runs = LOADS[l] >= 2 ? reps : 1;
      for (int rep = 0; rep < runs; rep++) {
        for (int p = 0; p < PROTECTIONS.length; p++) {
          if (rep > 0 && p != levee && p != netflix) {
            continue;
          }
          Protection protection = Protection.create(PROTECTIONS[p], C);
          List<LoadRun.Request> done;
          try (QueueingServer server = new QueueingServer(C, S_NANOS)) {
            done =
                new LoadRun(client, server.port(), TIMEOUT)
                    .run(protection, LOADS[l] * CAPACITY, warmup + measure, seed++, null, null);
          }
          OverloadCell cell = OverloadCell.of(done, warmup, warmup + measure);
          cell.goodput = cell.good / (measure / 1e9) / CAPACITY;
          cells.get(p).add(cell);
          System.err.printf(
              Locale.ROOT,
              "%.1fx %s run %d: goodput %.3f p99 %.1f ms%n",
              LOADS[l],
              PROTECTIONS[p],
              rep + 1,
              cell.goodput,
              cell.p99);
        }
      }
      for (int p = 0; p < PROTECTIONS.length; p++) {
        List<OverloadCell> runsOf = cells.get(p);
        OverloadCell cell = OverloadCell.median(runsOf);
        good[p][l] = cell.goodput;
        p99[p][l] = cell.p99;
        if (p == 0 && l == 0) {
          unloadedP99 = cell.p99;
        }
        StringBuilder each = new StringBuilder();
        for (OverloadCell run : runsOf) {
          each.append(each.length() == 0 ? "" : " ")
              .append(String.format(Locale.ROOT, "%.3f", run.goodput));
        }
        rows.add(
            String.format(
                Locale.ROOT,
                "| %4.1fx | %-18s | %7.1f | %7.3f | %7.1f | %7.1f | %7.1f%% | %7.1f%% | %s |",
                LOADS[l],
                PROTECTIONS[p],
                cell.offered / (measure / 1e9),
                good[p][l],
                cell.p50,
                cell.p99,
                100.0 * cell.rejected / Math.max(1, cell.offered),
                100.0 * cell.timedOut / Math.max(1, cell.offered),
                runsOf.size() > 1 ? each : "-"));
      }
    }
    for (int p = 0; p < PROTECTIONS.length; p++) {
      goodput.put(PROTECTIONS[p], good[p]);
    }
    System.out.println();
    System.out.println(
        "| load | protection         | offered/s | goodput | p50 ms | p99 ms | rejected | timed out |"
            + " goodput of each run |");
    System.out.println(
        "|------|--------------------|-----------|---------|--------|--------|----------|-----------|"
            + "---------------------|");
    rows.forEach(System.out::println);
    System.out.printf(Locale.ROOT, "unloaded p99 (0.5x, none): %.1f ms%n", unloadedP99);

    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "phase 2: 2x the original capacity (%.0f req/s); capacity halved (C=%d) at %.0f s of %.0f s."
            + " In band: a 0.5 s bucket with goodput >= 0.8 of the new capacity and p90 <= 2 x"
            + " unloaded p99 (%.1f ms); settled: from the first of 3 buckets in band in a row"
            + " (1.5 s) once the limit stays within 25%% of its final value (its median over the"
            + " last 2 s).%n",
        2 * CAPACITY,
        C / 2,
        before / 1e9,
        (before + after) / 1e9,
        unloadedP99);
    System.out.println(
        "| protection         | settled after | buckets in band | goodput after | p99 after ms |"
            + " limit every 0.5 s |");
    System.out.println(
        "|--------------------|---------------|-----------------|---------------|--------------|"
            + "-------------------|");
    Map<String, Double> settling = new LinkedHashMap<>();
    for (int p = 1; p < PROTECTIONS.length; p++) {
      Protection protection = Protection.create(PROTECTIONS[p], C);
      LoadRun.Trace trace = new LoadRun.Trace(BUCKET);
      List<LoadRun.Request> done;
      try (QueueingServer server = new QueueingServer(C, S_NANOS)) {
        done =
            new LoadRun(client, server.port(), TIMEOUT)
                .run(
                    protection,
                    2 * CAPACITY,
                    before + after,
                    seed++,
                    new LoadRun.Event(before, () -> server.capacity(C / 2)),
                    trace);
      }
      double newCapacity = CAPACITY / 2;
      int buckets = (int) (after / BUCKET);
      boolean[] inBand = new boolean[buckets];
      int held = 0;
      int settledAt = -1;
      int inBandCount = 0;
      for (int b = 0; b < buckets; b++) {
        long from = before + b * BUCKET;
        OverloadCell cell = OverloadCell.of(done, from, from + BUCKET);
        inBand[b] = cell.good / (BUCKET / 1e9) >= 0.8 * newCapacity && cell.p90 <= 2 * unloadedP99;
        inBandCount += inBand[b] ? 1 : 0;
        held = inBand[b] ? held + 1 : 0;
        if (held == HOLD && settledAt < 0) {
          settledAt = b - HOLD + 1;
        }
        System.err.printf(
            Locale.ROOT,
            "phase 2 %s bucket %d: goodput %.2f p90 %.1f ms%s%n",
            PROTECTIONS[p],
            b,
            cell.good / (BUCKET / 1e9) / newCapacity,
            cell.p90,
            inBand[b] ? "" : " (out of band)");
      }
      OverloadCell tail = OverloadCell.of(done, before + after / 2, before + after);
      StringBuilder limits = new StringBuilder();
      for (int i = 0; i < trace.size(); i++) {
        limits.append(i == 0 ? "" : " ").append(trace.limit(i));
      }
      int limitSettled = limitSettledBucket(trace, (int) (before / BUCKET));
      if (settledAt >= 0 && limitSettled >= 0) {
        // in band for 1.5 s in a row, from when the limit has settled
        settledAt = -1;
        held = 0;
        for (int b = limitSettled; b < buckets; b++) {
          held = inBand[b] ? held + 1 : 0;
          if (held == HOLD) {
            settledAt = b - HOLD + 1;
            break;
          }
        }
      } else {
        settledAt = -1;
      }
      double seconds = settledAt < 0 ? Double.NaN : settledAt * BUCKET / 1e9;
      settling.put(PROTECTIONS[p], seconds);
      System.out.printf(
          Locale.ROOT,
          "| %-18s | %13s | %15s | %13.2f | %12.1f | %s |%n",
          PROTECTIONS[p],
          settledAt < 0 ? "not settled" : String.format(Locale.ROOT, "%.1f s", seconds),
          inBandCount + "/" + buckets,
          tail.good / (after / 2 / 1e9) / newCapacity,
          tail.p99,
          limits);
    }
    System.out.println("(goodput and p99 after: the second half of the run after the change)");

    System.out.println();
    for (int l = 2; l < LOADS.length; l++) {
      System.out.printf(
          Locale.ROOT,
          "goal at %.0fx: levee goodput %.3f (>= 0.9: %s; >= concurrency-limits %.3f: %s),"
              + " p99 %.1f ms (<= %.1f: %s; <= concurrency-limits %.1f: %s)%n",
          LOADS[l],
          good[levee][l],
          good[levee][l] >= 0.9 ? "yes" : "NO",
          good[netflix][l],
          good[levee][l] >= good[netflix][l] ? "yes" : "NO",
          p99[levee][l],
          2 * unloadedP99,
          p99[levee][l] <= 2 * unloadedP99 ? "yes" : "NO",
          p99[netflix][l],
          p99[levee][l] <= p99[netflix][l] ? "yes" : "NO");
    }
    double s = settling.get("levee");
    System.out.printf(
        Locale.ROOT,
        "goal: levee settles within 5 s: %s%n",
        !Double.isNaN(s) && s <= 5 ? String.format(Locale.ROOT, "yes (%.1f s)", s) : "NO");
    pool.shutdownNow();
    System.out.printf(
        Locale.ROOT,
        "goodput@4x levee=%.2f concurrency-limits=%.2f bulkhead=%.2f none=%.2f%n",
        goodput.get("levee")[3],
        goodput.get("concurrency-limits")[3],
        goodput.get("bulkhead")[3],
        goodput.get("none")[3]);
  }

  /**
   * The first bucket after the change from which the limit stays within 25 % (at least 1) of its
   * final value, the median of the trace's last four samples (2 s); -1 if the trace is too short.
   */
  private static int limitSettledBucket(LoadRun.Trace trace, int changeIndex) {
    int n = trace.size();
    if (n < changeIndex + 4) {
      return -1;
    }
    int[] last = new int[4];
    for (int i = 0; i < 4; i++) {
      last[i] = trace.limit(n - 4 + i);
    }
    java.util.Arrays.sort(last);
    double target = (last[1] + last[2]) / 2.0;
    double band = Math.max(1, 0.25 * target);
    int from = n;
    for (int i = n - 1; i >= changeIndex; i--) {
      if (Math.abs(trace.limit(i) - target) > band) {
        break;
      }
      from = i;
    }
    return from - changeIndex;
  }

  private static java.util.concurrent.ThreadFactory daemon() {
    return r -> {
      Thread t = new Thread(r, "overload-client");
      t.setDaemon(true);
      return t;
    };
  }
}
