package dev.levee.http.internal;

import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * What an {@link HttpLoop} refused or cut short since its last summary line, and that line: one a
 * minute at most, WARN when connections or requests were refused (the server is at a limit), INFO
 * when clients only timed out or sent garbage. I/O thread only.
 */
final class LoopStats {
  private static final Logger LOG = LoggerFactory.getLogger("dev.levee.http.EndpointServer");
  private static final long SUMMARY_NANOS = 60_000_000_000L;

  long refusedConnections;
  long evicted;
  long busy;
  long timedOut;
  long malformed;
  long acceptFailures;
  private boolean acceptFailureLogged;
  private long lastSummary;

  LoopStats(long now) {
    this.lastSummary = now;
  }

  /** Counts an accept that failed; whether it is the first since the last summary (log it). */
  boolean firstAcceptFailure() {
    acceptFailures++;
    boolean first = !acceptFailureLogged;
    acceptFailureLogged = true;
    return first;
  }

  /** Logs the summary if a minute has passed since the last and anything happened, then resets. */
  void summarize(long now, InetSocketAddress address, int maxConnections) {
    if (now - lastSummary < SUMMARY_NANOS) {
      return;
    }
    boolean atALimit = refusedConnections > 0 || busy > 0 || acceptFailures > 0;
    if (atALimit || evicted > 0 || timedOut > 0 || malformed > 0) {
      LOG.atLevel(atALimit ? Level.WARN : Level.INFO)
          .addKeyValue("component", "http")
          .addKeyValue("refused_connections", refusedConnections)
          .addKeyValue("evicted", evicted)
          .addKeyValue("busy", busy)
          .addKeyValue("timed_out", timedOut)
          .addKeyValue("malformed", malformed)
          .addKeyValue("accept_failures", acceptFailures)
          .log(
              "endpoint server {}: since the last summary {} connections refused at the limit of {},"
                  + " {} unfinished requests closed to make room, {} requests refused with every"
                  + " worker busy, {} requests not received in time, {} malformed, {} accepts"
                  + " failed",
              address,
              refusedConnections,
              maxConnections,
              evicted,
              busy,
              timedOut,
              malformed,
              acceptFailures);
    }
    refusedConnections = evicted = busy = timedOut = malformed = acceptFailures = 0;
    acceptFailureLogged = false;
    lastSummary = now;
  }
}
