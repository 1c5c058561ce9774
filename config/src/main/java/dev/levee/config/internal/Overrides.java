package dev.levee.config.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Puts environment variables and system properties over a configuration tree. A key's path {@code
 * resilience.circuit_breaker.instances.db.failure_threshold} is overridden by the system property
 * {@code levee.resilience.circuit_breaker.instances.db.failure_threshold} or the environment
 * variable {@code LEVEE_RESILIENCE__CIRCUIT_BREAKER__INSTANCES__DB__FAILURE_THRESHOLD} (upper case,
 * a double underscore between path parts, since keys contain single ones). System properties win
 * over environment variables, and both over the file. Values are text; the reader converts them as
 * it would the file's.
 */
public final class Overrides {
  private Overrides() {}

  /**
   * Applies the overrides.
   *
   * @param root the tree (changed in place)
   * @param env environment variables
   * @param properties system properties
   * @return each path overridden, with where its value came from ({@code -Dlevee.a.b} or {@code
   *     LEVEE_A__B}), so that a problem at it can say so
   */
  public static Map<String, String> apply(
      ObjectNode root, Map<String, String> env, Properties properties) {
    Map<String, String> fromProperties = new TreeMap<>();
    for (String name : properties.stringPropertyNames()) {
      if (name.startsWith("levee.") && name.length() > 6) {
        fromProperties.put(name.substring(6), properties.getProperty(name));
      }
    }
    Map<String, String> fromEnv = new TreeMap<>();
    for (Map.Entry<String, String> e : env.entrySet()) {
      if (e.getKey().startsWith("LEVEE_") && e.getKey().length() > 6) {
        fromEnv.put(
            e.getKey().substring(6).toLowerCase(Locale.ROOT).replace("__", "."), e.getValue());
      }
    }
    // Properties first, keeping their case; then variables, whose lower-case parts match keys of
    // any case (the file's and the properties'). A variable that lands where a property already
    // set a value is left out, so a property wins whatever the case of either: orderDb in a
    // property and ORDERDB in a variable are one key.
    Written byProperties = new Written();
    Map<String, String> applied = new TreeMap<>();
    for (Map.Entry<String, String> e : fromProperties.entrySet()) {
      set(root, e.getKey().split("\\."), e.getValue(), false, byProperties);
      applied.put(e.getKey(), "-Dlevee." + e.getKey());
    }
    for (Map.Entry<String, String> e : fromEnv.entrySet()) {
      if (set(root, e.getKey().split("\\."), e.getValue(), true, byProperties)) {
        applied.putIfAbsent(
            e.getKey(), "LEVEE_" + e.getKey().toUpperCase(Locale.ROOT).replace(".", "__"));
      }
    }
    return applied;
  }

  /**
   * The problems, each that concerns an overridden path (the path itself, one above it, or one
   * below it) with where the value came from, so nobody searches the file for a key that is not in
   * it: {@code helth: unknown key; did you mean "health"? (...) (set by -Dlevee.helth.http.port)}.
   *
   * @param problems the problems, each starting with its path and {@code ": "}
   * @param applied what {@link #apply} returned
   * @return the problems, annotated
   */
  public static List<String> attribute(List<String> problems, Map<String, String> applied) {
    if (applied.isEmpty()) {
      return problems;
    }
    List<String> out = new java.util.ArrayList<>(problems.size());
    for (String problem : problems) {
      int colon = problem.indexOf(": ");
      String path = colon < 0 ? "" : problem.substring(0, colon).toLowerCase(Locale.ROOT);
      List<String> origins = new java.util.ArrayList<>();
      for (Map.Entry<String, String> e : applied.entrySet()) {
        String o = e.getKey().toLowerCase(Locale.ROOT);
        if (!path.isEmpty()
            && (o.equals(path) || o.startsWith(path + ".") || path.startsWith(o + "."))) {
          origins.add(e.getValue());
        }
      }
      out.add(
          origins.isEmpty() ? problem : problem + " (set by " + String.join(", ", origins) + ")");
    }
    return out;
  }

  /** Where properties wrote: each value's mapping and key, and every mapping on the way. */
  private static final class Written {
    final Map<ObjectNode, Set<String>> leaves = new IdentityHashMap<>();
    final Set<JsonNode> ancestors = Collections.newSetFromMap(new IdentityHashMap<>());

    boolean leaf(ObjectNode at, String key) {
      return leaves.getOrDefault(at, Set.of()).contains(key);
    }
  }

  /**
   * Sets the value at {@code path}. Path parts are joined again where the tree already has a key
   * with dots in it (an instance named {@code orders.db}), and everything after {@code
   * resilience.timeouts} is one operation name ({@code db.query}). An environment variable is upper
   * case, so its parts match existing keys whatever their case ({@code ORDERDB} finds {@code
   * orderDb}).
   *
   * <p>With {@code ignoreCase} (a variable), nothing is set where it would replace what a property
   * wrote: its value, or a mapping holding one. Without it (a property), where it writes is
   * recorded in {@code byProperties}.
   *
   * @return whether the value was set
   */
  private static boolean set(
      ObjectNode root, String[] path, String value, boolean ignoreCase, Written byProperties) {
    ObjectNode at = root;
    int i = 0;
    while (i < path.length - 1 && !operationNames(path, i)) {
      int end = i;
      for (int j = path.length - 2; j > i; j--) {
        if (at.get(existing(at, String.join(".", List.of(path).subList(i, j + 1)), ignoreCase))
            instanceof ObjectNode) {
          end = j;
          break;
        }
      }
      String key = existing(at, String.join(".", List.of(path).subList(i, end + 1)), ignoreCase);
      i = end + 1;
      JsonNode next = at.get(key);
      if (!(next instanceof ObjectNode)) {
        if (ignoreCase && byProperties.leaf(at, key)) {
          return false; // a property's value where this variable needs a mapping
        }
        next = at.putObject(key);
      }
      at = (ObjectNode) next;
      if (!ignoreCase) {
        byProperties.ancestors.add(at);
      }
    }
    String leaf = existing(at, String.join(".", List.of(path).subList(i, path.length)), ignoreCase);
    if (ignoreCase) {
      if (byProperties.leaf(at, leaf) || byProperties.ancestors.contains(at.get(leaf))) {
        return false;
      }
    } else {
      byProperties.leaves.computeIfAbsent(at, k -> new TreeSet<>()).add(leaf);
    }
    at.set(leaf, JsonNodeFactory.instance.textNode(value));
    return true;
  }

  /**
   * Whether {@code path[i..]} names a timeout: under {@code resilience.timeouts}, dots included.
   */
  private static boolean operationNames(String[] path, int i) {
    return i == 2 && path[0].equals("resilience") && path[1].equals("timeouts");
  }

  /** The key as the tree spells it, if it has one that matches; else {@code name}. */
  private static String existing(ObjectNode at, String name, boolean ignoreCase) {
    if (at.has(name) || !ignoreCase) {
      return name;
    }
    for (java.util.Iterator<String> it = at.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (f.equalsIgnoreCase(name)) {
        return f;
      }
    }
    return name;
  }
}
