package dev.levee.http.admission;

import dev.levee.common.internal.LogLimiter;
import dev.levee.http.HttpResponse;
import dev.levee.http.admission.Admission.Priority;
import dev.levee.http.admission.Admission.ShedReason;
import dev.levee.http.internal.ErrorBody;
import dev.levee.timeouts.Ticker;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@link Admission} does with a request it sheds: counts it by priority and reason, logs it
 * (at most once a second, with a count of the lines suppressed) and answers with one of the
 * decisions built once here, so shedding allocates nothing. Thread-safe.
 */
final class Shedding {
  private static final Logger LOG = LoggerFactory.getLogger(Admission.class);
  private static final int REASONS = ShedReason.values().length;

  private final String name;
  private final Ticker ticker;
  private final AdmissionDecision[] decisions; // by priority and reason
  private final LongAdder[] counts;
  private final LogLimiter log = new LogLimiter();

  /**
   * @param retryAfter the {@code Retry-After} of requests shed by the concurrency limit, seconds
   * @param rateRetryAfter that of requests shed by the rate limiter, seconds
   */
  Shedding(String name, Ticker ticker, int retryAfter, int rateRetryAfter) {
    this.name = name;
    this.ticker = ticker;
    int n = Priority.values().length * REASONS;
    this.decisions = new AdmissionDecision[n];
    this.counts = new LongAdder[n];
    for (Priority p : Priority.values()) {
      for (ShedReason r : ShedReason.values()) {
        int after = r == ShedReason.RATE_LIMIT ? rateRetryAfter : retryAfter;
        decisions[index(p, r)] = AdmissionDecision.shed(p, r, response(r, after), after);
        counts[index(p, r)] = new LongAdder();
      }
    }
  }

  AdmissionDecision shed(Priority priority, ShedReason reason) {
    int i = index(priority, reason);
    counts[i].increment();
    long suppressed = log.admit(ticker.read());
    if (suppressed >= 0) {
      LOG.atWarn()
          .addKeyValue("component", "admission")
          .addKeyValue("name", name)
          .addKeyValue("priority", priority.tag())
          .addKeyValue("reason", reason.tag())
          .addKeyValue("suppressed", suppressed)
          .log(
              "admission \"{}\" shed a {} request: {} ({} similar lines suppressed in the last"
                  + " second)",
              name,
              priority.tag(),
              reason.tag(),
              suppressed);
    }
    return decisions[i];
  }

  long count(Priority priority, ShedReason reason) {
    return counts[index(priority, reason)].sum();
  }

  private static int index(Priority priority, ShedReason reason) {
    return priority.ordinal() * REASONS + reason.ordinal();
  }

  private static HttpResponse response(ShedReason reason, int retryAfter) {
    String why =
        reason == ShedReason.RATE_LIMIT
            ? "overloaded: request rate over the limit"
            : "overloaded: too many requests in progress";
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("Cache-Control", "no-store");
    headers.put("Retry-After", Integer.toString(retryAfter));
    return HttpResponse.of(
        503, headers, ErrorBody.json(why + "; retry after " + retryAfter + " s"));
  }
}
