package dev.levee.spring.internal;

import dev.levee.common.internal.DidYouMean;
import java.util.List;
import java.util.Map;

/**
 * This module's own settings, under {@code levee.spring}: which built-in checks register
 * themselves, and whether Levee's own health JSON is served on the application's server. Read with
 * the same strictness as the rest of {@code levee.*}: an unknown key is a problem with a "did you
 * mean", a value that is not what the key takes is a problem naming it.
 *
 * @param dataSourceCheck register a check of each {@code DataSource} bean ({@code
 *     levee.spring.checks.data-source}, default true)
 * @param circuitBreakersCheck register a check of the circuit breakers ({@code
 *     levee.spring.checks.circuit-breakers}, default true)
 * @param diskCheck register a disk space check of the working directory ({@code
 *     levee.spring.checks.disk}, default true)
 * @param deadlocksCheck register a deadlock check, in the liveness group ({@code
 *     levee.spring.checks.deadlocks}, default true)
 * @param endpoints serve Levee's health JSON (MicroProfile, or IETF on {@code Accept:
 *     application/health+json}) on the application's server ({@code
 *     levee.spring.endpoints.enabled}, default false)
 * @param endpointsPath where ({@code levee.spring.endpoints.path}, default {@code /levee/health})
 */
public record SpringSettings(
    boolean dataSourceCheck,
    boolean circuitBreakersCheck,
    boolean diskCheck,
    boolean deadlocksCheck,
    boolean endpoints,
    String endpointsPath) {

  private static final List<String> TOP = List.of("checks", "endpoints");
  private static final List<String> CHECKS =
      List.of("data_source", "circuit_breakers", "disk", "deadlocks");
  private static final List<String> ENDPOINTS = List.of("enabled", "path");

  /**
   * Reads the settings.
   *
   * @param tree the {@code levee.spring} subtree
   * @param problems takes each problem, {@code spring.<path>: <what is wrong>}
   * @return the settings, defaults where a value is absent or wrong
   */
  public static SpringSettings read(Map<String, Object> tree, List<String> problems) {
    unknown("spring", tree, TOP, problems);
    Map<String, Object> checks = section("spring", tree, "checks", problems);
    unknown("spring.checks", checks, CHECKS, problems);
    Map<String, Object> endpoints = section("spring", tree, "endpoints", problems);
    unknown("spring.endpoints", endpoints, ENDPOINTS, problems);
    String path = text(endpoints, "path");
    if (path != null && !path.matches("(/[A-Za-z0-9._~-]+)+")) {
      problems.add("spring.endpoints.path: must look like /levee/health, was \"" + path + "\"");
      path = null;
    }
    return new SpringSettings(
        bool("spring.checks", checks, "data_source", problems),
        bool("spring.checks", checks, "circuit_breakers", problems),
        bool("spring.checks", checks, "disk", problems),
        bool("spring.checks", checks, "deadlocks", problems),
        Boolean.TRUE.equals(flag("spring.endpoints", endpoints, "enabled", problems)),
        path == null ? "/levee/health" : path);
  }

  private static Object get(Map<String, Object> m, String key) {
    for (Map.Entry<String, Object> e : m.entrySet()) {
      if (PropertyTree.normalized(e.getKey()).equals(PropertyTree.normalized(key))) {
        return e.getValue();
      }
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> section(
      String at, Map<String, Object> m, String key, List<String> problems) {
    Object v = get(m, key);
    if (v == null) {
      return Map.of();
    }
    if (v instanceof Map<?, ?> map) {
      return (Map<String, Object>) map;
    }
    problems.add(at + "." + key + ": must be a mapping, was \"" + v + "\"");
    return Map.of();
  }

  private static void unknown(
      String at, Map<String, Object> m, List<String> known, List<String> problems) {
    List<String> normalizedKnown = known.stream().map(PropertyTree::normalized).toList();
    for (String key : m.keySet()) {
      if (!normalizedKnown.contains(PropertyTree.normalized(key))) {
        String suggestion = DidYouMean.closest(key.replace('-', '_'), known);
        problems.add(
            at
                + "."
                + key
                + ": unknown key"
                + (suggestion == null ? "" : "; did you mean \"" + suggestion + "\"?")
                + " (known here: "
                + String.join(", ", known)
                + ")");
      }
    }
  }

  private static String text(Map<String, Object> m, String key) {
    Object v = get(m, key);
    return v == null ? null : String.valueOf(v).trim();
  }

  /** The boolean at {@code key}: {@code null} if absent, else true or false (or a problem). */
  private static Boolean flag(String at, Map<String, Object> m, String key, List<String> problems) {
    String v = text(m, key);
    if (v == null) {
      return null;
    }
    if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(v);
    }
    problems.add(at + "." + key + ": must be true or false, was \"" + v + "\"");
    return null;
  }

  /** A switch that is on unless set false. */
  private static boolean bool(String at, Map<String, Object> m, String key, List<String> problems) {
    return !Boolean.FALSE.equals(flag(at, m, key, problems));
  }
}
