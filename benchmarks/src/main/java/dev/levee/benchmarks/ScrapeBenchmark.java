package dev.levee.benchmarks;

import dev.levee.core.CircuitBreaker;
import dev.levee.core.CircuitBreakerConfig;
import dev.levee.core.Registry;
import dev.levee.core.Retry;
import dev.levee.core.RetryConfig;
import dev.levee.health.HealthCheckConfig;
import dev.levee.health.HealthMonitor;
import dev.levee.health.HealthResult;
import dev.levee.metrics.LeveeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.CompletableFuture;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One Prometheus scrape of 1,000 circuit breakers, 1,000 retries and 100 health checks (17,210
 * series), sampled: JMH reports the median and p99. Divide {@code gc.alloc.rate.norm} by the meter
 * count printed at setup for the allocation per meter. {@code baseline}: as many plain Micrometer
 * meters of constant values, with the same names and tags (what the registry itself costs); Levee's
 * goal is a median at most 1.1 times the baseline's in one run.
 *
 * <p>Each scrape allocates about 28 MB, so the heap is fixed ({@code -Xms2g -Xmx2g}, touched at
 * start) for both rows: how often the collector runs, and whether it is still growing the heap,
 * then depends neither on the machine's memory nor on the row. Three forks by default, and five
 * warm-up iterations (about 300 scrapes, more than C2 needs to compile the registry's collecting
 * loops).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 8, time = 2)
@Fork(
    value = 3,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class ScrapeBenchmark {
  private PrometheusMeterRegistry prometheus;
  private PrometheusMeterRegistry plain;
  private HealthMonitor monitor;

  /** Builds the registries and binds them. */
  @Setup
  public void setUp() {
    prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Registry<CircuitBreaker, CircuitBreakerConfig> breakers =
        CircuitBreaker.registry(CircuitBreakerConfig.defaults());
    Registry<Retry, RetryConfig> retries = Retry.registry(RetryConfig.defaults());
    for (int i = 0; i < 1000; i++) {
      breakers.getOrCreate("breaker-" + i).run(() -> {});
      retries.getOrCreate("retry-" + i).run(() -> {});
    }
    // The checks never run (a scheduler that drops tasks): the scrape reads cached reports only.
    monitor =
        HealthMonitor.builder().scheduler((task, delay, unit) -> new CompletableFuture<>()).build();
    for (int i = 0; i < 100; i++) {
      monitor.register(HealthCheckConfig.builder("check-" + i).build(), HealthResult::up);
    }
    LeveeMetrics.builder()
        .circuitBreakers(breakers)
        .retries(retries)
        .health(monitor)
        .build()
        .bindTo(prometheus);
    prometheus.scrape();
    System.out.println("meters: " + prometheus.getMeters().size());
    // The anchor: as many plain Micrometer gauges and counters, of constant values, with the
    // same names and tags: what the Prometheus registry itself costs per series.
    plain = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    for (io.micrometer.core.instrument.Meter m : prometheus.getMeters()) {
      io.micrometer.core.instrument.Meter.Id id = m.getId();
      if (id.getType() == io.micrometer.core.instrument.Meter.Type.COUNTER) {
        io.micrometer.core.instrument.FunctionCounter.builder(id.getName(), this, x -> 1.0)
            .tags(id.getTags())
            .description(id.getDescription())
            .register(plain);
      } else {
        io.micrometer.core.instrument.Gauge.builder(id.getName(), this, x -> 1.0)
            .tags(id.getTags())
            .description(id.getDescription())
            .baseUnit(id.getBaseUnit())
            .strongReference(true)
            .register(plain);
      }
    }
    System.out.println("plain meters: " + plain.getMeters().size());
  }

  /** Closes the monitor. */
  @TearDown
  public void tearDown() {
    monitor.close();
  }

  /**
   * One scrape of as many plain meters.
   *
   * @return the text
   */
  @Benchmark
  public String baseline() {
    return plain.scrape();
  }

  /**
   * One scrape.
   *
   * @return the text
   */
  @Benchmark
  public String levee() {
    return prometheus.scrape();
  }
}
