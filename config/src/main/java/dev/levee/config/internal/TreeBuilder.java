package dev.levee.config.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Copies SnakeYAML's node graph into a tree the configuration is read from.
 *
 * <p>In the graph an alias is the anchored node itself; here each alias becomes a copy, so that an
 * override written into one place (see {@link Overrides}) does not appear at every other. A {@code
 * <<} key merges a mapping, or a list of mappings, into the one holding it (YAML's merge key): the
 * mapping's own keys win, then the merged mappings' in the order listed; merging is shallow, as
 * YAML defines it.
 *
 * <p>Copies are what an alias bomb multiplies, so they are counted: past {@value #MAX_COPIED}
 * values copied, the file is refused at once, before the next one is made. A node is copied when it
 * is reached a second time; the first time is where the file writes it, since an anchor comes
 * before its aliases and the graph is walked in the file's order. Problems inside a node (a
 * duplicate key, an unknown tag) are reported at that first place only. An alias to a collection
 * that holds it (a cycle, which YAML allows) is a problem, not a stack overflow.
 */
final class TreeBuilder {
  /** The most values aliases and merge keys may copy into one file. */
  static final int MAX_COPIED = 10_000;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final List<String> problems;

  /** Nodes met so far: meeting one again is copying it. */
  private final Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());

  /** Collections being built: meeting one of these again is a cycle. */
  private final Set<Node> open = Collections.newSetFromMap(new IdentityHashMap<>());

  /** Each scalar's value, made once. */
  private final Map<ScalarNode, JsonNode> scalars = new IdentityHashMap<>();

  private int copied;

  TreeBuilder(List<String> problems) {
    this.problems = problems;
  }

  /**
   * The configuration tree.
   *
   * @param root the document's node, or {@code null} for an empty document
   * @return the tree, or {@code null} if the root is not a mapping (a problem then says so)
   */
  ObjectNode root(Node root) {
    JsonNode tree = root == null ? null : value(root, "", 0, false);
    if (tree == null || tree.isNull()) {
      return NODES.objectNode();
    }
    if (!tree.isObject()) {
      problems.add("<root>: must be a mapping, was " + Shown.value(tree));
      return null;
    }
    return (ObjectNode) tree;
  }

  /** The node's value, or {@code null} for a cycle (reported). */
  private JsonNode value(Node node, String path, int depth, boolean copying) {
    if (open.contains(node)) {
      problems.add(
          where(path)
              + ": an alias to a collection that holds it (anchored at "
              + YamlText.lineAndColumn(node.getStartMark())
              + ")");
      return null;
    }
    boolean first = seen.add(node);
    boolean copy = copying || !first;
    if (copy && ++copied > MAX_COPIED) {
      throw new YamlText.Refused(
          where(path)
              + ": aliases and merge keys copy more than "
              + MAX_COPIED
              + " values into the file; refused");
    }
    if (node instanceof ScalarNode) {
      // A scalar's value never changes (overrides replace it), so every copy can share it.
      return scalars.computeIfAbsent(
          (ScalarNode) node,
          s -> Scalars.value(s, p -> problemIf(first, path, p, node.getStartMark())));
    }
    if (depth >= YamlText.MAX_DEPTH) {
      // Aliases can nest what the file wrote at most this deep; the parser checked the rest.
      throw new YamlText.Refused(
          where(path) + ": nested more than " + YamlText.MAX_DEPTH + " deep; refused");
    }
    open.add(node);
    try {
      if (node instanceof SequenceNode) {
        checkTag(node, Tag.SEQ, first, path);
        ArrayNode out = NODES.arrayNode();
        List<Node> items = ((SequenceNode) node).getValue();
        for (int i = 0; i < items.size(); i++) {
          JsonNode item = value(items.get(i), where(path) + "[" + i + "]", depth + 1, copy);
          out.add(item == null ? NODES.nullNode() : item);
        }
        return out;
      }
      checkTag(node, Tag.MAP, first, path);
      return mapping((MappingNode) node, path, depth, copy, first);
    } finally {
      open.remove(node);
    }
  }

  private ObjectNode mapping(
      MappingNode node, String path, int depth, boolean copy, boolean first) {
    ObjectNode out = NODES.objectNode();
    Map<String, List<Mark>> keys = new LinkedHashMap<>();
    List<Node> merges = new ArrayList<>();
    List<Mark> mergeKeys = new ArrayList<>();
    for (NodeTuple entry : node.getValue()) {
      Node keyNode = entry.getKeyNode();
      if (!(keyNode instanceof ScalarNode)) {
        problemIf(
            first,
            path,
            "a key must be text, was a " + (keyNode instanceof MappingNode ? "mapping" : "list"),
            keyNode.getStartMark());
        continue;
      }
      ScalarNode k = (ScalarNode) keyNode;
      if (isMerge(k)) {
        merges.add(entry.getValueNode());
        mergeKeys.add(k.getStartMark());
        continue;
      }
      String key = k.getValue();
      keys.computeIfAbsent(key, x -> new ArrayList<>()).add(k.getStartMark());
      JsonNode v = value(entry.getValueNode(), at(path, key), depth + 1, copy);
      out.set(key, v == null ? NODES.nullNode() : v); // the last wins; a duplicate is a problem
    }
    if (first) {
      keys.forEach(
          (key, marks) -> {
            if (marks.size() > 1) {
              problems.add(where(at(path, key)) + ": duplicate key " + where(marks));
            }
          });
      if (mergeKeys.size() > 1) {
        // One key written twice, as any other: YAML merges several mappings with a list.
        problems.add(where(at(path, "<<")) + ": duplicate key " + where(mergeKeys));
      }
    }
    for (Node merge : merges) {
      List<Node> sources =
          merge instanceof SequenceNode ? ((SequenceNode) merge).getValue() : List.of(merge);
      for (Node source : sources) {
        if (!(source instanceof MappingNode)) {
          problemIf(
              first,
              path,
              "<< (merge key) takes a mapping or a list of mappings, was "
                  + (source instanceof SequenceNode
                      ? "a list"
                      : Shown.value(Scalars.plain(((ScalarNode) source).getValue()))),
              source.getStartMark());
          continue;
        }
        JsonNode merged = value(source, path, depth, copy);
        if (merged != null && merged.isObject()) {
          for (Map.Entry<String, JsonNode> f : merged.properties()) {
            if (!out.has(f.getKey())) {
              out.set(f.getKey(), f.getValue());
            }
          }
        }
      }
    }
    return out;
  }

  /** A plain {@code <<} key, as YAML's merge key is written. */
  private static boolean isMerge(ScalarNode k) {
    return k.getValue().equals("<<")
        && k.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN
        && k.getTag().equals(Scalars.PLAIN);
  }

  private void checkTag(Node node, Tag expected, boolean first, String path) {
    if (!node.getTag().equals(expected)) {
      problemIf(
          first,
          path,
          "tag " + Scalars.shown(node.getTag()) + " is not supported",
          node.getStartMark());
    }
  }

  private void problemIf(boolean first, String path, String problem, Mark mark) {
    if (first) {
      problem(path, problem, mark);
    }
  }

  private void problem(String path, String problem, Mark mark) {
    problems.add(where(path) + ": " + problem + " (" + YamlText.lineAndColumn(mark) + ")");
  }

  /** Where several marks are: {@code (lines 3 and 7)}, {@code (line 3, columns 5 and 11)}. */
  private static String where(List<Mark> marks) {
    long lines = marks.stream().map(Mark::getLine).distinct().count();
    Function<Mark, String> each =
        lines == marks.size()
            ? m -> String.valueOf(m.getLine() + 1)
            : lines == 1
                ? m -> String.valueOf(m.getColumn() + 1)
                : m -> (m.getLine() + 1) + ":" + (m.getColumn() + 1);
    List<String> all = marks.stream().map(each).collect(Collectors.toList());
    String list =
        String.join(", ", all.subList(0, all.size() - 1)) + " and " + all.get(all.size() - 1);
    return "("
        + (lines == marks.size()
            ? "lines "
            : lines == 1 ? "line " + (marks.get(0).getLine() + 1) + ", columns " : "at ")
        + list
        + ")";
  }

  private static String where(String path) {
    return path.isEmpty() ? "<root>" : path;
  }

  private static String at(String path, String key) {
    return Section.at(path, key);
  }
}
