package dev.levee.spring;

import java.util.List;

/**
 * A bean's {@link Resilient} (or per-policy) annotations cannot be honoured: a name that is not
 * configured, a {@code fallbackMethod} missing or of the wrong shape, annotations that contradict
 * each other. Each problem names the method ({@code OrdersRepository.save(Order)}). Thrown when the
 * bean is created, so that the mistake fails startup instead of the first failing call; {@link
 * LeveeFailureAnalyzer} shows it as Spring Boot's failure analysis.
 */
public final class ResilientMethodException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient List<String> problems;

  /** The bean whose annotations cannot be honoured. */
  private final String bean;

  /**
   * Creates the exception.
   *
   * @param bean the bean's name
   * @param problems every problem found in its class, each a line
   */
  public ResilientMethodException(String bean, List<String> problems) {
    super(
        "bean \""
            + bean
            + "\": "
            + (problems.size() == 1
                ? problems.get(0)
                : problems.size() + " problems:\n  " + String.join("\n  ", problems)));
    this.problems = List.copyOf(problems);
    this.bean = bean;
  }

  /**
   * The bean's name.
   *
   * @return the name
   */
  public String bean() {
    return bean;
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
