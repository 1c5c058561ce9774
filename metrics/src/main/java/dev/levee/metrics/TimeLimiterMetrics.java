package dev.levee.metrics;

import dev.levee.metrics.internal.ScrapeDiscovery;
import dev.levee.timeouts.TimeLimiter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.function.Function;

/**
 * Timeout violations of a {@link TimeLimiter} by operation: {@code
 * timeouts_violations_total{operation}}. An operation's series is registered by the first scrape
 * after its first violation (the limiter learns operation names as they run), during that scrape,
 * so it may first appear in the next one; {@code timeouts_operations} counts the operations that
 * have one. Thread-safe.
 */
public final class TimeLimiterMetrics implements MeterBinder {
  private final TimeLimiter limiter;
  private final Function<String, String> naming;

  TimeLimiterMetrics(TimeLimiter limiter, Function<String, String> naming) {
    this.limiter = Objects.requireNonNull(limiter, "limiter");
    this.naming = naming;
  }

  /**
   * Violation counters for {@code limiter}, unprefixed.
   *
   * @param limiter the limiter
   * @return the binder
   */
  public static TimeLimiterMetrics of(TimeLimiter limiter) {
    return new TimeLimiterMetrics(limiter, Function.identity());
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    ScrapeDiscovery.bind(
        registry,
        naming.apply("timeouts.operations"),
        "Operations that have run out of time at least once",
        () -> limiter.violationsByOperation().keySet(),
        (r, operation) ->
            FunctionCounter.builder(
                    naming.apply("timeouts.violations"),
                    limiter,
                    l -> l.violationsByOperation().getOrDefault(operation, 0L))
                .description("Operations that ran out of time")
                .tag("operation", operation)
                .register(r));
  }
}
