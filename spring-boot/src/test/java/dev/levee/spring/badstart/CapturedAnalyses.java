package dev.levee.spring.badstart;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalysisReporter;

/**
 * Keeps every failure analysis Spring Boot reports, beside its own log report: registered in the
 * tests' {@code META-INF/spring.factories}, so a test sees what the user sees, analysed by the
 * analyzers Boot found there.
 */
public final class CapturedAnalyses implements FailureAnalysisReporter {
  /** Every analysis reported in this JVM, oldest first. */
  public static final List<FailureAnalysis> REPORTED = new CopyOnWriteArrayList<>();

  /** Created by Spring Boot. */
  public CapturedAnalyses() {}

  @Override
  public void report(FailureAnalysis analysis) {
    REPORTED.add(analysis);
  }
}
