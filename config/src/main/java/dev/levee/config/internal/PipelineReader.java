package dev.levee.config.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.levee.common.internal.DidYouMean;
import dev.levee.config.LeveeConfig.PipelineSpec;
import dev.levee.core.Pipeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code pipelines:}: each named pipeline's timeout and the names of its retry, circuit
 * breaker, rate limiter, bulkhead, adaptive limiter and hedge. A name must be one of the family's
 * configured instances (under {@code resilience.<family>.instances}) or {@code default}; anything
 * else is a problem at its path with a "did you mean", so that a misspelt name never quietly makes
 * a new instance from the defaults.
 */
final class PipelineReader {
  /** The family's key under {@code resilience:} and in a pipeline, and its name in messages. */
  private record Family(String key, String shown) {}

  private static final List<Family> FAMILIES =
      List.of(
          new Family("retry", "retry"),
          new Family("circuit_breaker", "circuit breaker"),
          new Family("rate_limiter", "rate limiter"),
          new Family("bulkhead", "bulkhead"),
          new Family("adaptive_limiter", "adaptive limiter"),
          new Family("hedge", "hedge"));

  private PipelineReader() {}

  /**
   * Reads every pipeline.
   *
   * @param tree the whole configuration tree, for the instances each family configures
   * @param s the {@code pipelines} section
   * @param out takes each pipeline that has no problem
   * @param relaxed whether keys match whatever their case and separators
   */
  static void read(JsonNode tree, Section s, Map<String, PipelineSpec> out, boolean relaxed) {
    for (String name : s.names()) {
      Section p = s.section(name);
      int before = p.problemCount();
      Duration[] timeout = {null};
      String[] refs = new String[FAMILIES.size()];
      p.duration(
          "timeout",
          d -> {
            Pipeline.builder(name).timeout(d); // the pipeline's own rule judges it
            timeout[0] = d;
          });
      for (int i = 0; i < FAMILIES.size(); i++) {
        Family f = FAMILIES.get(i);
        int at = i;
        p.string(f.key(), ref -> refs[at] = resolved(tree, f, ref, relaxed));
      }
      p.rejectUnknownKeys();
      if (p.problemCount() == before) {
        out.put(
            name,
            PipelineSpec.builder(name)
                .timeout(timeout[0])
                .retry(refs[0])
                .circuitBreaker(refs[1])
                .rateLimiter(refs[2])
                .bulkhead(refs[3])
                .adaptiveLimiter(refs[4])
                .hedge(refs[5])
                .build());
      }
    }
    s.rejectUnknownKeys();
  }

  /** {@code ref}, if the family configures it or it is {@code default}; else the problem. */
  private static String resolved(JsonNode tree, Family f, String ref, boolean relaxed) {
    return resolved(tree, f.key(), f.shown(), ref, relaxed);
  }

  /**
   * {@code ref}, if the family under {@code resilience.<key>} configures it or it is {@code
   * default}; else an {@link IllegalArgumentException} saying so, with a "did you mean" and the
   * configured names. For every section that names an instance ({@code admission:} too).
   *
   * @param tree the whole configuration tree
   * @param key the family's key under {@code resilience:} ({@code adaptive_limiter})
   * @param shown the family's name in messages ({@code adaptive limiter})
   * @param ref the name written
   * @param relaxed whether keys match whatever their case and separators
   * @return {@code ref}
   */
  static String resolved(JsonNode tree, String key, String shown, String ref, boolean relaxed) {
    List<String> known = configured(tree, key, relaxed);
    if (known.contains(ref) || ref.equals("default")) {
      return ref;
    }
    List<String> candidates = new ArrayList<>(known);
    add(candidates, "default");
    String suggestion = DidYouMean.closest(ref, candidates);
    throw new IllegalArgumentException(
        "no "
            + shown
            + " named \""
            + Shown.escaped(ref)
            + "\""
            + (suggestion == null ? "" : "; did you mean \"" + suggestion + "\"?")
            + " (configured: "
            + (known.isEmpty() ? "none" : String.join(", ", known))
            + ")");
  }

  /**
   * The family's instance names, as written under {@code resilience.<key>.instances}: those the
   * user configured, so not {@code default} (always there) unless written there too.
   */
  private static List<String> configured(JsonNode tree, String key, boolean relaxed) {
    List<String> names = new ArrayList<>();
    JsonNode instances =
        child(child(child(tree, "resilience", relaxed), key, relaxed), "instances", relaxed);
    if (instances.isObject()) {
      instances.fieldNames().forEachRemaining(n -> add(names, n));
    }
    return names;
  }

  private static JsonNode child(JsonNode node, String key, boolean relaxed) {
    if (!node.isObject()) {
      return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
    String actual = relaxed ? Section.relaxedKey(node, key) : key;
    return actual == null
        ? com.fasterxml.jackson.databind.node.MissingNode.getInstance()
        : node.path(actual);
  }

  private static void add(List<String> names, String name) {
    if (!name.isBlank() && !names.contains(name)) {
      names.add(name);
    }
  }
}
