package dev.levee.health.checks;

import dev.levee.common.internal.Require;
import dev.levee.core.InFlightTracker;
import dev.levee.health.HealthCheck;
import dev.levee.health.HealthResult;
import dev.levee.timeouts.Durations;
import java.time.Duration;
import java.util.Objects;

/**
 * DEGRADED when calls tracked by an {@link InFlightTracker} have been in flight longer than a
 * threshold (default 30s): "3 requests hung longer than 30s". Calls that hang hold threads,
 * connections and locks; seeing them early is the point. The tracker ages a call from the first
 * check that sees it, so a hung call is found within one check interval after the threshold.
 * DEGRADED, not DOWN: a few hung calls rarely mean the instance should leave the load balancer;
 * {@link #downAt(int)} sets a count at which they do.
 */
// Names dev.levee.core's types, which this module does not pass on (requires, not requires
// transitive): whoever has a breaker or a tracker to check reads dev.levee.core already.
@SuppressWarnings("exports")
public final class HungCallsHealthCheck implements HealthCheck {
  private final InFlightTracker tracker;
  private final Duration threshold;
  private final int downAt;

  private HungCallsHealthCheck(InFlightTracker tracker, Duration threshold, int downAt) {
    this.tracker = Objects.requireNonNull(tracker, "tracker");
    this.threshold = Require.positive("hung calls check: threshold", threshold);
    this.downAt = Require.atLeast("hung calls check: downAt", downAt, 1);
  }

  /**
   * A check that calls are hung after 30s, DEGRADED from one hung call, never DOWN.
   *
   * @param tracker the tracker
   * @return the check
   */
  public static HungCallsHealthCheck of(InFlightTracker tracker) {
    return new HungCallsHealthCheck(tracker, Duration.ofSeconds(30), Integer.MAX_VALUE);
  }

  /**
   * A check with another threshold.
   *
   * @param tracker the tracker
   * @param threshold how long in flight counts as hung
   * @return the check
   */
  public static HungCallsHealthCheck of(InFlightTracker tracker, Duration threshold) {
    return new HungCallsHealthCheck(tracker, threshold, Integer.MAX_VALUE);
  }

  /**
   * This check, DOWN from {@code count} hung calls.
   *
   * @param count at least 1
   * @return a new check
   */
  public HungCallsHealthCheck downAt(int count) {
    return new HungCallsHealthCheck(tracker, threshold, count);
  }

  @Override
  public HealthResult check() {
    int hung = tracker.hungCount(threshold);
    int inFlight = tracker.inFlight();
    String reason =
        hung
            + (hung == 1 ? " request" : " requests")
            + " hung longer than "
            + Durations.format(threshold);
    HealthResult result =
        hung == 0
            ? HealthResult.up()
            : hung >= downAt ? HealthResult.down(reason) : HealthResult.degraded(reason);
    return result.withData("in_flight", inFlight).withData("hung", hung);
  }
}
