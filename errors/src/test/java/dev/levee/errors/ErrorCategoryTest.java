package dev.levee.errors;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ErrorCategoryTest {
  @Test
  void onlyRetriableAndTransientAreRetried() {
    assertThat(ErrorCategory.RETRIABLE.isRetryable()).isTrue();
    assertThat(ErrorCategory.TRANSIENT.isRetryable()).isTrue();
    assertThat(ErrorCategory.FATAL.isRetryable()).isFalse();
    assertThat(ErrorCategory.INVALID_INPUT.isRetryable()).isFalse();
  }

  @Test
  void invalidInputNeverCountsAgainstADependency() {
    assertThat(ErrorCategory.INVALID_INPUT.countsAsFailure()).isFalse();
    assertThat(ErrorCategory.RETRIABLE.countsAsFailure()).isTrue();
    assertThat(ErrorCategory.TRANSIENT.countsAsFailure()).isTrue();
    assertThat(ErrorCategory.FATAL.countsAsFailure()).isTrue();
  }
}
