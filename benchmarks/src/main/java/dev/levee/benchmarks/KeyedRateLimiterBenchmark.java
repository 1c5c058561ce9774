package dev.levee.benchmarks;

import dev.levee.core.KeyedRateLimiter;
import dev.levee.core.KeyedRateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One decision for a key the limiter already holds, among {@value #KEYS} keys (each call takes the
 * next key, so lookups miss the CPU's nearest caches as a server's would). The twin: Resilience4j
 * has no keyed limiter, so its users keep one {@code RateLimiter} per key, in a {@link
 * ConcurrentHashMap} ({@code resilience4j…}: a lookup and {@code acquirePermission()}, exactly
 * Levee's work) or in a {@link RateLimiterRegistry} ({@code resilience4jRegistry…}: what its docs
 * suggest, a {@code computeIfAbsent} per call). Neither bounds its keys or evicts idle ones, so the
 * comparison flatters Resilience4j on memory, not on time.
 *
 * <p>Base scenario: granted (10^9 permits a second per key, never reached). {@code Rejected}: every
 * key's bucket is empty (1 permit a day, spent in setup), so every decision is a rejection.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class KeyedRateLimiterBenchmark {
  static final int KEYS = 1024;

  private final String[] keys = new String[KEYS];
  private KeyedRateLimiter<String> levee;
  private KeyedRateLimiter<String> leveeShut;
  private final ConcurrentHashMap<String, RateLimiter> resilience4j = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, RateLimiter> resilience4jShut = new ConcurrentHashMap<>();
  private RateLimiterRegistry resilience4jRegistry;
  private RateLimiterRegistry resilience4jRegistryShut;

  /** Each thread walks the keys on its own. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;

    int advance() {
      return next = (next + 1) & (KEYS - 1);
    }
  }

  /** Builds every contender at the same rate and puts every key in each. */
  @Setup
  public void setUp() {
    levee =
        KeyedRateLimiter.of(
            "bench",
            KeyedRateLimiterConfig.builder("bench")
                .limit(1_000_000_000, Duration.ofSeconds(1))
                .maxKeys(2 * KEYS)
                .build());
    leveeShut =
        KeyedRateLimiter.of(
            "shut",
            KeyedRateLimiterConfig.builder("shut")
                .limit(1, Duration.ofDays(1))
                .maxKeys(2 * KEYS)
                .build());
    RateLimiterConfig open =
        RateLimiterConfig.custom()
            .limitForPeriod(1_000_000_000)
            .limitRefreshPeriod(Duration.ofSeconds(1))
            .timeoutDuration(Duration.ZERO)
            .build();
    RateLimiterConfig shut =
        RateLimiterConfig.custom()
            .limitForPeriod(1)
            .limitRefreshPeriod(Duration.ofDays(1))
            .timeoutDuration(Duration.ZERO)
            .build();
    resilience4jRegistry = RateLimiterRegistry.of(open);
    resilience4jRegistryShut = RateLimiterRegistry.of(shut);
    for (int i = 0; i < KEYS; i++) {
      String key = "client-" + i;
      keys[i] = key;
      levee.tryAcquire(key);
      leveeShut.tryAcquire(key);
      resilience4j.put(key, RateLimiter.of(key, open));
      RateLimiter s = RateLimiter.of(key, shut);
      s.acquirePermission();
      resilience4jShut.put(key, s);
      resilience4jRegistry.rateLimiter(key).acquirePermission();
      resilience4jRegistryShut.rateLimiter(key).acquirePermission();
    }
  }

  /**
   * Levee: granted.
   *
   * @param c the thread's cursor
   * @return whether granted
   */
  @Benchmark
  public boolean levee(Cursor c) {
    return levee.tryAcquire(keys[c.advance()]);
  }

  /**
   * Resilience4j limiters in a map: granted.
   *
   * @param c the thread's cursor
   * @return whether granted
   */
  @Benchmark
  public boolean resilience4j(Cursor c) {
    return resilience4j.get(keys[c.advance()]).acquirePermission();
  }

  /**
   * Resilience4j limiters in its registry: granted.
   *
   * @param c the thread's cursor
   * @return whether granted
   */
  @Benchmark
  public boolean resilience4jRegistry(Cursor c) {
    return resilience4jRegistry.rateLimiter(keys[c.advance()]).acquirePermission();
  }

  /**
   * Levee: rejected.
   *
   * @param c the thread's cursor
   * @return whether granted
   */
  @Benchmark
  public boolean leveeRejected(Cursor c) {
    return leveeShut.tryAcquire(keys[c.advance()]);
  }

  /**
   * Resilience4j limiters in a map: rejected.
   *
   * @param c the thread's cursor
   * @return whether granted
   */
  @Benchmark
  public boolean resilience4jRejected(Cursor c) {
    return resilience4jShut.get(keys[c.advance()]).acquirePermission();
  }

  /**
   * Resilience4j limiters in its registry: rejected.
   *
   * @param c the thread's cursor
   * @return whether granted
   */
  @Benchmark
  public boolean resilience4jRegistryRejected(Cursor c) {
    return resilience4jRegistryShut.rateLimiter(keys[c.advance()]).acquirePermission();
  }
}
