package dev.levee.spring;

import java.util.List;

/**
 * Spring's {@code levee.*} properties cannot make a Levee: each problem names the property as
 * Spring binds it, the value, the rule broken and where it was set ({@code
 * levee.resilience.circuit-breaker.instances.db.failure-threshold: must be at least 1, was -1 (from
 * class path resource [application.yml] - 7:30)}), and a misspelt key comes with a "did you mean".
 * Thrown at startup; {@link LeveeFailureAnalyzer} shows it as Spring Boot's failure analysis.
 */
public final class LeveePropertiesException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient List<String> problems;

  /**
   * Creates the exception.
   *
   * @param problems every problem found, each a line
   */
  public LeveePropertiesException(List<String> problems) {
    super(
        "invalid levee.* properties ("
            + problems.size()
            + (problems.size() == 1 ? " problem" : " problems")
            + "):\n  "
            + String.join("\n  ", problems));
    this.problems = List.copyOf(problems);
  }

  /**
   * The problems, one a line.
   *
   * @return the problems
   */
  public List<String> problems() {
    return problems;
  }
}
