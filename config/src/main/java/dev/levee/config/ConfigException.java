package dev.levee.config;

import java.util.List;

/**
 * A configuration that cannot be used, with every problem found in it: each names the path, the
 * value and the rule ({@code resilience.circuit_breaker.instances.db.failure_threshold: must be at
 * least 1, was -1}), and unknown keys come with a suggestion. The whole file is read before this is
 * thrown, so one run shows every mistake.
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

  /**
   * The problems, each starting with its path.
   *
   * @return the problems
   */
  public List<String> problems() {
    return problems;
  }
}
