package dev.levee.errors;

import static dev.levee.errors.ErrorCategory.FATAL;
import static dev.levee.errors.ErrorCategory.INVALID_INPUT;
import static dev.levee.errors.ErrorCategory.RETRIABLE;
import static dev.levee.errors.ErrorCategory.TRANSIENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLTransientException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ErrorClassifierDefaultsTest {
  private final ErrorClassifier classifier = ErrorClassifiers.defaults();

  static Stream<Arguments> byType() {
    return Stream.of(
        Arguments.of(new SocketTimeoutException("read timed out"), RETRIABLE),
        Arguments.of(new ConnectException("refused"), RETRIABLE),
        Arguments.of(new NoRouteToHostException("no route"), RETRIABLE),
        Arguments.of(new SocketException("Connection reset"), RETRIABLE),
        Arguments.of(new UnknownHostException("db.internal"), RETRIABLE),
        Arguments.of(new TimeoutException(), RETRIABLE),
        Arguments.of(new HttpTimeoutException("request timed out"), RETRIABLE),
        Arguments.of(new SQLNonTransientConnectionException("broken", (String) null), RETRIABLE),
        Arguments.of(new RejectedExecutionException("queue full"), TRANSIENT),
        Arguments.of(new SQLTransientException("busy"), TRANSIENT),
        Arguments.of(new SQLTimeoutException("query timeout"), TRANSIENT),
        Arguments.of(new IllegalArgumentException("bad"), INVALID_INPUT),
        Arguments.of(new NumberFormatException("NaN"), INVALID_INPUT),
        Arguments.of(new SQLDataException("bad data"), INVALID_INPUT),
        Arguments.of(new SQLIntegrityConstraintViolationException("dup"), INVALID_INPUT),
        Arguments.of(new SQLSyntaxErrorException("syntax"), INVALID_INPUT),
        Arguments.of(new InterruptedException(), FATAL),
        Arguments.of(new InterruptedIOException(), FATAL),
        Arguments.of(new ClosedByInterruptException(), FATAL),
        Arguments.of(new IllegalStateException("corrupt"), FATAL),
        Arguments.of(new NullPointerException(), FATAL),
        Arguments.of(new IOException("disk"), FATAL),
        Arguments.of(new OutOfMemoryError(), FATAL),
        Arguments.of(new Exception("anything else"), FATAL));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("byType")
  void classifiesByType(Throwable error, ErrorCategory expected) {
    assertThat(classifier.classify(error)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "SQLState {0} -> {1}")
  @CsvSource({
    "08001, RETRIABLE",
    "08006, RETRIABLE",
    "08S01, RETRIABLE",
    "40001, RETRIABLE",
    "40P01, RETRIABLE",
    "53000, TRANSIENT",
    "53300, TRANSIENT",
    "57P01, TRANSIENT",
    "57P02, TRANSIENT",
    "57P03, TRANSIENT",
    "22001, INVALID_INPUT",
    "23505, INVALID_INPUT",
    "42601, INVALID_INPUT",
    "42P01, INVALID_INPUT",
    "XX000, FATAL",
    "XX001, FATAL",
    // No default rule for these states: the type decides (plain SQLException -> FATAL).
    "40002, FATAL",
    "57014, FATAL",
    "HY000, FATAL",
    "90067, FATAL"
  })
  void classifiesSqlExceptionsBySqlState(String sqlState, ErrorCategory expected) {
    assertThat(classifier.classify(new SQLException("x", sqlState))).isEqualTo(expected);
  }

  @Test
  void sqlStateBeatsTheTypeOfTheSameException() {
    // HikariCP throws SQLTransientConnectionException carrying the driver's SQLState.
    assertThat(classifier.classify(new SQLTransientConnectionException("no connection", "08001")))
        .isEqualTo(RETRIABLE);
    assertThat(classifier.classify(new SQLTransientConnectionException("no connection")))
        .isEqualTo(TRANSIENT);
  }

  @Test
  void forSqlStateExposesTheDefaultMapping() {
    assertThat(ErrorClassifiers.forSqlState("40001")).contains(RETRIABLE);
    assertThat(ErrorClassifiers.forSqlState("08003")).contains(RETRIABLE);
    assertThat(ErrorClassifiers.forSqlState("HY000")).isEmpty();
    assertThat(ErrorClassifiers.forSqlState(null)).isEmpty();
  }

  @ParameterizedTest(name = "HTTP {0} -> {1}")
  @CsvSource({
    "400, INVALID_INPUT",
    "401, INVALID_INPUT",
    "404, INVALID_INPUT",
    "409, INVALID_INPUT",
    "408, RETRIABLE",
    "425, RETRIABLE",
    "429, TRANSIENT",
    "500, RETRIABLE",
    "502, RETRIABLE",
    "503, TRANSIENT",
    "504, RETRIABLE",
    "507, TRANSIENT",
    "520, RETRIABLE",
    "599, RETRIABLE",
    "501, FATAL",
    "505, FATAL",
    "511, FATAL"
  })
  void httpStatusHelper(int status, ErrorCategory expected) {
    assertThat(ErrorClassifiers.forHttpStatus(status)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"200", "304", "399", "600", "-1"})
  void httpStatusHelperRejectsNonErrorStatuses(int status) {
    assertThatThrownBy(() -> ErrorClassifiers.forHttpStatus(status))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("HTTP status must be an error status in [400, 599], was " + status);
  }

  @Test
  void aClassifiedExceptionKeepsItsOwnCategory() {
    for (ErrorCategory category : ErrorCategory.values()) {
      ClassifiedException e =
          new ClassifiedException(category, "op", "x", new SocketTimeoutException());
      assertThat(classifier.classify(e)).isEqualTo(category);
    }
  }

  @Test
  void wrappersAreSeenThrough() {
    Throwable wrapped =
        new CompletionException(
            new ExecutionException(new UncheckedIOException(new SocketTimeoutException())));
    assertThat(classifier.classify(wrapped)).isEqualTo(RETRIABLE);
    assertThat(classifier.classify(new RuntimeException(new SQLException("x", "23505"))))
        .isEqualTo(INVALID_INPUT);
  }

  @Test
  void theOutermostRecognisedLinkDecides() {
    // An IllegalArgumentException wrapping a timeout is the caller's fault first.
    assertThat(classifier.classify(new IllegalArgumentException(new SocketTimeoutException())))
        .isEqualTo(INVALID_INPUT);
  }

  @Test
  void causesBeyondTheDepthLimitAreNotExamined() {
    Throwable chain = new SocketTimeoutException();
    for (int i = 1; i < ErrorClassifiers.MAX_CAUSE_DEPTH; i++) {
      chain = new RuntimeException("wrapper", chain);
    }
    assertThat(classifier.classify(chain))
        .as("cause at the last examined link")
        .isEqualTo(RETRIABLE);
    assertThat(classifier.classify(new RuntimeException(chain)))
        .as("cause one link too deep")
        .isEqualTo(FATAL);
  }

  @Test
  void interruptionIsFatalAndTheInterruptFlagIsLeftAlone() {
    Thread.currentThread().interrupt();
    try {
      assertThat(classifier.classify(new InterruptedException())).isEqualTo(FATAL);
      assertThat(ErrorClassifiers.isInterruption(new RuntimeException(new InterruptedException())))
          .isTrue();
      assertThat(Thread.currentThread().isInterrupted()).as("interrupt flag still set").isTrue();
    } finally {
      Thread.interrupted();
    }
    assertThat(classifier.classify(new InterruptedException())).isEqualTo(FATAL);
    assertThat(Thread.currentThread().isInterrupted()).as("classifying never sets it").isFalse();
  }

  @Test
  void isInterruptionRecognisesEachForm() {
    assertThat(ErrorClassifiers.isInterruption(new InterruptedException())).isTrue();
    assertThat(ErrorClassifiers.isInterruption(new ClosedByInterruptException())).isTrue();
    assertThat(ErrorClassifiers.isInterruption(new InterruptedIOException())).isTrue();
    assertThat(ErrorClassifiers.isInterruption(new SocketTimeoutException())).isFalse();
    assertThat(ErrorClassifiers.isInterruption(new IOException())).isFalse();
  }

  @Test
  void nullIsRejectedClearly() {
    assertThatThrownBy(() -> classifier.classify(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("error");
  }
}
