package dev.levee.metrics;

import dev.levee.http.admission.Admission;
import dev.levee.http.admission.Admission.Outcome;
import dev.levee.http.admission.Admission.Priority;
import dev.levee.http.admission.Admission.ShedReason;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.function.Function;

/**
 * The decisions of an {@link Admission}, read at scrape time. Prometheus names, each tagged with
 * the admission's {@code name}:
 *
 * <ul>
 *   <li>{@code admission_admitted_total{name,priority}}: requests let through, {@code priority}
 *       {@code critical} or {@code sheddable} (probes are not counted);
 *   <li>{@code admission_shed_total{name,priority,reason}}: requests answered 503, {@code reason}
 *       {@code concurrency_limit} or {@code rate_limit};
 *   <li>{@code admission_finished_total{name,outcome}}: admitted requests ended, {@code outcome}
 *       {@code success}, {@code dropped}, {@code ignored} or {@code failed} (what the concurrency
 *       limiter was told);
 *   <li>{@code admission_in_flight{name}}: admitted requests not yet ended.
 * </ul>
 *
 * <p>The concurrency limiter's own series (its limit) come from binding the limiter itself. Binding
 * adds nothing to a request. Thread-safe.
 */
public final class AdmissionMetrics implements MeterBinder {
  private final Admission admission;
  private final Function<String, String> naming;

  AdmissionMetrics(Admission admission, Function<String, String> naming) {
    this.admission = Objects.requireNonNull(admission, "admission");
    this.naming = naming;
  }

  /**
   * The meters of {@code admission}, unprefixed ({@link LeveeMetrics.Builder#admission} binds them
   * with its prefix and renames).
   *
   * @param admission the admission control
   * @return the binder
   */
  public static AdmissionMetrics of(Admission admission) {
    return new AdmissionMetrics(admission, Function.identity());
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    String name = admission.name();
    for (Priority p : new Priority[] {Priority.CRITICAL, Priority.SHEDDABLE}) {
      FunctionCounter.builder(
              naming.apply("admission.admitted"), admission, a -> a.admittedCount(p))
          .description("Requests admitted, by priority")
          .tags("name", name, "priority", p.tag())
          .register(registry);
      for (ShedReason r : ShedReason.values()) {
        FunctionCounter.builder(naming.apply("admission.shed"), admission, a -> a.shedCount(p, r))
            .description("Requests shed with a 503, by priority and reason")
            .tags("name", name, "priority", p.tag(), "reason", r.tag())
            .register(registry);
      }
    }
    for (Outcome o : Outcome.values()) {
      FunctionCounter.builder(
              naming.apply("admission.finished"), admission, a -> a.finishedCount(o))
          .description("Admitted requests ended, by what the limiter was told")
          .tags("name", name, "outcome", o.tag())
          .register(registry);
    }
    Gauge.builder(naming.apply("admission.in.flight"), admission, a -> a.inFlight())
        .description("Admitted requests not yet ended")
        .tag("name", name)
        .strongReference(true)
        .register(registry);
  }
}
