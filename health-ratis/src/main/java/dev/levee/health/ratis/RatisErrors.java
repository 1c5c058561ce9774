package dev.levee.health.ratis;

import dev.levee.errors.ErrorCategory;
import dev.levee.errors.ErrorClassifier;
import dev.levee.errors.ErrorClassifiers;
import org.apache.ratis.protocol.exceptions.AlreadyClosedException;
import org.apache.ratis.protocol.exceptions.GroupMismatchException;
import org.apache.ratis.protocol.exceptions.LeaderNotReadyException;
import org.apache.ratis.protocol.exceptions.LeaderSteppingDownException;
import org.apache.ratis.protocol.exceptions.NotLeaderException;
import org.apache.ratis.protocol.exceptions.NotReplicatedException;
import org.apache.ratis.protocol.exceptions.RaftRetryFailureException;
import org.apache.ratis.protocol.exceptions.ReadIndexException;
import org.apache.ratis.protocol.exceptions.ResourceUnavailableException;
import org.apache.ratis.protocol.exceptions.ServerNotReadyException;
import org.apache.ratis.protocol.exceptions.StaleReadException;
import org.apache.ratis.protocol.exceptions.TimeoutIOException;

/**
 * Levee's categories for Apache Ratis client errors, so retries and breakers treat a Raft group the
 * way its failures deserve:
 *
 * <ul>
 *   <li>RETRIABLE: the request reached a server that cannot serve it now but another attempt soon
 *       can ({@link NotLeaderException}, {@link LeaderNotReadyException}, {@link
 *       LeaderSteppingDownException}, {@link ServerNotReadyException}, {@link ReadIndexException},
 *       {@link StaleReadException});
 *   <li>TRANSIENT: the group is not answering (no quorum, an election that does not end): back off
 *       ({@link RaftRetryFailureException}, {@link TimeoutIOException}, {@link
 *       ResourceUnavailableException}, {@link NotReplicatedException});
 *   <li>FATAL: asking again cannot help ({@link GroupMismatchException}, {@link
 *       AlreadyClosedException}).
 * </ul>
 *
 * Everything else falls to Levee's defaults.
 */
public final class RatisErrors {
  private RatisErrors() {}

  /**
   * A classifier with the Ratis rules before the defaults.
   *
   * @return the classifier
   */
  public static ErrorClassifier classifier() {
    return rules(ErrorClassifiers.builder()).build();
  }

  /**
   * Adds the Ratis rules to a builder, before its own later rules.
   *
   * @param builder the builder
   * @return the same builder
   */
  public static ErrorClassifiers.Builder rules(ErrorClassifiers.Builder builder) {
    return builder
        .type(NotLeaderException.class, ErrorCategory.RETRIABLE)
        .type(LeaderNotReadyException.class, ErrorCategory.RETRIABLE)
        .type(LeaderSteppingDownException.class, ErrorCategory.RETRIABLE)
        .type(ServerNotReadyException.class, ErrorCategory.RETRIABLE)
        .type(ReadIndexException.class, ErrorCategory.RETRIABLE)
        .type(StaleReadException.class, ErrorCategory.RETRIABLE)
        .type(RaftRetryFailureException.class, ErrorCategory.TRANSIENT)
        .type(TimeoutIOException.class, ErrorCategory.TRANSIENT)
        .type(ResourceUnavailableException.class, ErrorCategory.TRANSIENT)
        .type(NotReplicatedException.class, ErrorCategory.TRANSIENT)
        .type(GroupMismatchException.class, ErrorCategory.FATAL)
        .type(AlreadyClosedException.class, ErrorCategory.FATAL);
  }
}
