package dev.levee.health.raft;

/**
 * Reads a Raft node's status from its library. Adapting another Raft library to Levee means writing
 * one of these: fill a {@link RaftStatus} from what the library exposes. Must be cheap and must not
 * block for long (it runs on a health check's thread, bounded by its timeout).
 */
@FunctionalInterface
public interface RaftStatusSource {
  /**
   * Reads the status now.
   *
   * @return the snapshot
   * @throws Exception if the library cannot be read (the check reports DOWN)
   */
  RaftStatus read() throws Exception;
}
