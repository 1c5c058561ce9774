package dev.levee.testkit;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Checks that no thread Levee started outlives the component that owns it. Every thread Levee
 * creates has a name starting with {@value #PREFIX}.
 */
public final class LeveeThreads {
  /** The name prefix of every thread Levee starts. */
  public static final String PREFIX = "levee-";

  private LeveeThreads() {}

  /**
   * The Levee threads alive now.
   *
   * @return their names
   */
  public static List<String> alive() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith(PREFIX))
        .map(Thread::getName)
        .sorted()
        .collect(Collectors.toList());
  }

  /**
   * Waits up to {@code bound} for every Levee thread to end; fails naming each survivor and where
   * it is stuck.
   *
   * @param bound how long threads may take to finish after {@code close()}
   */
  public static void assertNoneSurvive(Duration bound) {
    Await.until(bound, LeveeThreads::describeSurvivors, () -> alive().isEmpty());
  }

  private static String describeSurvivors() {
    StringBuilder out = new StringBuilder("Levee threads still alive:");
    for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
      if (e.getKey().getName().startsWith(PREFIX)) {
        out.append("\n  ")
            .append(e.getKey().getName())
            .append(" (")
            .append(e.getKey().getState())
            .append(") at ")
            .append(Arrays.toString(e.getValue()));
      }
    }
    return out.toString();
  }
}
