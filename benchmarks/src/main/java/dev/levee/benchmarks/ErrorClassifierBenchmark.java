package dev.levee.benchmarks;

import dev.levee.errors.ErrorCategory;
import dev.levee.errors.ErrorClassifier;
import dev.levee.errors.ErrorClassifiers;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Classifying a failure: a socket timeout wrapped twice (the cause chain walk), and a SQLState.
 * Neither Resilience4j nor Failsafe classifies errors (they take user predicates), so the baseline
 * is the hand-written {@code instanceof} walk such a predicate would do.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ErrorClassifierBenchmark {
  private final ErrorClassifier levee = ErrorClassifiers.defaults();
  private final Throwable wrapped =
      new CompletionException(new RuntimeException(new SocketTimeoutException("read timed out")));
  private final Throwable sql = new SQLException("serialization failure", "40001");

  /**
   * Levee, wrapped timeout.
   *
   * @return the category
   */
  @Benchmark
  public ErrorCategory leveeWrapped() {
    return levee.classify(wrapped);
  }

  /**
   * Baseline, wrapped timeout.
   *
   * @return the category
   */
  @Benchmark
  public ErrorCategory baselineWrapped() {
    for (Throwable t = wrapped; t != null; t = t.getCause()) {
      if (t instanceof SocketTimeoutException) {
        return ErrorCategory.RETRIABLE;
      }
    }
    return ErrorCategory.FATAL;
  }

  /**
   * Levee, SQLState.
   *
   * @return the category
   */
  @Benchmark
  public ErrorCategory leveeSqlState() {
    return levee.classify(sql);
  }

  /**
   * Baseline, SQLState.
   *
   * @return the category
   */
  @Benchmark
  public ErrorCategory baselineSqlState() {
    String state = sql instanceof SQLException ? ((SQLException) sql).getSQLState() : null;
    return state != null && state.startsWith("40001")
        ? ErrorCategory.RETRIABLE
        : ErrorCategory.FATAL;
  }
}
