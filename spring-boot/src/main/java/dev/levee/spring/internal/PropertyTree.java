package dev.levee.spring.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.origin.Origin;
import org.springframework.core.env.Environment;

/**
 * Spring's {@code levee.*} properties as the tree {@code levee.yaml} makes, for {@code
 * LeveeConfig.fromTree} to read with its own keys and rules, and each problem it finds turned back
 * into the property that caused it: its name as Spring binds it, and where it was set.
 *
 * <p>Every source of the {@link Environment} counts, highest precedence first, so a value from an
 * environment variable or a command-line argument wins over {@code application.yml} as anywhere in
 * Spring. Keys are compared without case and separators ({@code failure-threshold}, {@code
 * failure_threshold}, and {@code FAILURETHRESHOLD} from {@code
 * LEVEE_RESILIENCE_CIRCUITBREAKER_FAILURETHRESHOLD} are one key), and a key keeps the spelling that
 * has case or separators ({@code orders-db}, not an environment variable's {@code ordersdb}), so an
 * instance overridden by a variable keeps its name. Indexed elements become lists ({@code
 * groups[0]}), a list from one source only (the first that sets it, as Spring binds lists), and
 * everything after {@code resilience.timeouts} is one operation name, as in the file ({@code
 * levee.resilience.timeouts.db.query=300ms}). The {@code levee.spring} subtree is this module's own
 * and is kept apart ({@link #springOnly()}).
 */
public final class PropertyTree {
  private static final ConfigurationPropertyName LEVEE = ConfigurationPropertyName.of("levee");

  /** One property under {@code levee.}. */
  private record Leaf(String normalized, String name, Object value, Origin origin) {}

  private final Map<String, Object> tree = new LinkedHashMap<>();
  private final Map<String, Object> springOnly = new LinkedHashMap<>();
  private final Map<String, Leaf> leaves = new LinkedHashMap<>();

  /**
   * Each list's source, by its normalized path: the first (highest precedence) source that sets an
   * element. As Spring binds lists, that source's list replaces the others' whole, rather than
   * merging with them element by element.
   */
  private final Map<String, ConfigurationPropertySource> listOwners = new LinkedHashMap<>();

  private PropertyTree() {}

  /**
   * Reads the environment's {@code levee.*} properties.
   *
   * @param environment the application's environment
   * @return the tree
   */
  public static PropertyTree of(Environment environment) {
    PropertyTree t = new PropertyTree();
    for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
      if (!(source instanceof IterableConfigurationPropertySource iterable)) {
        continue;
      }
      List<ConfigurationPropertyName> names =
          iterable.stream().filter(LEVEE::isAncestorOf).toList();
      for (ConfigurationPropertyName name : names) {
        ConfigurationProperty p = source.getConfigurationProperty(name);
        if (p != null && p.getValue() != null) {
          t.add(source, name, p.getValue(), p.getOrigin());
        }
      }
    }
    return t;
  }

  private void add(
      ConfigurationPropertySource source,
      ConfigurationPropertyName name,
      Object value,
      Origin origin) {
    List<String> path = new ArrayList<>();
    List<Boolean> index = new ArrayList<>();
    for (int i = 1; i < name.getNumberOfElements(); i++) {
      String e = name.getElement(i, ConfigurationPropertyName.Form.ORIGINAL);
      if (path.size() == 2
          && normalized(path.get(0)).equals("resilience")
          && normalized(path.get(1)).equals("timeouts")) {
        // An operation name: the rest of the name, dots included.
        StringBuilder op = new StringBuilder(e);
        for (int j = i + 1; j < name.getNumberOfElements(); j++) {
          op.append('.').append(name.getElement(j, ConfigurationPropertyName.Form.ORIGINAL));
        }
        path.add(op.toString());
        index.add(false);
        break;
      }
      path.add(e);
      index.add(name.isNumericIndex(i));
    }
    List<String> normalizedPath = path.stream().map(PropertyTree::normalized).toList();
    for (int k = 0; k < path.size(); k++) {
      if (index.get(k)) {
        String list = String.join(".", normalizedPath.subList(0, k));
        ConfigurationPropertySource owner = listOwners.putIfAbsent(list, source);
        if (owner != null && owner != source) {
          return; // a source of higher precedence set this list: its list replaces this one
        }
      }
    }
    String normalized = String.join(".", normalizedPath);
    // If a source of higher precedence set it already, its value stays; only its keys' spelling
    // may improve.
    boolean set = !leaves.containsKey(normalized);
    if (set) {
      leaves.put(normalized, new Leaf(normalized, name.toString(), value, origin));
    }
    boolean spring = !path.isEmpty() && normalized(path.get(0)).equals("spring");
    Map<String, Object> root = spring ? springOnly : tree;
    put(
        root,
        spring ? path.subList(1, path.size()) : path,
        spring ? index.subList(1, index.size()) : index,
        value,
        set);
  }

  /** Puts {@code value} at {@code path} (unless {@code set} is false: then only respells keys). */
  @SuppressWarnings("unchecked")
  private static void put(
      Map<String, Object> root, List<String> path, List<Boolean> index, Object value, boolean set) {
    if (path.isEmpty()) {
      return;
    }
    Object at = root;
    for (int i = 0; i < path.size(); i++) {
      boolean last = i == path.size() - 1;
      String key = path.get(i);
      Object next =
          last ? scalar(value) : index.get(i + 1) ? new ArrayList<>() : new LinkedHashMap<>();
      if (at instanceof Map<?, ?> map) {
        Map<String, Object> m = (Map<String, Object>) map;
        String existing = existingKey(m, key);
        if (!existing.equals(key)
            && existing.equals(normalized(existing))
            && !key.equals(normalized(key))) {
          // An environment variable spells an instance's name without case or separators
          // (ORDERSDB); the name as a file writes it (orders-db) is the instance's name.
          rename(m, existing, key);
          existing = key;
        }
        if (last) {
          if (set) {
            m.putIfAbsent(existing, next);
          }
          return;
        }
        Object child = m.get(existing);
        if (!(child instanceof Map<?, ?>) && !(child instanceof List<?>)) {
          if (child != null || !set) {
            return; // a scalar here already: this property's parent is a value, reported so
          }
          m.put(existing, next);
          child = next;
        }
        at = child;
      } else if (at instanceof List<?> list) {
        List<Object> l = (List<Object>) list;
        int n = Integer.parseInt(key);
        if (!set && (l.size() <= n || l.get(n) == null)) {
          return;
        }
        while (l.size() <= n) {
          l.add(null);
        }
        if (last) {
          if (l.get(n) == null) {
            l.set(n, next);
          }
          return;
        }
        if (l.get(n) == null) {
          l.set(n, next);
        }
        at = l.get(n);
      }
    }
  }

  /** Renames a key, keeping its place in the map's order. */
  private static void rename(Map<String, Object> m, String from, String to) {
    List<Map.Entry<String, Object>> entries = new ArrayList<>(m.entrySet());
    m.clear();
    for (Map.Entry<String, Object> e : entries) {
      m.put(e.getKey().equals(from) ? to : e.getKey(), e.getValue());
    }
  }

  private static String existingKey(Map<String, Object> m, String key) {
    for (String k : m.keySet()) {
      if (normalized(k).equals(normalized(key))) {
        return k;
      }
    }
    return key;
  }

  private static Object scalar(Object value) {
    return value instanceof Number || value instanceof Boolean ? value : String.valueOf(value);
  }

  /**
   * A key without case or separators, as the tree's keys are compared.
   *
   * @param key the key
   * @return it in lower case without {@code -} and {@code _}
   */
  static String normalized(String key) {
    return key.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
  }

  /**
   * The tree for {@code LeveeConfig.fromTree}, without {@code levee.spring}.
   *
   * @return nested maps, lists and scalars
   */
  public Map<String, Object> tree() {
    return tree;
  }

  /** Levee's standalone settings, which Spring Boot's server, logging and context replace. */
  private static final Map<String, String> STANDALONE_ONLY =
      Map.of(
          "health.http.enabled", "levee.health.http.enabled",
          "health.http.port", "levee.health.http.port",
          "health.http.bindaddress", "levee.health.http.bind-address",
          "metrics.port", "levee.metrics.port",
          "logging.level", "levee.logging.level",
          "logging.format", "levee.logging.format",
          "shutdown.hook", "levee.shutdown.hook");

  /**
   * The standalone-only properties set ({@code levee.health.http.*}, {@code levee.metrics.port},
   * {@code levee.logging.*}, {@code levee.shutdown.hook}): valid, but nothing reads them under
   * Spring Boot.
   *
   * @return their names, in kebab case, in the order read
   */
  public List<String> standaloneOnly() {
    List<String> out = new ArrayList<>();
    for (Leaf l : leaves.values()) {
      String shown = STANDALONE_ONLY.get(l.normalized());
      if (shown != null) {
        out.add(shown);
      }
    }
    return out;
  }

  /**
   * The {@code levee.spring} subtree: this module's own settings.
   *
   * @return nested maps, lists and scalars
   */
  public Map<String, Object> springOnly() {
    return springOnly;
  }

  private static final Pattern SUGGESTION = Pattern.compile("did you mean \"([a-z0-9_]+)\"");
  private static final Pattern KNOWN = Pattern.compile("\\(known here: ([a-z0-9_, ]+)\\)");

  /**
   * A problem {@code LeveeConfig} found, in Spring's words: the property it is about with Levee's
   * keys in kebab case, even when an environment variable set it ({@code
   * levee.resilience.circuit-breaker.instances.db.failure-threshold}, not Spring's {@code
   * ...circuitbreaker...failurethreshold}), with where each was set; keys it suggests in kebab
   * case.
   *
   * @param problem a problem, {@code <path>: <what is wrong>}, the path under {@code levee.}
   * @return the problem for a Spring user
   */
  public String render(String problem) {
    int colon = problem.indexOf(": ");
    if (colon < 0) {
      return problem;
    }
    String path = problem.substring(0, colon);
    String rest = kebab(problem.substring(colon + 2));
    String key = normalizedPath(path);
    List<Leaf> about = new ArrayList<>();
    for (Leaf l : leaves.values()) {
      if (l.normalized().equals(key) || l.normalized().startsWith(key + ".")) {
        about.add(l);
      }
    }
    if (about.size() == 1) {
      Leaf l = about.get(0);
      return (l.normalized().equals(key) ? canonical(path) : l.name())
          + ": "
          + rest
          + origin(l)
          + springForm(l);
    }
    StringBuilder out = new StringBuilder(canonical(path)).append(": ").append(rest);
    if (!about.isEmpty()) {
      out.append(" (set by ");
      for (int i = 0; i < about.size(); i++) {
        out.append(i == 0 ? "" : "; ")
            .append(about.get(i).name())
            .append(origin(about.get(i)).replaceFirst("^ \\(from (.*)\\)$", " from $1"));
      }
      out.append(')');
      about.stream()
          .map(PropertyTree::springForm)
          .filter(h -> !h.isEmpty())
          .findFirst()
          .ifPresent(out::append);
    }
    return out.toString();
  }

  /**
   * A problem's path as a Spring user writes it: each key levee-config knows in kebab case ({@code
   * circuit-breaker}, {@code failure-threshold}), even where an environment variable spelt it
   * without separators ({@code CIRCUITBREAKER}); each other key (an instance's name, an operation)
   * as the tree spells it. A key levee-config knows is one it spelt otherwise than the tree: the
   * rest it took from the tree.
   */
  private String canonical(String path) {
    StringBuilder out = new StringBuilder("levee");
    Object at = tree;
    String[] parts = path.split("\\.");
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i];
      if (i == 0 && normalized(p).equals("spring")) {
        at = springOnly;
        out.append('.').append(p);
        continue;
      }
      String shown = p;
      Object next = null;
      if (at instanceof Map<?, ?> m) {
        for (Map.Entry<?, ?> e : m.entrySet()) {
          String k = String.valueOf(e.getKey());
          if (normalized(k).equals(normalized(p))) {
            shown = k.equals(p) ? p : p.replace('_', '-');
            next = e.getValue();
            break;
          }
        }
      }
      at = next;
      out.append('.').append(shown);
    }
    return out.toString();
  }

  private static String normalizedPath(String path) {
    String[] parts = path.split("\\.");
    List<String> out = new ArrayList<>();
    for (String p : parts) {
      out.add(normalized(p.replace("\"", "")));
    }
    return String.join(".", out);
  }

  /**
   * Where a property was set: {@code class path resource [application.yml] - 7:30}, {@code System
   * Environment Property "LEVEE_..."}; for a property set in code, its source, without its name
   * again.
   */
  private static String origin(Leaf l) {
    if (l.origin() == null) {
      return "";
    }
    String o = l.origin().toString();
    String named = "\"" + l.name() + "\" from ";
    return " (from " + (o.startsWith(named) ? o.substring(named.length()) : o) + ")";
  }

  /** An environment variable in Levee's standalone form, with a double underscore. */
  private static final Pattern STANDALONE_VARIABLE =
      Pattern.compile("\"(LEVEE_[A-Za-z0-9_]*__[A-Za-z0-9_]*)\"");

  /**
   * For a property from a variable in Levee's standalone form ({@code
   * LEVEE_RESILIENCE__CIRCUIT_BREAKER__FAILURE_THRESHOLD}), which Spring reads as {@code
   * levee.resilience.circuit.breaker...}: the same variable in Spring's form. That form is not
   * applied here: Spring already maps every variable, and a second mapping of the same variables
   * would make two spellings of one key with no precedence between them.
   */
  private static String springForm(Leaf l) {
    Matcher m = l.origin() == null ? null : STANDALONE_VARIABLE.matcher(l.origin().toString());
    if (m == null || !m.find()) {
      return "";
    }
    StringBuilder spring = new StringBuilder("LEVEE");
    for (String part : m.group(1).substring("LEVEE_".length()).split("__")) {
      if (!part.isEmpty()) {
        spring.append('_').append(part.replace("_", ""));
      }
    }
    return "; "
        + m.group(1)
        + " is Levee's standalone form: under Spring Boot use Spring's form: "
        + spring;
  }

  /** Keys a problem suggests, in the kebab case Spring users write. */
  private static String kebab(String rest) {
    Matcher m = SUGGESTION.matcher(rest);
    String out =
        m.replaceAll(
            r -> Matcher.quoteReplacement("did you mean \"" + r.group(1).replace('_', '-') + "\""));
    Matcher k = KNOWN.matcher(out);
    return k.replaceAll(
        r -> Matcher.quoteReplacement("(known here: " + r.group(1).replace('_', '-') + ")"));
  }
}
