package dev.levee.config;

import java.util.List;

/**
 * A configuration that cannot be used, with every problem found in it: each names the path, the
 * value and the rule ({@code resilience.circuit_breaker.instances.db.failure_threshold: must be at
 * least 1, was -1}), or the line ({@code not valid YAML at line 3, column 9: ...}), and unknown
 * keys come with a suggestion. The whole file is read before this is thrown, so one run shows every
 * mistake.
 *
 * <p>A file that cannot be read at all (missing, unreadable, a directory, not UTF-8, too large) is
 * one problem, and the message is that one line, naming the file: {@code levee.yaml: no such file}.
 * Either way the message is meant to be shown as it is, without a stack trace.
 */
public final class ConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final transient List<String> problems;

  /**
   * Creates the exception.
   *
   * @param source what was read ({@code levee.yaml}, {@code <string>})
   * @param problems the problems, each starting with its path
   */
  public ConfigException(String source, List<String> problems) {
    super(
        "invalid configuration "
            + source
            + " ("
            + problems.size()
            + (problems.size() == 1 ? " problem" : " problems")
            + "):\n  "
            + String.join("\n  ", problems));
    this.problems = List.copyOf(problems);
  }

  private ConfigException(String line) {
    super(line);
    this.problems = List.of(line);
  }

  /**
   * A file that cannot be read: one line, {@code <file>: <why>}, which is also the one problem.
   *
   * @param file the file as the user named it
   * @param why what is wrong ({@code no such file})
   * @return the exception
   */
  static ConfigException unreadable(String file, String why) {
    return new ConfigException(file + ": " + why);
  }

  /**
   * The problems, each starting with its path (or, for the file as a whole, its name or line).
   *
   * @return the problems
   */
  public List<String> problems() {
    return problems;
  }
}
