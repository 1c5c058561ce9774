package dev.levee.health.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.levee.core.CircuitBreakerStats;
import dev.levee.health.CheckReport;
import dev.levee.health.HealthGroup;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
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
    ByteArrayOutputStream out = new ByteArrayOutputStream(4096 + 400 * view.breakers().size());
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberField("version", StatusView.VERSION);
      g.writeStringField("generated_at", view.generatedAt().toString());
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
        details(g, view);
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("status JSON could not be written", e);
    }
    return out.toByteArray();
  }

  private static void details(JsonGenerator g, StatusView view) throws IOException {
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
      breaker(g, b);
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
      g.writeStringField("at", c.at().toString());
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

  private static void breaker(JsonGenerator g, StatusView.Breaker b) throws IOException {
    CircuitBreakerStats s = b.stats();
    g.writeStartObject();
    g.writeStringField("name", b.name());
    g.writeStringField("state", s.state().name());
    rate(g, "failure_rate", s.failureRate());
    rate(g, "slow_call_rate", s.slowCallRate());
    g.writeObjectFieldStart("window");
    g.writeNumberField("calls", s.bufferedCalls());
    g.writeNumberField("failures", s.failedCalls());
    g.writeNumberField("slow_calls", s.slowCalls());
    g.writeNumberField("successes", s.successfulCalls());
    g.writeEndObject();
    g.writeObjectFieldStart("totals");
    g.writeNumberField("successes", b.successes());
    g.writeNumberField("failures", b.failures());
    g.writeNumberField("slow_calls", b.slowCalls());
    g.writeNumberField("ignored", s.ignoredCalls());
    g.writeNumberField("rejected", s.rejectedCalls());
    g.writeEndObject();
    instant(g, "last_transition_at", s.lastTransitionAt());
    g.writeObjectFieldStart("series");
    ints(g, "calls", b.series().calls());
    ints(g, "failures", b.series().failures());
    ints(g, "rejections", b.series().rejections());
    g.writeEndObject();
    g.writeEndObject();
  }

  private static void ints(JsonGenerator g, String field, int[] values) throws IOException {
    g.writeFieldName(field);
    g.writeArray(values, 0, values.length);
  }

  private static void rate(JsonGenerator g, String field, double rate) throws IOException {
    if (rate < 0) {
      g.writeNullField(field);
    } else {
      g.writeNumberField(field, rate);
    }
  }

  private static void instant(JsonGenerator g, String field, Instant at) throws IOException {
    if (at == null) {
      g.writeNullField(field);
    } else {
      g.writeStringField(field, at.toString());
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
