package dev.levee.health.ratis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.errors.ErrorCategory;
import dev.levee.errors.ErrorClassifier;
import java.io.IOException;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.exceptions.GroupMismatchException;
import org.apache.ratis.protocol.exceptions.LeaderNotReadyException;
import org.apache.ratis.protocol.exceptions.TimeoutIOException;
import org.junit.jupiter.api.Test;

class RatisErrorsTest {
  private final ErrorClassifier classifier = RatisErrors.classifier();

  @Test
  void ratisExceptionsGetTheirCategoriesAndOthersTheDefaults() {
    assertThat(classifier.classify(new TimeoutIOException("no reply")))
        .isEqualTo(ErrorCategory.TRANSIENT);
    assertThat(classifier.classify(new GroupMismatchException("other group")))
        .isEqualTo(ErrorCategory.FATAL);
    assertThat(
            classifier.classify(
                new IOException(
                    new LeaderNotReadyException(
                        org.apache.ratis.protocol.RaftGroupMemberId.valueOf(
                            org.apache.ratis.protocol.RaftPeerId.valueOf("n1"),
                            RaftGroupId.randomId())))))
        .as("found under a wrapper")
        .isEqualTo(ErrorCategory.RETRIABLE);
    assertThat(classifier.classify(new java.net.ConnectException()))
        .as("the defaults still apply")
        .isEqualTo(ErrorCategory.RETRIABLE);
  }
}
