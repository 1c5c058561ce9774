package dev.levee.config.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * Reads YAML text into a configuration tree, within bounds, with every problem naming where it is.
 *
 * <p>SnakeYAML composes the text into a graph of nodes, in which an alias is the anchored node
 * itself, shared; {@link TreeBuilder} then copies that graph into a tree (aliases and {@code <<}
 * merge keys resolved), finding duplicate keys and unsupported tags on the way. What an attacker,
 * or a mistake, could make large is bounded before it costs anything: the text's length ({@value
 * #MAX_CHARS} characters), the nesting ({@value #MAX_DEPTH} levels, checked here as events arrive
 * and again in the tree, where aliases could deepen it), the aliases ({@value #MAX_ALIASES} in a
 * file, counted here as they are parsed), and the values aliases copy ({@value
 * TreeBuilder#MAX_COPIED}, counted by {@link TreeBuilder} as it copies, so that an alias bomb stops
 * after that many values, not after a billion). A file that crosses a bound is refused with one
 * problem; other problems are collected.
 */
public final class YamlText {
  /** The longest text read. A configuration file is a few kilobytes. */
  public static final int MAX_CHARS = 1 << 20;

  /** The deepest nesting of mappings and sequences. Levee's own keys are at most six deep. */
  public static final int MAX_DEPTH = 50;

  /** The most aliases ({@code *name}) in one file. */
  public static final int MAX_ALIASES = 100;

  private YamlText() {}

  /**
   * Reads the text.
   *
   * @param text YAML: a mapping, or nothing (every default)
   * @param problems where problems go, each starting with the path or the line it is about
   * @return the tree, or {@code null} if the text cannot be read as a configuration at all (the
   *     reason is in {@code problems})
   */
  public static ObjectNode read(String text, List<String> problems) {
    if (text.length() > MAX_CHARS) {
      problems.add(
          "<root>: longer than "
              + MAX_CHARS
              + " characters ("
              + text.length()
              + "); a configuration is far shorter");
      return null;
    }
    Node root;
    try {
      root = compose(text);
    } catch (Refused r) {
      problems.add(r.getMessage());
      return null;
    }
    try {
      return new TreeBuilder(problems).root(root);
    } catch (Refused r) {
      problems.add(r.getMessage());
      return null;
    }
  }

  private static Node compose(String text) {
    LoaderOptions options = new LoaderOptions();
    // The bounds are this class's, checked with a location as events arrive: SnakeYAML's own are
    // set past them, as a second line only.
    options.setNestingDepthLimit(2 * MAX_DEPTH);
    options.setMaxAliasesForCollections(2 * MAX_ALIASES);
    options.setCodePointLimit(2 * MAX_CHARS);
    options.setAllowRecursiveKeys(false);
    // Nothing is ever constructed from a tag here: TreeBuilder names the tags it does not take.
    options.setTagInspector(tag -> true);
    Guard guard = new Guard(new ParserImpl(new StreamReader(text), options));
    try {
      return new Composer(guard, new Scalars.PlainResolver(), options).getSingleNode();
    } catch (MarkedYAMLException e) {
      throw new Refused(notYaml(e));
    } catch (ReaderException e) {
      throw new Refused(
          "not valid YAML at "
              + at(text, e.getPosition())
              + ": character "
              + String.format("U+%04X", e.getCodePoint())
              + " is not allowed");
    } catch (YAMLException e) {
      // Unmarked: say where parsing had got to.
      throw new Refused("not valid YAML near " + guard.where() + ": " + oneLine(e.getMessage()));
    }
  }

  private static String notYaml(MarkedYAMLException e) {
    Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
    String problem = oneLine(e.getProblem() != null ? e.getProblem() : e.getContext());
    String context =
        e.getProblem() != null && e.getContext() != null ? oneLine(e.getContext()) : null;
    StringBuilder out =
        new StringBuilder("not valid YAML at ")
            .append(mark == null ? "an unknown place" : lineAndColumn(mark))
            .append(": ");
    if (context != null && problem.startsWith("but ")) {
      // "expected a single document in the stream", "but found another document"
      return out.append(context).append(", ").append(problem).toString();
    }
    out.append(problem);
    if (context != null) {
      out.append(" (").append(context);
      if (e.getContextMark() != null) {
        out.append(" at ").append(lineAndColumn(e.getContextMark()));
      }
      out.append(')');
    }
    return out.toString();
  }

  /**
   * How a problem names a place in the text.
   *
   * @param mark SnakeYAML's mark (lines and columns from 0)
   * @return {@code line 3, column 7}
   */
  static String lineAndColumn(Mark mark) {
    return "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
  }

  /** The line and column of a code point's index, as {@link #lineAndColumn} shows them. */
  private static String at(String text, int codePointIndex) {
    int line = 1;
    int column = 1;
    int i = 0;
    for (int seen = 0; seen < codePointIndex && i < text.length(); seen++) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      if (c == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
    return "line " + line + ", column " + column;
  }

  /**
   * A message on one line, control characters shown as escapes.
   *
   * @param message the message (or {@code null})
   * @return the line
   */
  static String oneLine(String message) {
    if (message == null) {
      return "(no detail)";
    }
    StringBuilder out = new StringBuilder(message.length());
    message
        .strip()
        .codePoints()
        .forEach(
            c -> {
              if (c == '\n' || c == '\r') {
                out.append(' ');
              } else if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
              } else {
                out.appendCodePoint(c);
              }
            });
    return out.toString();
  }

  /** A file past a bound: one problem, and nothing more is read. */
  static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Refused(String problem) {
      super(problem, null, false, false);
    }
  }

  /**
   * The parser, watched: counts aliases and nesting as events pass to the composer, so that a bound
   * is enforced with the line where it is crossed, and remembers where it got to, for SnakeYAML's
   * errors that carry no mark.
   */
  private static final class Guard implements Parser {
    private final Parser parser;
    private int depth;
    private int aliases;
    private Mark last;

    Guard(Parser parser) {
      this.parser = parser;
    }

    @Override
    public boolean checkEvent(Event.ID choice) {
      return parser.checkEvent(choice);
    }

    @Override
    public Event peekEvent() {
      return parser.peekEvent();
    }

    @Override
    public Event getEvent() {
      Event e = parser.getEvent();
      last = e.getStartMark();
      switch (e.getEventId()) {
        case MappingStart:
        case SequenceStart:
          if (++depth > MAX_DEPTH) {
            throw new Refused(
                lineAndColumn(last) + ": nested more than " + MAX_DEPTH + " deep; refused");
          }
          break;
        case MappingEnd:
        case SequenceEnd:
          depth--;
          break;
        case Alias:
          if (++aliases > MAX_ALIASES) {
            throw new Refused(
                lineAndColumn(last) + ": more than " + MAX_ALIASES + " aliases; refused");
          }
          break;
        default:
          break;
      }
      return e;
    }

    String where() {
      return last == null ? "line 1" : lineAndColumn(last);
    }
  }
}
