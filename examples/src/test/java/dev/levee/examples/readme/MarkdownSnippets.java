package dev.levee.examples.readme;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the {@code ```java} blocks of a Markdown file.
 *
 * <p>The rule the README follows: every block fenced as {@code java} is compiled by the build; a
 * block that is not Java, or is not meant to compile (output, YAML, shell, pseudo-code), uses
 * another fence ({@code ```text}, {@code ```yaml}, {@code ```sh}, or none). A block may start with
 * {@code import} lines, which are the imports its reader needs; Levee's own API packages and {@code
 * java.io}, {@code java.net}, {@code java.nio.file}, {@code java.time}, {@code java.util}, {@code
 * java.util.concurrent} and {@code java.util.function} are imported for it (see {@link
 * SnippetCompiler}). What the block uses without declaring (the reader's data source, a repository,
 * a breaker built in an earlier block) is declared in an HTML comment directly before the fence,
 * invisible on the rendered page:
 *
 * <pre>{@code
 * <!-- snippet:
 *   import javax.sql.DataSource;
 *   DataSource dataSource;
 * -->
 * ```java
 * }</pre>
 *
 * <p>Its lines are {@code import}s and member declarations (fields, methods, nested types) of the
 * class the block is compiled in.
 */
final class MarkdownSnippets {
  /** The info string of the blocks that are compiled. */
  static final String LANGUAGE = "java";

  private static final String CONTEXT_OPEN = "<!-- snippet:";
  private static final String CONTEXT_CLOSE = "-->";
  private static final Pattern FENCE = Pattern.compile("^(\\s*)(`{3,}|~{3,})(.*)$");

  private final String file;
  private final List<Snippet> snippets = new ArrayList<>();
  private List<Snippet.Line> pendingContext;
  private int pendingContextLine;

  private MarkdownSnippets(String file) {
    this.file = file;
  }

  /**
   * The {@code ```java} blocks of a Markdown file, in order.
   *
   * @param file the file's name, for error messages
   * @param lines the file's lines
   * @throws IllegalArgumentException naming the line, for a fence never closed or a snippet comment
   *     that is never closed or not followed by a {@code ```java} block
   */
  static List<Snippet> extract(String file, List<String> lines) {
    MarkdownSnippets parser = new MarkdownSnippets(file);
    parser.parse(lines);
    return List.copyOf(parser.snippets);
  }

  private void parse(List<String> lines) {
    int i = 0;
    while (i < lines.size()) {
      String line = lines.get(i);
      Matcher fence = FENCE.matcher(line);
      if (fence.matches() && opens(fence)) {
        i = block(lines, i, fence);
      } else if (line.strip().startsWith(CONTEXT_OPEN)) {
        expectNoPendingContext();
        i = context(lines, i);
      } else {
        if (!line.isBlank()) {
          expectNoPendingContext();
        }
        i++;
      }
    }
    expectNoPendingContext();
  }

  private static boolean opens(Matcher fence) {
    // A backtick fence's info string has no backtick (CommonMark): "```x```" is inline code.
    return fence.group(2).charAt(0) != '`' || fence.group(3).indexOf('`') < 0;
  }

  /** Reads a fenced block from its opening line; returns the index of the line after it. */
  private int block(List<String> lines, int open, Matcher fence) {
    int indent = fence.group(1).length();
    String marker = fence.group(2);
    String info = fence.group(3).strip();
    String language = info.isEmpty() ? "" : info.split("\\s+")[0].toLowerCase(Locale.ROOT);
    Pattern close = Pattern.compile("^\\s*" + Pattern.quote(marker) + marker.charAt(0) + "*\\s*$");
    List<Snippet.Line> content = new ArrayList<>();
    int i = open + 1;
    while (i < lines.size() && !close.matcher(lines.get(i)).matches()) {
      content.add(new Snippet.Line(i + 1, stripIndent(lines.get(i), indent)));
      i++;
    }
    if (i == lines.size()) {
      throw new IllegalArgumentException(
          file + ":" + (open + 1) + ": the " + marker + info + " block is never closed");
    }
    if (language.equals(LANGUAGE)) {
      snippets.add(snippet(open + 1, content));
    } else if (pendingContext != null) {
      throw new IllegalArgumentException(
          file
              + ":"
              + pendingContextLine
              + ": a snippet comment must come just before a ```java block; the block at line "
              + (open + 1)
              + " is "
              + (language.isEmpty() ? "not fenced as java" : language));
    }
    return i + 1;
  }

  private Snippet snippet(int fenceLine, List<Snippet.Line> content) {
    List<Snippet.Line> imports = new ArrayList<>();
    int first = 0;
    while (first < content.size()) {
      String code = content.get(first).text().strip();
      if (code.startsWith("import ")) {
        imports.add(content.get(first));
      } else if (!code.isEmpty()) {
        break;
      }
      first++;
    }
    List<Snippet.Line> context = pendingContext == null ? List.of() : pendingContext;
    pendingContext = null;
    return new Snippet(
        fenceLine,
        List.copyOf(imports),
        List.copyOf(content.subList(first, content.size())),
        List.copyOf(context));
  }

  /** Reads a snippet comment from its opening line; returns the index of the line after it. */
  private int context(List<String> lines, int open) {
    List<Snippet.Line> context = new ArrayList<>();
    String first = lines.get(open).strip().substring(CONTEXT_OPEN.length());
    int i = open;
    String text = first;
    while (true) {
      int end = text.indexOf(CONTEXT_CLOSE);
      if (end >= 0) {
        addIfCode(context, i + 1, text.substring(0, end));
        if (!text.substring(end + CONTEXT_CLOSE.length()).isBlank()) {
          throw new IllegalArgumentException(
              file + ":" + (i + 1) + ": nothing may follow a snippet comment on its line");
        }
        break;
      }
      addIfCode(context, i + 1, text);
      i++;
      if (i == lines.size()) {
        throw new IllegalArgumentException(
            file + ":" + (open + 1) + ": the snippet comment is never closed with -->");
      }
      text = lines.get(i);
    }
    pendingContext = context;
    pendingContextLine = open + 1;
    return i + 1;
  }

  private static void addIfCode(List<Snippet.Line> context, int number, String text) {
    if (!text.isBlank()) {
      context.add(new Snippet.Line(number, text.strip()));
    }
  }

  private void expectNoPendingContext() {
    if (pendingContext != null) {
      throw new IllegalArgumentException(
          file
              + ":"
              + pendingContextLine
              + ": a snippet comment must be followed by a ```java block (only blank lines"
              + " between)");
    }
  }

  private static String stripIndent(String line, int indent) {
    int strip = 0;
    while (strip < indent && strip < line.length() && line.charAt(strip) == ' ') {
      strip++;
    }
    return line.substring(strip);
  }
}
