package dev.levee.config.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

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
   * @return the paths overridden, for the log
   */
  public static List<String> apply(
      ObjectNode root, Map<String, String> env, Properties properties) {
    Map<String, String> byPath = new TreeMap<>();
    for (Map.Entry<String, String> e : env.entrySet()) {
      if (e.getKey().startsWith("LEVEE_") && e.getKey().length() > 6) {
        String path = e.getKey().substring(6).toLowerCase(Locale.ROOT).replace("__", ".");
        byPath.put(path, e.getValue());
      }
    }
    for (String name : properties.stringPropertyNames()) {
      if (name.startsWith("levee.") && name.length() > 6) {
        byPath.put(name.substring(6), properties.getProperty(name));
      }
    }
    for (Map.Entry<String, String> e : byPath.entrySet()) {
      set(root, e.getKey().split("\\."), e.getValue());
    }
    return List.copyOf(byPath.keySet());
  }

  private static void set(ObjectNode root, String[] path, String value) {
    ObjectNode at = root;
    for (int i = 0; i < path.length - 1; i++) {
      JsonNode next = at.get(path[i]);
      if (!(next instanceof ObjectNode)) {
        next = at.putObject(path[i]);
      }
      at = (ObjectNode) next;
    }
    at.set(path[path.length - 1], JsonNodeFactory.instance.textNode(value));
  }
}
