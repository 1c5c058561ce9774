package dev.levee.config.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * What a YAML scalar is. A plain (unquoted) scalar is typed by YAML 1.2's core schema: {@code
 * null}/{@code ~}/nothing, {@code true}/{@code false}, integers (decimal, {@code 0x}, {@code 0o};
 * {@code _} between digits allowed), floats ({@code 2.5}, {@code 1e3}, {@code .inf}, {@code .nan});
 * anything else is text. So {@code yes}, {@code on} and {@code 0.0.0.0} stay text, as do quoted
 * scalars. Explicit core tags ({@code !!str}, {@code !!int}, {@code !!float}, {@code !!bool},
 * {@code !!null}) are honoured; any other tag is a problem, so that {@code !!binary} or {@code
 * !!python/object} never pass as a string.
 */
final class Scalars {
  /** The tag {@link PlainResolver} gives a plain scalar without one: typed here. */
  static final Tag PLAIN = new Tag("tag:levee.dev,2026:plain");

  /** A number longer than this is text: no key takes one, and parsing it would cost. */
  private static final int LONGEST_NUMBER = 100;

  private static final Pattern NULL = Pattern.compile("~|null|Null|NULL|");
  private static final Pattern TRUE = Pattern.compile("true|True|TRUE");
  private static final Pattern FALSE = Pattern.compile("false|False|FALSE");
  private static final Pattern INT = Pattern.compile("[-+]?[0-9]+(?:_[0-9]+)*");
  private static final Pattern HEX = Pattern.compile("0x[0-9a-fA-F]+");
  private static final Pattern OCTAL = Pattern.compile("0o[0-7]+");
  private static final Pattern FLOAT =
      Pattern.compile("[-+]?(?:\\.[0-9]+|[0-9]+(?:\\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?");
  private static final Pattern INFINITY = Pattern.compile("([-+]?)\\.(?:inf|Inf|INF)");
  private static final Pattern NAN = Pattern.compile("\\.(?:nan|NaN|NAN)");

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** YAML's core tags besides {@code !!str}, each with the kind of value it takes. */
  private static final Map<Tag, Predicate<JsonNode>> CORE =
      Map.of(
          Tag.INT, JsonNode::isIntegralNumber,
          Tag.FLOAT, JsonNode::isNumber,
          Tag.BOOL, JsonNode::isBoolean,
          Tag.NULL, JsonNode::isNull);

  private Scalars() {}

  /**
   * A scalar's value.
   *
   * @param node the scalar
   * @param problem takes what is wrong with its tag, if anything (the value is then its text)
   * @return the value
   */
  static JsonNode value(ScalarNode node, Consumer<String> problem) {
    Tag tag = node.getTag();
    String text = node.getValue();
    if (tag.equals(PLAIN)) {
      return plain(text);
    }
    if (tag.equals(Tag.STR)) {
      return NODES.textNode(text);
    }
    Predicate<JsonNode> kind = CORE.get(tag);
    if (kind == null) {
      problem.accept("tag " + shown(tag) + " is not supported");
      return NODES.textNode(text);
    }
    JsonNode typed = plain(text.strip());
    if (kind.test(typed)) {
      return typed;
    }
    problem.accept("not a valid " + shown(tag) + ": \"" + YamlText.oneLine(text) + "\"");
    return NODES.textNode(text);
  }

  /**
   * A plain scalar's value, by the core schema.
   *
   * @param text the scalar
   * @return null, a boolean, a number or text
   */
  static JsonNode plain(String text) {
    if (!text.isEmpty() && "~nNtTfF0123456789+-.".indexOf(text.charAt(0)) < 0) {
      return NODES.textNode(text); // what most text starts with: none of these is a number
    }
    if (NULL.matcher(text).matches()) {
      return NODES.nullNode();
    }
    if (TRUE.matcher(text).matches() || FALSE.matcher(text).matches()) {
      return NODES.booleanNode(TRUE.matcher(text).matches());
    }
    if (text.length() > LONGEST_NUMBER) {
      return NODES.textNode(text);
    }
    if (INT.matcher(text).matches()) {
      return integer(new BigInteger(text.replace("_", "")));
    }
    if (HEX.matcher(text).matches()) {
      return integer(new BigInteger(text.substring(2), 16));
    }
    if (OCTAL.matcher(text).matches()) {
      return integer(new BigInteger(text.substring(2), 8));
    }
    if (FLOAT.matcher(text).matches()) {
      double d = Double.parseDouble(text);
      return Double.isInfinite(d) || d == 0 ? pastDouble(text, d) : NODES.numberNode(d);
    }
    var inf = INFINITY.matcher(text);
    if (inf.matches()) {
      return NODES.numberNode(
          inf.group(1).equals("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
    }
    if (NAN.matcher(text).matches()) {
      return NODES.numberNode(Double.NaN);
    }
    return NODES.textNode(text);
  }

  /**
   * A float a double may not hold ({@code 1e400}, {@code 1e-400}): kept exact, so that a message
   * shows the value written; and where even a BigDecimal cannot hold it (an exponent past an int's
   * range), kept as the text, which number keys read as they read text.
   */
  private static JsonNode pastDouble(String text, double d) {
    BigDecimal exact;
    try {
      exact = new BigDecimal(text);
    } catch (NumberFormatException exponentTooLong) {
      return NODES.textNode(text);
    }
    return d == 0 && exact.signum() == 0 ? NODES.numberNode(d) : DecimalNode.valueOf(exact);
  }

  private static JsonNode integer(BigInteger value) {
    if (value.bitLength() < Integer.SIZE) {
      return NODES.numberNode(value.intValue());
    }
    if (value.bitLength() < Long.SIZE) {
      return NODES.numberNode(value.longValue());
    }
    return NODES.numberNode(value);
  }

  /**
   * A tag as YAML writes it: {@code !!binary}, {@code !local}.
   *
   * @param tag the tag
   * @return its short form
   */
  static String shown(Tag tag) {
    String t = tag.getValue();
    return t.startsWith(Tag.PREFIX) ? "!!" + t.substring(Tag.PREFIX.length()) : t;
  }

  /**
   * Tags a plain scalar without a tag {@link #PLAIN}, to be typed by {@link #plain}, and any other
   * node by its kind alone: SnakeYAML's own resolver would type YAML 1.1's way ({@code yes}, {@code
   * on} and {@code 0.0.0.0}-like sexagesimals), which the user did not mean.
   */
  static final class PlainResolver extends Resolver {
    @Override
    protected void addImplicitResolvers() {
      // None: plain scalars are typed by Scalars.plain.
    }

    @Override
    public Tag resolve(NodeId kind, String value, boolean implicit) {
      if (kind == NodeId.scalar && implicit) {
        return PLAIN;
      }
      return super.resolve(kind, value, implicit);
    }
  }
}
