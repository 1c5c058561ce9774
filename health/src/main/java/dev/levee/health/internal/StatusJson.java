package dev.levee.health.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.levee.core.CircuitBreakerStats;
import dev.levee.health.CheckReport;
import dev.levee.health.HealthGroup;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link StatusView} as the status page's JSON, version {@value StatusView#VERSION}; the
 * shape is documented on {@code dev.levee.health.StatusPage} and in {@code docs/status-json.md}.
 * Streamed with Jackson's generator (no tree): 1,000 breakers make one pass over the view.
 */
public final class StatusJson {
  private static final JsonFactory FACTORY = new JsonFactory();

  private StatusJson() {}

  /**
   * The JSON of {@code view}.
   *
   * @param view the view
   * @return UTF-8 JSON
   */
  public static byte[] write(StatusView view) {
    // Sized for the usual answer (single-digit counts), so that the buffer rarely grows.
    int perBreaker = 480 + 6 * view.samples().size();
    Bytes out = new Bytes(4096 + 400 * view.checks().size() + perBreaker * view.breakers().size());
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberField("version", StatusView.VERSION);
      g.writeStringField("generated_at", IsoInstant.format(view.generatedAt()));
      g.writeStringField("title", view.title());
      g.writeBooleanField("details", view.details());
      g.writeStringField("status", view.status().name());
      g.writeArrayFieldStart("groups");
      for (StatusView.Group group : view.groups()) {
        g.writeStartObject();
        g.writeStringField("name", group.name());
        g.writeStringField("status", group.status().name());
        g.writeEndObject();
      }
      g.writeEndArray();
      if (view.details()) {
        details(g, view, out);
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("status JSON could not be written", e);
    }
    return out.toByteArray();
  }

  /** A {@link ByteArrayOutputStream} without its lock: the generator is its only writer. */
  private static final class Bytes extends ByteArrayOutputStream {
    Bytes(int size) {
      super(size);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      if (count + len > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + len));
      }
      System.arraycopy(b, off, buf, count, len);
      count += len;
    }

    /** Appends {@code [1,0,3]}; counts are never negative (the sampler clamps them). */
    void ints(int[] values) {
      if (count + 2 + 11 * values.length > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + 2 + 11 * values.length));
      }
      byte[] b = buf;
      int at = count;
      b[at++] = '[';
      for (int i = 0; i < values.length; i++) {
        if (i > 0) {
          b[at++] = ',';
        }
        int v = values[i];
        if (v < 10) {
          b[at++] = (byte) ('0' + v); // the usual count: one breaker's calls in a second
        } else {
          int end = at + digits(v);
          for (int j = end - 1; j >= at; j--) {
            b[j] = (byte) ('0' + v % 10);
            v /= 10;
          }
          at = end;
        }
      }
      b[at++] = ']';
      count = at;
    }

    private static int digits(int v) {
      int n = 1;
      while (v >= 10) {
        v /= 10;
        n++;
      }
      return n;
    }
  }

  private static void details(JsonGenerator g, StatusView view, Bytes out) throws IOException {
    g.writeObjectFieldStart("info");
    for (Map.Entry<String, String> e : view.info().entrySet()) {
      g.writeStringField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
    g.writeArrayFieldStart("checks");
    for (CheckReport c : view.checks()) {
      check(g, c);
    }
    g.writeEndArray();
    CallRates.Window w = view.samples();
    g.writeObjectFieldStart("samples");
    g.writeNumberField("interval_ms", w.intervalMillis());
    g.writeNumberField("first", w.first());
    g.writeNumberField("last", w.last());
    instant(g, "last_at", w.lastAt());
    g.writeEndObject();
    g.writeArrayFieldStart("circuit_breakers");
    for (StatusView.Breaker b : view.breakers()) {
      breaker(g, b, out);
    }
    g.writeEndArray();
    g.writeArrayFieldStart("rate_limiters");
    for (StatusView.Limiter l : view.rateLimiters()) {
      g.writeStartObject();
      g.writeStringField("name", l.name());
      g.writeNumberField("permitted", l.permitted());
      g.writeNumberField("rejected", l.rejected());
      g.writeNumberField("available", l.available());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeArrayFieldStart("bulkheads");
    for (StatusView.BulkheadRow h : view.bulkheads()) {
      g.writeStartObject();
      g.writeStringField("name", h.name());
      g.writeNumberField("in_flight", h.inFlight());
      g.writeNumberField("max_concurrent", h.maxConcurrent());
      g.writeNumberField("rejected", h.rejected());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeArrayFieldStart("retries");
    for (StatusView.RetryRow r : view.retries()) {
      g.writeStartObject();
      g.writeStringField("name", r.name());
      g.writeNumberField("success_without_retry", r.successWithoutRetry());
      g.writeNumberField("success_with_retry", r.successWithRetry());
      g.writeNumberField("failed_without_retry", r.failedWithoutRetry());
      g.writeNumberField("failed_with_retry", r.failedWithRetry());
      g.writeNumberField("retries", r.retries());
      g.writeNumberField("budget_exhausted", r.budgetExhausted());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeArrayFieldStart("timeline");
    for (StatusView.Change c : view.timeline()) {
      g.writeStartObject();
      g.writeStringField("at", IsoInstant.format(c.at()));
      g.writeStringField("kind", c.kind());
      g.writeStringField("name", c.name());
      g.writeStringField("from", c.from());
      g.writeStringField("to", c.to());
      g.writeStringField("reason", c.reason());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void check(JsonGenerator g, CheckReport c) throws IOException {
    g.writeStartObject();
    g.writeStringField("name", c.name());
    g.writeStringField("status", c.status().name());
    g.writeBooleanField("pending", c.pending());
    g.writeBooleanField("critical", c.critical());
    g.writeArrayFieldStart("groups");
    List<String> groups = new ArrayList<>();
    for (HealthGroup group : c.groups()) {
      groups.add(group.name());
    }
    Collections.sort(groups);
    for (String group : groups) {
      g.writeString(group);
    }
    g.writeEndArray();
    g.writeStringField("reason", c.reason());
    g.writeStringField("error", c.error());
    if (c.duration() == null) {
      g.writeNullField("duration_ms");
    } else {
      g.writeNumberField("duration_ms", c.duration().toNanos() / 1e6);
    }
    instant(g, "checked_at", c.checkedAt());
    instant(g, "since", c.since());
    g.writeNumberField("consecutive_failures", c.consecutiveFailures());
    g.writeNumberField("consecutive_successes", c.consecutiveSuccesses());
    g.writeObjectFieldStart("data");
    for (Map.Entry<String, Object> d : c.data().entrySet()) {
      value(g, d.getKey(), d.getValue());
    }
    g.writeEndObject();
    g.writeEndObject();
  }

  // The breakers' field names, encoded once: 1,000 breakers write 20,000 of them.
  private static final SerializedString NAME = new SerializedString("name");
  private static final SerializedString STATE = new SerializedString("state");
  private static final SerializedString FAILURE_RATE = new SerializedString("failure_rate");
  private static final SerializedString SLOW_CALL_RATE = new SerializedString("slow_call_rate");
  private static final SerializedString WINDOW = new SerializedString("window");
  private static final SerializedString CALLS = new SerializedString("calls");
  private static final SerializedString FAILURES = new SerializedString("failures");
  private static final SerializedString SLOW_CALLS = new SerializedString("slow_calls");
  private static final SerializedString SUCCESSES = new SerializedString("successes");
  private static final SerializedString TOTALS = new SerializedString("totals");
  private static final SerializedString IGNORED = new SerializedString("ignored");
  private static final SerializedString REJECTED = new SerializedString("rejected");
  private static final SerializedString LAST_TRANSITION_AT =
      new SerializedString("last_transition_at");
  private static final SerializedString SERIES = new SerializedString("series");
  private static final SerializedString REJECTIONS = new SerializedString("rejections");

  private static void breaker(JsonGenerator g, StatusView.Breaker b, Bytes out) throws IOException {
    CircuitBreakerStats s = b.stats();
    g.writeStartObject();
    g.writeFieldName(NAME);
    g.writeString(b.name());
    g.writeFieldName(STATE);
    g.writeString(s.state().name());
    rate(g, FAILURE_RATE, s.failureRate());
    rate(g, SLOW_CALL_RATE, s.slowCallRate());
    g.writeFieldName(WINDOW);
    g.writeStartObject();
    number(g, CALLS, s.bufferedCalls());
    number(g, FAILURES, s.failedCalls());
    number(g, SLOW_CALLS, s.slowCalls());
    number(g, SUCCESSES, s.successfulCalls());
    g.writeEndObject();
    g.writeFieldName(TOTALS);
    g.writeStartObject();
    number(g, SUCCESSES, b.successes());
    number(g, FAILURES, b.failures());
    number(g, SLOW_CALLS, b.slowCalls());
    number(g, IGNORED, s.ignoredCalls());
    number(g, REJECTED, s.rejectedCalls());
    g.writeEndObject();
    g.writeFieldName(LAST_TRANSITION_AT);
    if (s.lastTransitionAt() == null) {
      g.writeNull();
    } else {
      g.writeString(IsoInstant.format(s.lastTransitionAt()));
    }
    g.writeFieldName(SERIES);
    g.writeStartObject();
    ints(g, CALLS, b.series().calls(), out);
    ints(g, FAILURES, b.series().failures(), out);
    ints(g, REJECTIONS, b.series().rejections(), out);
    g.writeEndObject();
    g.writeEndObject();
  }

  private static void number(JsonGenerator g, SerializedString field, long value)
      throws IOException {
    g.writeFieldName(field);
    g.writeNumber(value);
  }

  /**
   * {@code [1,0,3]}, as {@code writeArray} would write it, formatted straight into the output: the
   * generator checks its context and writes a separator for every number it is given (and its
   * {@code writeRaw} checks every char), which for the 540,000 counts of 1,000 breakers' charts was
   * half the time of the whole JSON. The generator writes the field and its colon ({@code
   * writeRawValue("")} is a value to it), flushes its buffer, and the array follows in {@code out},
   * the stream it writes to; it then carries on after it, its context right.
   */
  private static void ints(JsonGenerator g, SerializedString field, int[] values, Bytes out)
      throws IOException {
    g.writeFieldName(field);
    g.writeRawValue("");
    g.flush();
    out.ints(values);
  }

  private static void rate(JsonGenerator g, SerializedString field, double rate)
      throws IOException {
    g.writeFieldName(field);
    if (rate < 0) {
      g.writeNull();
    } else {
      g.writeNumber(rate);
    }
  }

  private static void instant(JsonGenerator g, String field, Instant at) throws IOException {
    if (at == null) {
      g.writeNullField(field);
    } else {
      g.writeStringField(field, IsoInstant.format(at));
    }
  }

  private static void value(JsonGenerator g, String field, Object value) throws IOException {
    if (value instanceof Boolean) {
      g.writeBooleanField(field, (Boolean) value);
    } else if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      g.writeNumberField(field, ((Number) value).longValue());
    } else if (value instanceof Number) {
      g.writeNumberField(field, ((Number) value).doubleValue());
    } else {
      g.writeStringField(field, String.valueOf(value));
    }
  }
}
