package dev.levee.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levee.core.CircuitBreaker;
import dev.levee.core.CircuitBreakerConfig;
import dev.levee.core.CircuitBreakerState;
import dev.levee.core.Pipeline;
import dev.levee.timeouts.Ticker;
import dev.levee.timeouts.testing.ManualTicker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The opt-in per-call timer: what it records, and that it costs nothing until bound. */
class PipelineTimerTest {
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final ManualTicker ticker = new ManualTicker();
  private final CircuitBreaker breaker =
      CircuitBreaker.of("db", CircuitBreakerConfig.builder("db").build());

  private Timer timer(String name, String result) {
    return meters.get(name).tags("name", "orders", "result", result).timer();
  }

  @Test
  void timesCallsBySuccessFailureAndRejection() {
    PipelineTimer timer = PipelineTimer.builder("orders").ticker(ticker).build();
    Pipeline orders = Pipeline.builder("orders").circuitBreaker(breaker).observer(timer).build();
    LeveeMetrics.builder().pipelineTimer(timer).build().bindTo(meters);

    orders.run(() -> ticker.advance(Duration.ofMillis(5)));
    orders.run(() -> ticker.advance(Duration.ofMillis(7)));
    assertThatThrownBy(
            () ->
                orders.run(
                    () -> {
                      ticker.advance(Duration.ofMillis(30));
                      throw new IllegalStateException("db down");
                    }))
        .hasMessage("db down");
    breaker.transitionTo(CircuitBreakerState.FORCED_OPEN, "test");
    assertThatThrownBy(() -> orders.run(() -> ticker.advance(Duration.ofSeconds(1))))
        .isSameAs(breaker.rejection());

    Timer ok = timer("pipeline.calls", "successful");
    assertThat(ok.count()).isEqualTo(2);
    assertThat(ok.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(12.0);
    assertThat(ok.max(TimeUnit.MILLISECONDS)).isEqualTo(7.0);
    Timer failed = timer("pipeline.calls", "failed");
    assertThat(failed.count()).isEqualTo(1);
    assertThat(failed.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(30.0);
    Timer rejected = timer("pipeline.calls", "rejected");
    assertThat(rejected.count()).isEqualTo(1);
    assertThat(rejected.totalTime(TimeUnit.MILLISECONDS))
        .as("a rejection never ran the call")
        .isZero();
  }

  @Test
  void asyncCallsAreTimedWhenTheyComplete() {
    PipelineTimer timer = PipelineTimer.builder("orders").ticker(ticker).build();
    Pipeline orders = Pipeline.builder("orders").observer(timer).build();
    timer.bindTo(meters);
    CompletableFuture<String> pending = new CompletableFuture<>();
    CompletableFuture<String> outcome = orders.callAsync(() -> pending);
    ticker.advance(Duration.ofMillis(40));
    assertThat(timer("pipeline.calls", "successful").count()).as("not done yet").isZero();
    pending.completeExceptionally(new IllegalStateException("late"));
    assertThat(outcome).isCompletedExceptionally();
    assertThat(timer("pipeline.calls", "failed").count()).isEqualTo(1);
    assertThat(timer("pipeline.calls", "failed").totalTime(TimeUnit.MILLISECONDS)).isEqualTo(40.0);
  }

  @Test
  void anUnboundTimerRecordsNothingAndReadsNoTicker() {
    AtomicInteger reads = new AtomicInteger();
    Ticker counting =
        () -> {
          reads.incrementAndGet();
          return ticker.read();
        };
    PipelineTimer timer = PipelineTimer.builder("orders").ticker(counting).build();
    Pipeline orders = Pipeline.builder("orders").observer(timer).build();
    assertThat(orders.get(() -> 42)).isEqualTo(42);
    assertThat(reads.get()).isZero();
    timer.bindTo(meters);
    orders.run(() -> {});
    assertThat(reads.get()).as("start and end").isEqualTo(2);
    assertThat(timer("pipeline.calls", "successful").count()).isEqualTo(1);
  }

  @Test
  void bindsOnceWithThePrefix() {
    PipelineTimer timer = PipelineTimer.create("orders");
    LeveeMetrics.builder().prefix("levee").pipelineTimer(timer).build().bindTo(meters);
    assertThat(meters.find("levee.pipeline.calls").timers()).hasSize(3);
    assertThatThrownBy(() -> timer.bindTo(new SimpleMeterRegistry()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("pipeline timer \"orders\" is already bound");
    assertThatThrownBy(() -> PipelineTimer.create(" "))
        .hasMessage("pipelineTimer: name must not be blank");
  }

  @Test
  void aFailedBindLeavesNothingAndCanBeRetried() {
    SimpleMeterRegistry clashing = new SimpleMeterRegistry();
    Gauge.builder("pipeline.calls", () -> 1)
        .tags("name", "orders", "result", "rejected") // the third timer's id: two come before it
        .register(clashing);
    PipelineTimer timer = PipelineTimer.create("orders");
    assertThatThrownBy(() -> timer.bindTo(clashing)).isInstanceOf(IllegalArgumentException.class);
    assertThat(clashing.find("pipeline.calls").timers())
        .as("the timers registered before the failure are removed")
        .isEmpty();
    assertThat(clashing.find("pipeline.calls").gauges()).as("the clashing gauge stays").hasSize(1);
    timer.bindTo(meters); // bound nowhere yet: not "already bound"
    assertThat(meters.find("pipeline.calls").timers()).hasSize(3);
  }

  @Test
  void aThrowingObserverNeverChangesTheOutcome() {
    Pipeline orders =
        Pipeline.builder("orders")
            .observer(
                new dev.levee.core.CallObserver() {
                  @Override
                  public long onStart() {
                    throw new IllegalStateException("observer broke");
                  }

                  @Override
                  public void onEnd(long token, Throwable failure) {
                    throw new IllegalStateException("observer broke again");
                  }
                })
            .build();
    assertThat(orders.get(() -> "ok")).isEqualTo("ok");
    assertThatThrownBy(
            () ->
                orders.run(
                    () -> {
                      throw new IllegalArgumentException("the call's own");
                    }))
        .hasMessage("the call's own");
  }
}
