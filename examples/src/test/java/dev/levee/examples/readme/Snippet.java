package dev.levee.examples.readme;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One {@code ```java} block of a Markdown file, split into what the compiler needs.
 *
 * @param fenceLine the line of the opening fence (1-based)
 * @param imports the block's leading {@code import} lines
 * @param body the rest of the block
 * @param context the declarations of the {@code <!-- snippet: ... -->} comment just before the
 *     block (empty if none): fields, methods and types the block uses without declaring them
 */
record Snippet(int fenceLine, List<Line> imports, List<Line> body, List<Line> context) {
  private static final Pattern TYPE_DECLARATION =
      Pattern.compile(
          "^(public\\s+|final\\s+|abstract\\s+|sealed\\s+|non-sealed\\s+)*"
              + "(class|record|interface|enum|@interface)\\s+\\w+.*");

  /** A line of the Markdown file. */
  record Line(int number, String text) {}

  /**
   * A block is a class block when its first line of code declares a type: it is then compiled as a
   * compilation unit of its own. Otherwise it is a fragment: statements, compiled as a method body.
   */
  boolean isClass() {
    for (Line line : body) {
      String code = line.text().strip();
      if (code.isEmpty() || code.startsWith("//") || code.startsWith("@")) {
        continue;
      }
      return TYPE_DECLARATION.matcher(code).matches();
    }
    return false;
  }
}
