package dev.levee.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levee.core.Bulkhead;
import dev.levee.core.BulkheadConfig;
import dev.levee.core.CircuitBreaker;
import dev.levee.core.CircuitBreakerConfig;
import dev.levee.core.CircuitBreakerState;
import dev.levee.core.RateLimiter;
import dev.levee.core.RateLimiterConfig;
import dev.levee.core.Registry;
import dev.levee.core.Retry;
import dev.levee.core.RetryConfig;
import dev.levee.health.HealthCheckConfig;
import dev.levee.health.HealthMonitor;
import dev.levee.health.HealthResult;
import dev.levee.timeouts.testing.ManualScheduler;
import dev.levee.timeouts.testing.ManualTicker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/** What a scrape reads equals what the primitives recorded; meters follow their registries. */
class LeveeMetricsTest {
  private final java.util.List<java.util.concurrent.ExecutorService> workers =
      new java.util.ArrayList<>();

  /** A monitor on manual time; its checks run on a worker thread the test shuts down after. */
  private HealthMonitor monitor(ManualTicker ticker, ManualScheduler scheduler) {
    var worker = Executors.newSingleThreadExecutor();
    workers.add(worker);
    return HealthMonitor.builder().ticker(ticker).scheduler(scheduler).executor(worker).build();
  }

  @org.junit.jupiter.api.AfterEach
  void stopWorkers() {
    workers.forEach(java.util.concurrent.ExecutorService::shutdownNow);
  }

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final Registry<CircuitBreaker, CircuitBreakerConfig> breakers =
      CircuitBreaker.registry(
          CircuitBreakerConfig.builder("default").countWindow(10).minimumCalls(4).build());
  private final Registry<Retry, RetryConfig> retries = Retry.registry(RetryConfig.defaults());
  private final Registry<RateLimiter, RateLimiterConfig> limiters =
      RateLimiter.registry(
          RateLimiterConfig.builder("default").limit(2, Duration.ofDays(1)).build());
  private final Registry<Bulkhead, BulkheadConfig> bulkheads =
      Bulkhead.registry(BulkheadConfig.builder("default").maxConcurrent(1).build());

  private double counter(String name, String... tags) {
    return meters.get(name).tags(tags).functionCounter().count();
  }

  private double gauge(String name, String... tags) {
    return meters.get(name).tags(tags).gauge().value();
  }

  @Test
  void breakerRetryLimiterAndBulkheadValuesAreWhatTheyRecorded() throws Exception {
    LeveeMetrics.builder()
        .circuitBreakers(breakers)
        .retries(retries)
        .rateLimiters(limiters)
        .bulkheads(bulkheads)
        .build()
        .bindTo(meters);
    CircuitBreaker db = breakers.getOrCreate("db"); // created after binding
    for (int i = 0; i < 3; i++) {
      db.run(() -> {});
    }
    for (int i = 0; i < 7; i++) {
      if (i == 2) {
        assertThat(gauge("circuitbreaker.failure.ratio", "name", "db"))
            .as("3 successes, 2 failures")
            .isEqualTo(0.4);
      }
      try {
        db.run(
            () -> {
              throw new IllegalStateException("down");
            });
      } catch (RuntimeException expected) {
        // counted
      }
    }
    assertThat(gauge("circuitbreaker.state", "name", "db")).isEqualTo(1); // OPEN
    try {
      db.run(() -> {});
    } catch (RuntimeException rejected) {
      // not permitted
    }
    assertThat(counter("circuitbreaker.requests", "name", "db", "result", "successful"))
        .isEqualTo(3);
    assertThat(counter("circuitbreaker.requests", "name", "db", "result", "failed"))
        .isEqualTo(db.failureCount());
    // Open after 6 calls (3 failures of 6 = 50 %): the last 4 failing calls and the one after
    // were rejected.
    assertThat(counter("circuitbreaker.requests", "name", "db", "result", "not_permitted"))
        .isEqualTo(db.rejectedCount())
        .isEqualTo(5);
    assertThat(
            counter("circuitbreaker.state.changes", "name", "db", "from", "closed", "to", "open"))
        .isEqualTo(1);
    db.transitionTo(CircuitBreakerState.CLOSED, "test");
    assertThat(gauge("circuitbreaker.failure.ratio", "name", "db"))
        .as("below minimumCalls")
        .isNaN();

    Retry retry = retries.getOrCreate("api");
    retry.run(() -> {});
    assertThat(counter("retry.calls", "name", "api", "result", "successful_without_retry"))
        .isEqualTo(1);
    assertThat(counter("retry.budget.exhausted", "name", "api")).isZero();

    RateLimiter limiter = limiters.getOrCreate("partner");
    limiter.tryAcquire();
    limiter.tryAcquire();
    limiter.tryAcquire();
    assertThat(counter("ratelimiter.requests", "name", "partner", "result", "permitted"))
        .isEqualTo(2);
    assertThat(counter("ratelimiter.requests", "name", "partner", "result", "rejected"))
        .isEqualTo(1);
    assertThat(gauge("ratelimiter.available.permits", "name", "partner")).isZero();

    Bulkhead bulkhead = bulkheads.getOrCreate("pool");
    bulkhead.tryAcquire();
    bulkhead.tryAcquire();
    assertThat(gauge("bulkhead.in.flight", "name", "pool")).isEqualTo(1);
    assertThat(gauge("bulkhead.max.allowed", "name", "pool")).isEqualTo(1);
    assertThat(counter("bulkhead.rejected", "name", "pool")).isEqualTo(1);
  }

  @Test
  void countsReadUnderConcurrentLoadEqualTheRecords() throws Exception {
    LeveeMetrics.builder().circuitBreakers(breakers).retries(retries).build().bindTo(meters);
    CircuitBreaker b = breakers.getOrCreate("hot");
    Retry r = retries.getOrCreate("hot");
    var pool = Executors.newFixedThreadPool(4);
    CountDownLatch done = new CountDownLatch(4);
    for (int t = 0; t < 4; t++) {
      pool.execute(
          () -> {
            for (int i = 0; i < 20_000; i++) {
              b.run(() -> {});
              r.run(() -> {});
              meters
                  .get("circuitbreaker.requests")
                  .tags("name", "hot", "result", "successful")
                  .functionCounter()
                  .count();
            }
            done.countDown();
          });
    }
    assertThat(done.await(60, TimeUnit.SECONDS)).as("load finished within 60s").isTrue();
    pool.shutdown();
    assertThat(counter("circuitbreaker.requests", "name", "hot", "result", "successful"))
        .isEqualTo(80_000);
    assertThat(counter("retry.calls", "name", "hot", "result", "successful_without_retry"))
        .isEqualTo(80_000);
  }

  @Test
  void removedInstancesLeaveNoMeters() {
    LeveeMetrics.builder().circuitBreakers(breakers).bulkheads(bulkheads).build().bindTo(meters);
    breakers.getOrCreate("db");
    bulkheads.getOrCreate("db");
    assertThat(meters.find("circuitbreaker.state").tag("name", "db").gauge()).isNotNull();
    breakers.remove("db");
    bulkheads.remove("db");
    assertThat(meters.getMeters())
        .as("no meter of a removed instance")
        .noneMatch(m -> "db".equals(m.getId().getTag("name")));
  }

  @Test
  void twoRegistriesWithTheSameNameAreReportedNotMerged() {
    Registry<CircuitBreaker, CircuitBreakerConfig> other =
        CircuitBreaker.registry(CircuitBreakerConfig.defaults());
    breakers.getOrCreate("db");
    other.getOrCreate("db");
    LeveeMetrics.builder().circuitBreakers(breakers).build().bindTo(meters);
    assertThatThrownBy(() -> LeveeMetrics.builder().circuitBreakers(other).build().bindTo(meters))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith(
            "metrics: circuit breaker \"db\" is in two Levee registries bound to one meter registry");
  }

  @Test
  void anInstanceRemovedWhileBindingLeavesNoMeters() throws Exception {
    bulkheads.getOrCreate("a");
    bulkheads.getOrCreate("b");
    Thread remover = new Thread(() -> bulkheads.remove("b"), "remover");
    SimpleMeterRegistry watched =
        new SimpleMeterRegistry() {
          @Override
          protected <T> Gauge newGauge(Meter.Id id, T obj, ToDoubleFunction<T> f) {
            if ("a".equals(id.getTag("name")) && remover.getState() == Thread.State.NEW) {
              // Another thread removes "b" while the binder is part-way through the instances: it
              // finishes, or waits for the binder to be done with the registry.
              remover.start();
              awaitDoneOrWaiting(remover);
            }
            return super.newGauge(id, obj, f);
          }
        };
    LeveeMetrics.builder().bulkheads(bulkheads).build().bindTo(watched);
    remover.join(TimeUnit.SECONDS.toMillis(10));
    assertThat(remover.isAlive()).as("remover finished within 10s").isFalse();
    assertThat(bulkheads.find("b")).isEmpty();
    assertThat(watched.getMeters())
        .as("no meter of the removed bulkhead \"b\"")
        .noneMatch(m -> "b".equals(m.getId().getTag("name")));
    assertThat(watched.find("bulkhead.in.flight").tag("name", "a").gauge()).isNotNull();
  }

  private static void awaitDoneOrWaiting(Thread t) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (t.getState() != Thread.State.TERMINATED && t.getState() != Thread.State.WAITING) {
      assertThat(System.nanoTime()).as("%s finished or waited within 10s", t).isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  @Test
  void aRefusedBindLeavesNoMetersAndFollowsNothing() {
    Registry<Bulkhead, BulkheadConfig> second =
        Bulkhead.registry(BulkheadConfig.builder("default").build());
    bulkheads.getOrCreate("db");
    second.getOrCreate("cache"); // sorts before "db": bound before the clash is found
    second.getOrCreate("db");
    LeveeMetrics.builder().bulkheads(bulkheads).build().bindTo(meters);
    assertThatThrownBy(() -> LeveeMetrics.builder().bulkheads(second).build().bindTo(meters))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("bulkhead \"db\" is in two Levee registries");
    second.getOrCreate("later");
    assertThat(meters.getMeters())
        .as("only the first registry's meters after the second's bind was refused")
        .allMatch(m -> "db".equals(m.getId().getTag("name")));
    second.remove("db");
    assertThat(gauge("bulkhead.max.allowed", "name", "db"))
        .as("the first registry's \"db\" keeps its meters")
        .isEqualTo(1);
  }

  @Test
  void anInstanceRefusedPartWayLeavesNoneOfItsMeters() {
    meters.counter(
        "bulkhead.rejected", "name", "pool"); // not Levee's: clashes with the third meter
    LeveeMetrics.builder().bulkheads(bulkheads).build().bindTo(meters);
    bulkheads.getOrCreate("pool"); // logged at ERROR, gets no meters
    assertThat(meters.getMeters())
        .as("only the clashing counter")
        .singleElement()
        .satisfies(m -> assertThat(m.getId().getName()).isEqualTo("bulkhead.rejected"));
  }

  @Test
  void prefixAndRenamesApplyToEveryName() {
    breakers.getOrCreate("db");
    LeveeMetrics.builder()
        .prefix("levee")
        .rename("circuitbreaker", "cb")
        .circuitBreakers(breakers)
        .build()
        .bindTo(meters);
    assertThat(meters.find("levee.cb.state").tag("name", "db").gauge()).isNotNull();
    assertThat(meters.find("circuitbreaker.state").gauges()).isEmpty();
    assertThatThrownBy(() -> LeveeMetrics.builder().prefix("Levee-"))
        .hasMessage(
            "metrics: prefix must be lowercase letters, digits and '_', starting with a letter, was \"Levee-\"");
  }

  @Test
  void healthSeriesFollowTheMonitor() {
    ManualTicker ticker = new ManualTicker();
    ManualScheduler scheduler = new ManualScheduler(ticker);
    try (HealthMonitor monitor = monitor(ticker, scheduler)) {
      monitor.markStarted();
      LeveeMetrics.builder().health(monitor).build().bindTo(meters);
      monitor.register(
          HealthCheckConfig.builder("cache").critical(false).failureAttempts(1).build(),
          () -> HealthResult.degraded("cold"));
      meters.get("health.checks").gauge().value(); // a scrape: sees the new check
      assertThat(gauge("health.check.status", "check", "cache", "group", "ready"))
          .isEqualTo(0); // not run yet
      monitor.register(
          HealthCheckConfig.builder("kafka").groups("messaging").build(), HealthResult::up);
      meters.get("health.checks").gauge().value();
      assertThat(meters.find("health.status").tag("group", "messaging").gauge())
          .as("health_status of a group first named after binding")
          .isNotNull();
    }
  }

  @Test
  void aCheckRegisteredAgainInOtherGroupsHasSeriesForThoseGroups() {
    ManualTicker ticker = new ManualTicker();
    try (HealthMonitor monitor = monitor(ticker, new ManualScheduler(ticker))) {
      monitor.markStarted();
      LeveeMetrics.builder().health(monitor).build().bindTo(meters);
      monitor.register(HealthCheckConfig.builder("db").groups("ready").build(), HealthResult::up);
      meters.get("health.checks").gauge().value(); // a scrape
      monitor.unregister("db");
      monitor.register(HealthCheckConfig.builder("db").groups("live").build(), HealthResult::up);
      meters.get("health.checks").gauge().value(); // a scrape
      assertThat(meters.find("health.check.status").tags("check", "db", "group", "live").gauge())
          .as("health_check_status{check=db,group=live}")
          .isNotNull();
      assertThat(gauge("health.check.status", "check", "db", "group", "live"))
          .as("the check in its new group")
          .isNotNaN();
      assertThat(gauge("health.check.status", "check", "db", "group", "ready"))
          .as("db is no longer in ready: its ready series reads NaN, as an unregistered check's")
          .isNaN();
    }
  }

  /**
   * Series of a check registered after binding are registered during the scrape that discovers
   * them, so that scrape may miss them (HealthMetrics' Javadoc says so), but the next one has them.
   */
  @Test
  void aCheckRegisteredAfterBindingIsInTheSecondPrometheusScrapeAtTheLatest() {
    ManualTicker ticker = new ManualTicker();
    try (HealthMonitor monitor = monitor(ticker, new ManualScheduler(ticker))) {
      for (int i = 0; i < 20; i++) { // the order of collection varies from registry to registry
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        LeveeMetrics.builder().health(monitor).build().bindTo(prometheus);
        monitor.register(
            HealthCheckConfig.builder("late-" + i).groups("late_" + i).build(), HealthResult::up);
        prometheus.scrape();
        assertThat(prometheus.scrape())
            .as("registry %d: the second scrape after check late-%d was registered", i, i)
            .contains("health_check_status{check=\"late-" + i + "\",group=\"late_" + i + "\"}")
            .contains("health_check_duration_seconds{check=\"late-" + i + "\"}")
            .contains("health_status{group=\"late_" + i + "\"}");
      }
    }
  }
}
