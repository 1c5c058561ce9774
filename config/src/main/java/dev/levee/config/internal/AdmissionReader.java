package dev.levee.config.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.levee.config.AdmissionSpec;
import dev.levee.http.admission.Admission;
import java.util.Map;

/**
 * Reads {@code admission:}: each named admission control's adaptive limiter and rate limiter (by
 * name, resolved as a pipeline's stages are: a configured instance or {@code default}, else a
 * problem with a "did you mean"), critical header, sheddable share, {@code Retry-After} and probe
 * paths. Each value is judged by {@link Admission.Builder}'s own rule (through {@link
 * AdmissionSpec.Builder}), so a bad one is reported at its path with its value and the rule.
 */
final class AdmissionReader {
  private AdmissionReader() {}

  /**
   * Reads every admission control.
   *
   * @param tree the whole configuration tree, for the limiters each family configures
   * @param s the {@code admission} section
   * @param out takes each admission control that has no problem
   * @param relaxed whether keys match whatever their case and separators
   */
  static void read(JsonNode tree, Section s, Map<String, AdmissionSpec> out, boolean relaxed) {
    for (String name : s.names()) {
      Section a = s.section(name);
      int before = a.problemCount();
      AdmissionSpec.Builder b;
      try {
        b = AdmissionSpec.builder(name);
      } catch (IllegalArgumentException e) {
        a.problemHere(String.valueOf(e.getMessage()));
        continue;
      }
      a.string(
          "adaptive_limiter",
          ref ->
              b.adaptiveLimiter(
                  PipelineReader.resolved(
                      tree, "adaptive_limiter", "adaptive limiter", ref, relaxed)));
      a.string(
          "rate_limiter",
          ref ->
              b.rateLimiter(
                  PipelineReader.resolved(tree, "rate_limiter", "rate limiter", ref, relaxed)));
      criticalHeader(a, name, b);
      a.number("sheddable_share", b::sheddableShare);
      a.duration("retry_after", b::retryAfter);
      a.stringList("probe_paths", b::probePaths);
      a.rejectUnknownKeys();
      boolean named = a.has("adaptive_limiter") || a.has("rate_limiter");
      if (!named) {
        a.problemHere("must name an adaptive_limiter or a rate_limiter (or both)");
      }
      if (a.problemCount() == before) {
        out.put(name, b.build());
      }
    }
    s.rejectUnknownKeys();
  }

  /** {@code critical_header: { name: X-Priority, value: critical }}: both, each not blank. */
  private static void criticalHeader(Section a, String admission, AdmissionSpec.Builder b) {
    if (!a.has("critical_header")) {
      return;
    }
    int before = a.problemCount();
    Section h = a.section("critical_header");
    String[] header = {null, null};
    // Admission's own rule for each, with a stand-in for the other.
    h.string(
        "name",
        n -> {
          Admission.builder(admission).criticalHeader(n, "critical");
          header[0] = n;
        });
    h.string(
        "value",
        v -> {
          Admission.builder(admission).criticalHeader("X-Priority", v);
          header[1] = v;
        });
    h.rejectUnknownKeys();
    if (h.problemCount() == before) {
      if (header[0] == null || header[1] == null) {
        h.problemHere("must set both name and value, as { name: X-Priority, value: critical }");
      } else {
        b.criticalHeader(header[0], header[1]);
      }
    }
  }
}
