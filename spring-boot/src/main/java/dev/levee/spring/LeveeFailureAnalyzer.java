package dev.levee.spring;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Turns a failed startup caused by Levee's properties ({@link LeveePropertiesException}) or
 * annotations ({@link ResilientMethodException}) into Spring Boot's failure analysis: every problem
 * one line under "Description", and what to do under "Action". Registered in {@code
 * META-INF/spring.factories}. Thread-safe.
 */
public final class LeveeFailureAnalyzer implements FailureAnalyzer {
  /** Creates the analyzer (Spring Boot does, from {@code spring.factories}). */
  public LeveeFailureAnalyzer() {}

  @Override
  public FailureAnalysis analyze(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof LeveePropertiesException e) {
        return new FailureAnalysis(
            "Levee's levee.* properties are invalid ("
                + e.problems().size()
                + (e.problems().size() == 1 ? " problem" : " problems")
                + "):\n\n    "
                + String.join("\n    ", e.problems())
                + "\n",
            "Fix each property named above. The keys and their rules are those of levee.yaml"
                + " (Levee's configuration reference); they bind in kebab-case, snake_case or as"
                + " environment variables (LEVEE_RESILIENCE_CIRCUITBREAKER_TIMEOUT).",
            e);
      }
      if (t instanceof ResilientMethodException e) {
        return new FailureAnalysis(
            "Levee cannot guard the annotated methods of bean \""
                + e.bean()
                + "\" as written ("
                + e.problems().size()
                + (e.problems().size() == 1 ? " problem" : " problems")
                + "):\n\n    "
                + String.join("\n    ", e.problems())
                + "\n",
            "Name a pipeline configured under levee.pipelines (or an instance configured under"
                + " levee.resilience.<family>.instances, or default), and give fallbackMethod a"
                + " method of the same bean that takes the method's parameters, optionally"
                + " followed by an exception, and returns what the method returns.",
            e);
      }
    }
    return null;
  }
}
