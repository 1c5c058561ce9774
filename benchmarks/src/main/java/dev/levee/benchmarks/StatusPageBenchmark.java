package dev.levee.benchmarks;

import dev.levee.core.CircuitBreaker;
import dev.levee.core.CircuitBreakerConfig;
import dev.levee.core.Registry;
import dev.levee.health.HealthCheckConfig;
import dev.levee.health.HealthMonitor;
import dev.levee.health.HealthResult;
import dev.levee.health.StatusPage;
import dev.levee.http.HttpRequest;
import dev.levee.timeouts.testing.ManualScheduler;
import dev.levee.timeouts.testing.ManualTicker;
import java.time.Duration;
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
 * The status page's JSON and first view for 100 health checks and 1,000 circuit breakers, with the
 * charts' three-minute window full (180 samples per breaker), sampled: JMH reports the median and
 * p99. The bar: the JSON built in under 5 ms. Three rows: the whole JSON ({@code
 * leveeStatusJson}, what a new reader asks first: 540,000 samples), the JSON a polling page asks
 * every 1.5 s ({@code leveeStatusJsonPoll}, {@code ?since=}: the newest sample only), and the HTML
 * first view ({@code leveeStatusPage}: every row, the charts of the 50 busiest breakers). No
 * contender: Resilience4j and Failsafe have no such page.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StatusPageBenchmark {
  private HealthMonitor monitor;
  private StatusPage page;
  private HttpRequest whole;
  private HttpRequest poll;
  private HttpRequest html;

  /** Builds the monitor, the breakers and the page, and fills the charts' window. */
  @Setup
  public void setUp() {
    ManualTicker ticker = new ManualTicker();
    ManualScheduler scheduler = new ManualScheduler(ticker);
    monitor = HealthMonitor.builder().ticker(ticker).scheduler(scheduler).build();
    for (int i = 0; i < 100; i++) {
      monitor.register(
          HealthCheckConfig.builder("check-" + i).interval(Duration.ofHours(1)).build(),
          () -> HealthResult.up().withData("pool", 3));
    }
    Registry<CircuitBreaker, CircuitBreakerConfig> breakers =
        CircuitBreaker.registry(CircuitBreakerConfig.builder("default").ticker(ticker).build());
    for (int i = 0; i < 1000; i++) {
      breakers.getOrCreate("breaker-" + i);
    }
    page = StatusPage.builder(monitor).circuitBreakers(breakers).build();
    for (int s = 0; s < StatusPage.SAMPLES; s++) {
      for (CircuitBreaker b : breakers.all().values()) {
        b.run(() -> {});
      }
      scheduler.advance(Duration.ofSeconds(1));
    }
    whole = HttpRequest.builder("GET", "/status/status.json").loopback(true).build();
    poll =
        HttpRequest.builder("GET", "/status/status.json")
            .rawQuery("since=" + (StatusPage.SAMPLES - 2))
            .loopback(true)
            .build();
    html = HttpRequest.builder("GET", "/status").loopback(true).build();
    System.out.println(
        "JSON: "
            + page.handle(whole).body().length
            + " bytes whole, "
            + page.handle(poll).body().length
            + " bytes per poll; HTML: "
            + page.handle(html).body().length
            + " bytes");
  }

  /** Closes the monitor, and with it the page's sampler. */
  @TearDown
  public void tearDown() {
    monitor.close();
  }

  /**
   * The whole JSON, every sample of every breaker.
   *
   * @return the body
   */
  @Benchmark
  public byte[] leveeStatusJson() {
    return page.handle(whole).body();
  }

  /**
   * The JSON a polling page asks for: the newest sample only.
   *
   * @return the body
   */
  @Benchmark
  public byte[] leveeStatusJsonPoll() {
    return page.handle(poll).body();
  }

  /**
   * The page, its first view rendered.
   *
   * @return the body
   */
  @Benchmark
  public byte[] leveeStatusPage() {
    return page.handle(html).body();
  }
}
