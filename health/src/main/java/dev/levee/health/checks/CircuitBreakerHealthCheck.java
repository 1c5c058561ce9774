package dev.levee.health.checks;

import dev.levee.core.CircuitBreaker;
import dev.levee.core.CircuitBreakerConfig;
import dev.levee.core.CircuitBreakerState;
import dev.levee.core.Registry;
import dev.levee.health.HealthCheck;
import dev.levee.health.HealthResult;
import dev.levee.health.Status;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Judges a registry's circuit breakers: an OPEN or FORCED_OPEN breaker makes the check DEGRADED by
 * default, or DOWN for breakers named with {@link Builder#downWhenOpen(String...)}; a HALF_OPEN one
 * makes it DEGRADED. Each breaker's state is in the data ({@code db: OPEN}).
 *
 * <p>Why DEGRADED by default: a breaker opens because a dependency fails, and that dependency fails
 * for every instance at once. If readiness went DOWN, every instance would leave the load balancer
 * together and the service would stop answering even what it could still answer. Name a breaker as
 * DOWN-when-open only when the instance is useless without that dependency.
 */
// Names dev.levee.core's types, which this module does not pass on (requires, not requires
// transitive): whoever has a breaker or a tracker to check reads dev.levee.core already.
@SuppressWarnings("exports")
public final class CircuitBreakerHealthCheck implements HealthCheck {
  private final Registry<CircuitBreaker, CircuitBreakerConfig> breakers;
  private final Map<String, Status> whenOpen;

  private CircuitBreakerHealthCheck(Builder b) {
    this.breakers = b.breakers;
    this.whenOpen = Map.copyOf(b.whenOpen);
  }

  /**
   * Starts a check of every breaker in {@code breakers}, now and later.
   *
   * @param breakers the registry
   * @return a builder
   */
  public static Builder builder(Registry<CircuitBreaker, CircuitBreakerConfig> breakers) {
    return new Builder(Objects.requireNonNull(breakers, "breakers"));
  }

  @Override
  public HealthResult check() {
    Status worst = Status.UP;
    List<String> reasons = new ArrayList<>();
    Map<String, Object> data = new TreeMap<>();
    for (Map.Entry<String, CircuitBreaker> e : breakers.all().entrySet()) {
      CircuitBreakerState state = e.getValue().state();
      data.put(e.getKey(), state.name());
      Status s;
      switch (state) {
        case OPEN:
        case FORCED_OPEN:
          s = whenOpen.getOrDefault(e.getKey(), Status.DEGRADED);
          break;
        case HALF_OPEN:
          s = Status.DEGRADED;
          break;
        default:
          s = Status.UP;
      }
      if (s != Status.UP) {
        reasons.add(e.getKey() + " is " + state);
      }
      worst = worst.worse(s);
    }
    // Keys are breaker names and values states: nothing to mask, whatever a breaker is called.
    return HealthResult.of(
            worst, reasons.isEmpty() ? null : "circuit breaker " + String.join(", ", reasons))
        .withNamedData(data);
  }

  /** Builds a {@link CircuitBreakerHealthCheck}. Not thread-safe. */
  public static final class Builder {
    private final Registry<CircuitBreaker, CircuitBreakerConfig> breakers;
    private final Map<String, Status> whenOpen = new HashMap<>();

    private Builder(Registry<CircuitBreaker, CircuitBreakerConfig> breakers) {
      this.breakers = breakers;
    }

    /**
     * Makes these breakers' OPEN state DOWN rather than DEGRADED.
     *
     * @param names breaker names
     * @return this builder
     */
    public Builder downWhenOpen(String... names) {
      for (String n : names) {
        whenOpen.put(Objects.requireNonNull(n, "name"), Status.DOWN);
      }
      return this;
    }

    /**
     * Builds the check.
     *
     * @return the check
     */
    public CircuitBreakerHealthCheck build() {
      return new CircuitBreakerHealthCheck(this);
    }
  }
}
