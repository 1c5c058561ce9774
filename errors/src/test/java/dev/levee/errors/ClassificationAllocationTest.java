package dev.levee.errors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.testkit.Allocation;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * Classification allocates nothing for the common cases. Measured with the JVM's per-thread
 * allocation counter, which counts every byte (the interpreter does no escape analysis), so the
 * result is exact and repeatable; speed is measured in the benchmarks module, not here.
 */
class ClassificationAllocationTest {
  private static final int CALLS = 10_000;

  private static long bytesToClassify(ErrorClassifier classifier, Throwable[] errors) {
    return Allocation.bytesAllocatedBy(
        () -> {
          for (int i = 0; i < CALLS; i++) {
            classifier.classify(errors[i % errors.length]);
          }
        });
  }

  @Test
  void defaultClassificationAllocatesNothing() {
    ErrorClassifier classifier = ErrorClassifiers.defaults();
    Throwable[] errors = {
      new SocketTimeoutException(),
      new CompletionException(new RuntimeException(new SocketTimeoutException())),
      new SQLException("x", "40001"),
      new SQLException("x", "HY000"),
      new ClassifiedException(ErrorCategory.TRANSIENT, "op", "x"),
      new IllegalStateException(),
    };
    assertThat(bytesToClassify(classifier, errors))
        .as("bytes allocated by %d classifications", CALLS)
        .isZero();
  }

  @Test
  void builtClassifierWithEveryRuleKindAllocatesNothing() {
    ErrorClassifier classifier =
        ErrorClassifiers.builder()
            .type(IllegalStateException.class, ErrorCategory.RETRIABLE)
            .sqlState("HY", ErrorCategory.TRANSIENT)
            .httpStatus(503, ErrorCategory.RETRIABLE)
            .httpStatusOf(ErrorClassifierBuilderTest.HttpError.class, e -> e.status)
            .build();
    Throwable[] errors = {
      new IllegalStateException(),
      new SQLException("x", "HY000"),
      new ErrorClassifierBuilderTest.HttpError(503),
      new ErrorClassifierBuilderTest.HttpError(404),
      new RuntimeException(new SocketTimeoutException()),
    };
    assertThat(bytesToClassify(classifier, errors))
        .as("bytes allocated by %d classifications", CALLS)
        .isZero();
  }
}
