package dev.levee.errors;

import static dev.levee.errors.ErrorCategory.FATAL;
import static dev.levee.errors.ErrorCategory.INVALID_INPUT;
import static dev.levee.errors.ErrorCategory.RETRIABLE;
import static dev.levee.errors.ErrorCategory.TRANSIENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class ErrorClassifierBuilderTest {
  /** Stands in for an HTTP client's exception, like Apache's HttpResponseException. */
  static final class HttpError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;

    HttpError(int status) {
      super("HTTP " + status);
      this.status = status;
    }
  }

  static final class MarkedFailure extends IOException {
    private static final long serialVersionUID = 1L;
  }

  @Test
  void mostSpecificTypeWins() {
    ErrorClassifier c =
        ErrorClassifiers.builder()
            .type(IOException.class, TRANSIENT)
            .type(SocketException.class, FATAL)
            .type(ConnectException.class, INVALID_INPUT)
            .build();
    assertThat(c.classify(new ConnectException())).isEqualTo(INVALID_INPUT);
    assertThat(c.classify(new java.net.NoRouteToHostException())).isEqualTo(FATAL);
    assertThat(c.classify(new IOException())).isEqualTo(TRANSIENT);
    assertThat(c.classify(new SocketTimeoutException())).isEqualTo(TRANSIENT);
  }

  @Test
  void aRuleOnAnInnerCauseBeatsADefaultOnAnOuterLink() {
    ErrorClassifier c = ErrorClassifiers.builder().type(MarkedFailure.class, RETRIABLE).build();
    Throwable error = new IllegalArgumentException(new MarkedFailure());
    assertThat(ErrorClassifiers.defaults().classify(error)).isEqualTo(INVALID_INPUT);
    assertThat(c.classify(error)).isEqualTo(RETRIABLE);
  }

  @Test
  void predicatesComeFirstInTheOrderAdded() {
    ErrorClassifier c =
        ErrorClassifiers.builder()
            .type(IllegalStateException.class, FATAL)
            .when(e -> e.getMessage() != null && e.getMessage().contains("leader"), RETRIABLE)
            .when(e -> e.getMessage() != null && e.getMessage().contains("not"), INVALID_INPUT)
            .build();
    assertThat(c.classify(new IllegalStateException("not the leader"))).isEqualTo(RETRIABLE);
    assertThat(c.classify(new IllegalStateException("not found"))).isEqualTo(INVALID_INPUT);
    assertThat(c.classify(new IllegalStateException("corrupt"))).isEqualTo(FATAL);
  }

  @Test
  void longestSqlStatePrefixWins() {
    ErrorClassifier c =
        ErrorClassifiers.builder()
            .sqlState("9", FATAL)
            .sqlState("90", TRANSIENT)
            .sqlState("90067", RETRIABLE)
            .build();
    assertThat(c.classify(new SQLException("broken", "90067"))).isEqualTo(RETRIABLE);
    assertThat(c.classify(new SQLException("x", "90001"))).isEqualTo(TRANSIENT);
    assertThat(c.classify(new SQLException("x", "91000"))).isEqualTo(FATAL);
    assertThat(c.classify(new SQLException("x", "08001")))
        .as("default still applies")
        .isEqualTo(RETRIABLE);
  }

  @Test
  void userSqlStateRuleOverridesTheDefaultForTheSameState() {
    ErrorClassifier c = ErrorClassifiers.builder().sqlState("23", RETRIABLE).build();
    assertThat(c.classify(new SQLException("dup", "23505"))).isEqualTo(RETRIABLE);
  }

  @Test
  void httpStatusesAreReadWithTheGivenReaderAndMappedByDefault() {
    ErrorClassifier c =
        ErrorClassifiers.builder().httpStatusOf(HttpError.class, e -> e.status).build();
    assertThat(c.classify(new HttpError(503))).isEqualTo(TRANSIENT);
    assertThat(c.classify(new HttpError(502))).isEqualTo(RETRIABLE);
    assertThat(c.classify(new HttpError(404))).isEqualTo(INVALID_INPUT);
    assertThat(c.classify(new HttpError(200))).as("no rule for a success status").isEqualTo(FATAL);
    assertThat(ErrorClassifiers.defaults().classify(new HttpError(503)))
        .as("without a reader the status is unknown")
        .isEqualTo(FATAL);
  }

  @Test
  void httpStatusRulesOverrideTheDefaultMapping() {
    ErrorClassifier c =
        ErrorClassifiers.builder()
            .httpStatusOf(HttpError.class, e -> e.status)
            .httpStatus(404, RETRIABLE)
            .httpStatus(503, RETRIABLE)
            .build();
    assertThat(c.classify(new HttpError(404))).isEqualTo(RETRIABLE);
    assertThat(c.classify(new HttpError(503))).isEqualTo(RETRIABLE);
    assertThat(c.classify(new HttpError(429))).isEqualTo(TRANSIENT);
  }

  @Test
  void fallbackIsConfigurable() {
    ErrorClassifier c = ErrorClassifiers.builder().otherwise(RETRIABLE).build();
    assertThat(c.classify(new IllegalStateException())).isEqualTo(RETRIABLE);
    assertThat(c.classify(new IllegalArgumentException())).isEqualTo(INVALID_INPUT);
  }

  @Test
  void laterBuilderChangesNeverReachABuiltClassifier() {
    ErrorClassifiers.Builder b = ErrorClassifiers.builder().type(IOException.class, RETRIABLE);
    ErrorClassifier built = b.build();
    b.type(IllegalStateException.class, RETRIABLE).otherwise(TRANSIENT);
    assertThat(built.classify(new IllegalStateException())).isEqualTo(FATAL);
    assertThat(built.classify(new Exception())).isEqualTo(FATAL);
  }

  @Test
  void badRulesAreRejectedWithMessagesNamingTheProblem() {
    ErrorClassifiers.Builder b = ErrorClassifiers.builder();
    assertThatThrownBy(() -> b.httpStatus(200, RETRIABLE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("httpStatus must be an error status in [400, 599], was 200");
    assertThatThrownBy(() -> b.sqlState("08x", RETRIABLE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sqlState prefix must be 1 to 5 digits or upper-case letters, was \"08x\"");
    assertThatThrownBy(() -> b.sqlState("", RETRIABLE))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.sqlState("123456", RETRIABLE))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.type(IOException.class, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("category");
    assertThatThrownBy(() -> b.when(null, FATAL))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("test");
  }

  @Test
  void duplicateRulesAreErrorsNotSilentOverrides() {
    ErrorClassifiers.Builder b =
        ErrorClassifiers.builder()
            .type(IOException.class, RETRIABLE)
            .sqlState("08", FATAL)
            .httpStatus(429, RETRIABLE);
    assertThatThrownBy(() -> b.type(IOException.class, FATAL))
        .hasMessage("type java.io.IOException already has a rule (RETRIABLE)");
    assertThatThrownBy(() -> b.sqlState("08", RETRIABLE))
        .hasMessage("sqlState prefix \"08\" already has a rule (FATAL)");
    assertThatThrownBy(() -> b.httpStatus(429, TRANSIENT))
        .hasMessage("httpStatus 429 already has a rule (RETRIABLE)");
  }
}
