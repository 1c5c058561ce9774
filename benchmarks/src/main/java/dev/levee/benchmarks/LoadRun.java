package dev.levee.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * One open-loop run of {@link OverloadExperiment}: requests arrive as a Poisson process at a fixed
 * rate whatever happens to earlier ones (as users do), each goes through the protection, and the
 * client's own clock measures it from just before the protection to the response. Arrivals never
 * wait for a place: a rejected request is answered at once.
 */
final class LoadRun {
  /** One request's fate: when it arrived and ended (from the run's start), and how. */
  record Request(
      long arrivedNanos,
      long endedNanos,
      boolean rejected,
      boolean good,
      boolean timedOut,
      long nanos) {}

  private final HttpClient client;
  private final URI uri;
  private final Duration timeout;
  private final List<Request> done = new ArrayList<>();
  private final AtomicInteger outstanding = new AtomicInteger();

  LoadRun(HttpClient client, int port, Duration timeout) {
    this.client = client;
    this.uri = URI.create("http://127.0.0.1:" + port + "/");
    this.timeout = timeout;
  }

  /**
   * Offers {@code rate} requests a second for {@code lengthNanos}, calling {@code atNanos} (if not
   * null) once when {@code atNanos.when} has passed; then waits for the last answers.
   *
   * @return every request, in no particular order
   */
  List<Request> run(
      Protection protection, double rate, long lengthNanos, long seed, Event event, Trace trace) {
    Random random = new Random(seed);
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
    long start = System.nanoTime();
    long next = 0;
    long nextTrace = 0;
    boolean fired = event == null;
    while (next < lengthNanos) {
      long now = System.nanoTime() - start;
      if (!fired && now >= event.atNanos) {
        event.action.run();
        fired = true;
      }
      if (trace != null && now >= nextTrace) {
        trace.add(now, protection.limit());
        nextTrace += trace.everyNanos;
      }
      if (now < next) {
        LockSupport.parkNanos(Math.min(next - now, 1_000_000));
        continue;
      }
      long arrived = next;
      next += (long) (-Math.log(1 - random.nextDouble()) / rate * 1e9);
      long sent = System.nanoTime();
      Object token = protection.acquire();
      if (token == Protection.REJECTED) {
        long now2 = System.nanoTime();
        record(new Request(arrived, now2 - start, true, false, false, now2 - sent));
        continue;
      }
      outstanding.incrementAndGet();
      client
          .sendAsync(request, HttpResponse.BodyHandlers.discarding())
          .whenComplete(
              (response, failure) -> {
                long ended = System.nanoTime();
                long nanos = ended - sent;
                Throwable cause =
                    failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause()
                        : failure;
                boolean timedOut = cause instanceof HttpTimeoutException;
                boolean ok = cause == null && response.statusCode() == 200;
                boolean good = ok && nanos <= timeout.toNanos();
                protection.release(
                    token,
                    good
                        ? Protection.Outcome.OK
                        : timedOut || ok ? Protection.Outcome.DROPPED : Protection.Outcome.FAILED);
                record(
                    new Request(
                        arrived,
                        ended - start,
                        false,
                        good,
                        timedOut || (ok && !good),
                        Math.min(nanos, timeout.toNanos())));
                outstanding.decrementAndGet();
              });
    }
    long waitUntil = System.nanoTime() + timeout.toNanos() + 2_000_000_000L;
    while (outstanding.get() > 0 && System.nanoTime() < waitUntil) {
      LockSupport.parkNanos(10_000_000);
    }
    synchronized (done) {
      return new ArrayList<>(done);
    }
  }

  private void record(Request r) {
    synchronized (done) {
      done.add(r);
    }
  }

  /** Something to do once, at a time into the run. */
  record Event(long atNanos, Runnable action) {}

  /** The protection's limit, sampled as the run goes. */
  static final class Trace {
    final long everyNanos;
    private long[] at = new long[64];
    private int[] limits = new int[64];
    private int size;

    Trace(long everyNanos) {
      this.everyNanos = everyNanos;
    }

    void add(long nanos, int limit) {
      if (size == at.length) {
        at = Arrays.copyOf(at, size * 2);
        limits = Arrays.copyOf(limits, size * 2);
      }
      at[size] = nanos;
      limits[size++] = limit;
    }

    int size() {
      return size;
    }

    int limit(int i) {
      return limits[i];
    }
  }

  /** Percentile of sorted nanos, in milliseconds. */
  static double percentileMillis(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int i = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
  }
}
