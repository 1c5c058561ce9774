package dev.levee.config.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.levee.common.internal.DidYouMean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One mapping of a configuration tree, read with its path: typed reads that record a problem (path,
 * value, rule) instead of throwing, so the whole file is checked in one pass, and a check that
 * every key present was one the reader asked for, with a "did you mean" for the rest.
 */
public final class Section {
  private final String path;
  private final JsonNode node;
  private final List<String> problems;
  private final Set<String> known = new LinkedHashSet<>();

  /**
   * Whether a key matches whatever its case and separators ({@code failure-threshold}, {@code
   * failureThreshold}, {@code FAILURETHRESHOLD} for {@code failure_threshold}): for trees a
   * framework's properties make, not for files, which are read as written.
   */
  private final boolean relaxed;

  /** Keys present under another spelling, matched by a read in relaxed mode. */
  private final Set<String> matched = new HashSet<>();

  /** The section whose values this one's go over (an instance's defaults), or {@code null}. */
  private final Section inherited;

  /**
   * A value handed to a setter in place of the file's, which no {@code int} or {@code double} can
   * be ({@code 99999999999} is handed as {@code 2147483647}, {@code 1e400} as {@code Infinity}),
   * when the setter took it: so that a later message about it names the file's value, and the
   * problem recorded for it in the meantime gives way to that message.
   */
  private record StandIn(String handed, String written, String problem) {}

  private final List<StandIn> standIns = new ArrayList<>();

  /**
   * A section at {@code path}.
   *
   * @param path the dotted path, empty for the root
   * @param node the mapping, or {@code null} if absent
   * @param problems where problems go
   */
  public Section(String path, JsonNode node, List<String> problems) {
    this(path, node, problems, false, null);
  }

  /**
   * A section at {@code path}, whose keys match relaxed if asked (see {@link #relaxedKey}).
   *
   * @param path the dotted path, empty for the root
   * @param node the mapping, or {@code null} if absent
   * @param problems where problems go
   * @param relaxed whether a key matches whatever its case and separators
   */
  public Section(String path, JsonNode node, List<String> problems, boolean relaxed) {
    this(path, node, problems, relaxed, null);
  }

  private Section(
      String path, JsonNode node, List<String> problems, boolean relaxed, Section inherited) {
    this.path = path;
    this.node = node;
    this.problems = problems;
    this.relaxed = relaxed;
    this.inherited = inherited;
    if (node != null && !node.isObject() && !node.isNull()) {
      problems.add(where() + ": must be a mapping, was " + Shown.value(node));
    }
  }

  private String where() {
    return path.isEmpty() ? "<root>" : path;
  }

  private String at(String key) {
    return at(path, key);
  }

  /**
   * A key's path: {@code path.key}, or {@code key} at the root. A blank key is shown quoted ({@code
   * resilience.""}), so that a problem about it still starts with a path; so is a key with control
   * characters, escaped as values are ({@code health."ht\ttp"}), so that each problem is one line
   * and sends nothing but text to a terminal.
   *
   * @param path the mapping's path, empty for the root
   * @param key the key
   * @return the key's path
   */
  static String at(String path, String key) {
    String k = key.isBlank() || Shown.hasControl(key) ? "\"" + Shown.escaped(key) + "\"" : key;
    return path.isEmpty() ? k : path + "." + k;
  }

  private JsonNode get(String key) {
    known.add(key);
    return node == null || !node.isObject() ? null : node.get(actual(key));
  }

  /** The key as the tree spells it: {@code key}, or in relaxed mode a key that matches it. */
  private String actual(String key) {
    if (!relaxed || node == null || !node.isObject() || node.has(key)) {
      return key;
    }
    String found = relaxedKey(node, key);
    if (found != null) {
      matched.add(found);
      return found;
    }
    return key;
  }

  /**
   * The key of {@code node} that matches {@code key} whatever its case and its {@code -} and {@code
   * _} separators, so that {@code circuit-breaker}, {@code circuitBreaker} and {@code
   * CIRCUITBREAKER} (an environment variable as Spring maps it) are {@code circuit_breaker}.
   *
   * @param node a mapping
   * @param key the key a reader asks for
   * @return the key present, or {@code null}
   */
  static String relaxedKey(JsonNode node, String key) {
    if (node.has(key)) {
      return key;
    }
    String wanted = normalized(key);
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (normalized(f).equals(wanted)) {
        return f;
      }
    }
    return null;
  }

  /**
   * A key without case or separators.
   *
   * @param key the key
   * @return it in lower case, without {@code -} and {@code _}
   */
  static String normalized(String key) {
    return key.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
  }

  /**
   * Whether keys match relaxed here.
   *
   * @return whether relaxed
   */
  public boolean relaxed() {
    return relaxed;
  }

  /**
   * Whether the key is present.
   *
   * @param key the key
   * @return whether present
   */
  public boolean has(String key) {
    JsonNode v = get(key);
    return v != null && !v.isNull();
  }

  /**
   * A sub-section.
   *
   * @param key the key
   * @return the section (empty if absent)
   */
  public Section section(String key) {
    return new Section(
        at(key), get(key), problems, relaxed, inherited == null ? null : inherited.section(key));
  }

  /**
   * A sub-section whose values go over those of {@code defaults} (a named instance over its
   * family's defaults), so that a problem with a value it does not set itself can say where that
   * value is set (see {@link #builderProblem}).
   *
   * @param key the key
   * @param defaults the section its values go over: a {@link #quietCopy()}, the one the defaults
   *     were read into the instance's builder from
   * @return the section (empty if absent)
   */
  public Section section(String key, Section defaults) {
    return new Section(at(key), get(key), problems, relaxed, defaults);
  }

  /** Whether the file (or an override) sets {@code key} here, without counting it as read. */
  private boolean sets(String key) {
    JsonNode v = node == null || !node.isObject() ? null : node.get(actual(key));
    return v != null && !v.isNull();
  }

  /**
   * The names of this mapping's entries (named instances, checks), each a section. A section that
   * is not a mapping has none; that was reported when it was made. A blank name (registries refuse
   * it) is a problem here and left out.
   *
   * @return the names, in file order
   */
  public List<String> names() {
    List<String> out = new ArrayList<>();
    for (String name : ownKeys()) {
      if (name.isBlank()) {
        problemHere("names must not be blank, was \"" + name + "\"");
      } else {
        out.add(name);
      }
    }
    return out;
  }

  /**
   * Reads an integer, if present, and hands it to {@code apply}; records a problem if it is not an
   * integer or {@code apply} rejects it.
   *
   * @param key the key
   * @param apply takes the value (a builder setter that validates)
   */
  public void integer(String key, Consumer<Integer> apply) {
    JsonNode v = get(key);
    if (v == null || v.isNull()) {
      return;
    }
    Numbers.AsInt n = Numbers.asInt(v);
    if (n.value() != null) {
      apply(key, n.value(), apply, Shown.value(v));
    } else if (n.beyond() == 0) {
      problems.add(at(key) + ": must be an integer, was " + Shown.value(v));
    } else {
      // Too big or too small for an int: the key's rule judges the nearest int instead, so that
      // 99999999999 for a port is "must be in [0, 65535], was 99999999999" like 70000 is.
      int nearest = n.beyond() > 0 ? Integer.MAX_VALUE : Integer.MIN_VALUE;
      standIn(
          key,
          nearest,
          apply,
          Shown.value(v),
          "must be at " + (n.beyond() > 0 ? "most " : "least ") + nearest);
    }
  }

  /**
   * Reads a number. Infinite ({@code .inf}, {@code 1e400}) and NaN values go to the key's rule like
   * any other, and are a problem if it takes them.
   *
   * @param key the key
   * @param apply takes the value
   */
  public void number(String key, Consumer<Double> apply) {
    JsonNode v = get(key);
    if (v == null || v.isNull()) {
      return;
    }
    Double value = Numbers.asDouble(v);
    if (value == null) {
      problems.add(at(key) + ": must be a number, was " + Shown.value(v));
    } else {
      // As written, not as a double prints it: 140, not 140.0; 1e400, not Infinity.
      standIn(
          key,
          value,
          apply,
          Shown.value(v),
          Double.isFinite(value) ? null : "must be a finite number");
    }
  }

  /**
   * Hands a setter {@code value} for the file's value, which may differ from it (a double prints
   * {@code 140.0} for {@code 140}, and an int can only come near {@code 99999999999}): a problem by
   * the setter's rule, naming the file's value. If the setter takes a value that stands in for one
   * it should not take ({@code rule} then says why), a problem by {@code rule}, until a builder's
   * rule about it says better (see {@link #builderProblem}).
   */
  private <T> void standIn(String key, T value, Consumer<T> apply, String written, String rule) {
    String handed = String.valueOf(value);
    try {
      apply.accept(value);
    } catch (IllegalArgumentException | NullPointerException e) {
      problems.add(
          at(key) + ": " + Numbers.fileValue(rule(e.getMessage(), written), handed, written));
      return;
    }
    if (rule != null) {
      String problem = at(key) + ": " + rule + ", was " + written;
      problems.add(problem);
      standIns.add(new StandIn(handed, written, problem));
    }
  }

  /**
   * Reads a boolean ({@code true}/{@code false}).
   *
   * @param key the key
   * @param apply takes the value
   */
  public void bool(String key, Consumer<Boolean> apply) {
    JsonNode v = get(key);
    if (v == null || v.isNull()) {
      return;
    }
    Boolean value = null;
    if (v.isBoolean()) {
      value = v.booleanValue();
    } else if (v.isTextual() && v.textValue().trim().matches("(?i)true|false")) {
      value = Boolean.parseBoolean(v.textValue().trim());
    }
    if (value == null) {
      problems.add(at(key) + ": must be true or false, was " + Shown.value(v));
      return;
    }
    apply(key, value, apply, Shown.value(v));
  }

  /**
   * Reads a string.
   *
   * @param key the key
   * @param apply takes the value
   */
  public void string(String key, Consumer<String> apply) {
    JsonNode v = get(key);
    if (v == null || v.isNull()) {
      return;
    }
    if (!v.isValueNode() || v.isContainerNode()) {
      problems.add(at(key) + ": must be a string, was " + Shown.value(v));
      return;
    }
    apply(key, v.asText(), apply, Shown.value(v));
  }

  /**
   * Reads one of several words, case-insensitively.
   *
   * @param key the key
   * @param choices the words allowed, lowercase
   * @param apply takes the word, lowercase
   */
  public void choice(String key, List<String> choices, Consumer<String> apply) {
    string(
        key,
        s -> {
          String word = s.trim().toLowerCase(Locale.ROOT);
          if (!choices.contains(word)) {
            throw new IllegalArgumentException("must be one of " + choices + ", was \"" + s + "\"");
          }
          apply.accept(word);
        });
  }

  /**
   * Reads a duration: {@code 100ms}, {@code 5s}, {@code 1m}, {@code 2h}, {@code 1d}, or ISO-8601
   * ({@code PT5S}).
   *
   * @param key the key
   * @param apply takes the value
   */
  public void duration(String key, Consumer<Duration> apply) {
    JsonNode v = get(key);
    if (v == null || v.isNull()) {
      return;
    }
    Duration d = v.isTextual() ? DurationText.parse(v.textValue()) : null;
    if (d == null) {
      problems.add(
          at(key)
              + ": must be a duration such as 100ms, 5s, 1m, 2h, 1d or PT5S, was "
              + Shown.value(v));
      return;
    }
    apply(key, d, apply, Shown.value(v));
  }

  private <T> void apply(String key, T value, Consumer<T> apply, String shown) {
    try {
      apply.accept(value);
    } catch (IllegalArgumentException | NullPointerException e) {
      problems.add(at(key) + ": " + rule(e.getMessage(), shown));
    }
  }

  /** The rule from a builder's message, without its kind, name and field prefix. */
  private static String rule(String message, String shown) {
    if (message == null) {
      return "rejected " + shown;
    }
    int must = message.indexOf("must ");
    return must >= 0 ? message.substring(must) : message;
  }

  /** Records every key that no read asked for, with a suggestion. Call after all reads. */
  public void rejectUnknownKeys() {
    if (node == null || !node.isObject()) {
      return;
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!known.contains(key) && !matched.contains(key)) {
        String suggestion = DidYouMean.closest(key, known);
        problems.add(
            at(key)
                + ": unknown key"
                + (suggestion == null ? "" : "; did you mean \"" + suggestion + "\"?")
                + " (known here: "
                + String.join(", ", known)
                + ")");
      }
    }
  }

  /**
   * The same section, reading into a list no one reports: for applying defaults again to each named
   * instance, whose problems were reported once already.
   *
   * @return the copy
   */
  public Section quietCopy() {
    return new Section(path, node, new ArrayList<>(), relaxed, inherited);
  }

  /**
   * Every key present, each counted as known (for free-form sections such as timeouts).
   *
   * @return the keys, in file order
   */
  public List<String> ownKeys() {
    List<String> out = new ArrayList<>();
    if (node != null && node.isObject()) {
      node.fieldNames().forEachRemaining(out::add);
    }
    known.addAll(out);
    return out;
  }

  /**
   * Reads a list of strings: a YAML sequence, or one comma-separated string.
   *
   * @param key the key
   * @param apply takes the list
   */
  public void stringList(String key, Consumer<List<String>> apply) {
    JsonNode v = get(key);
    if (v == null || v.isNull()) {
      return;
    }
    List<String> out = new ArrayList<>();
    if (v.isArray()) {
      for (JsonNode e : v) {
        if (!e.isValueNode()) {
          problems.add(at(key) + ": must be a list of strings, was " + Shown.value(v));
          return;
        }
        out.add(e.asText().trim());
      }
    } else if (v.isTextual()) {
      for (String part : v.textValue().split(",")) {
        if (!part.isBlank()) {
          out.add(part.trim());
        }
      }
    } else {
      problems.add(at(key) + ": must be a list of strings, was " + Shown.value(v));
      return;
    }
    apply(key, out, apply, Shown.value(v));
  }

  /**
   * A builder's rule about a field: {@code maxConcurrent must ...}, {@code permits per period must
   * ...}.
   */
  private static final Pattern FIELD =
      Pattern.compile(": ([a-z][A-Za-z0-9]*) ((?:[a-z]+ )*must .*)$");

  private static final Pattern CAMEL_CASE =
      Pattern.compile("\\b[a-z][a-z0-9]*[A-Z][A-Za-z0-9]*\\b");

  /**
   * Records a problem a builder found when building, in the file's words: the field its message
   * names ({@code maxConcurrent}) becomes the key read here ({@code max_concurrent}, or as {@code
   * keys} maps it: {@code windowSize} is {@code count_window}), and so do other fields its rule
   * names. The problem goes to that key when this section sets it; when the value comes from
   * elsewhere (often a rule across fields, with one value from the defaults), to this section,
   * naming the key and, for an instance, the defaults' key that set it. Else, when the message
   * names no key read here, to this section as it is. A value handed to a setter in place of the
   * file's ({@code 2147483647} for {@code 99999999999}) is named as the file wrote it.
   *
   * @param message the builder's message
   * @param keys the keys of the builder's fields whose keys are not their names in snake case
   */
  public void builderProblem(String message, Map<String, String> keys) {
    for (Section s = this; s != null; s = s.inherited) {
      for (StandIn x : s.standIns) {
        String named = Numbers.fileValue(message, x.handed(), x.written());
        if (!named.equals(message)) {
          message = named;
          if (s == this) {
            problems.remove(x.problem()); // this message says it better
          }
        }
      }
    }
    Matcher m = FIELD.matcher(message);
    if (m.find()) {
      String key = key(m.group(1), keys);
      if (known.contains(key)) {
        String rule =
            CAMEL_CASE
                .matcher(m.group(2))
                .replaceAll(
                    w -> {
                      String k = key(w.group(), keys);
                      return Matcher.quoteReplacement(known.contains(k) ? k : w.group());
                    });
        if (sets(key)) {
          problems.add(at(key) + ": " + (rule.startsWith("must ") ? rule : key + " " + rule));
        } else {
          problems.add(
              where()
                  + ": "
                  + key
                  + " "
                  + rule
                  + (inherited != null && inherited.sets(key)
                      ? " (set at " + inherited.at(key) + ")"
                      : ""));
        }
        return;
      }
    }
    problemHere(message);
  }

  private static String key(String field, Map<String, String> keys) {
    String key = keys.get(field);
    return key != null ? key : field.replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
  }

  /**
   * How many problems have been recorded so far, here and in every section sharing the list: read
   * before and after some reads, it tells whether one of them was rejected.
   *
   * @return the count
   */
  public int problemCount() {
    return problems.size();
  }

  /**
   * Records a problem with the section as a whole.
   *
   * @param problem what is wrong
   */
  public void problemHere(String problem) {
    problems.add(where() + ": " + problem);
  }
}
