package dev.levee.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The chaos script, run on the demo's timers: at {@code start} the database slows down (each write
 * takes {@link #SLOW_WRITE} longer) for {@code outage}, and the adaptive limiter of its pipeline
 * shrinks its limit; {@code raftGap} after it is fast again, the database stops, and comes back
 * {@code outage} later; {@code raftGap} after that, Raft server n2 stops (n1 leads: quorum held,
 * failure tolerance 0, DEGRADED), then n3 (quorum lost, DOWN), then both come back. Each step sets
 * the phase the status line shows and prints a {@code == chaos:} line.
 */
final class DemoChaos {
  /** How much longer each write takes while the database is slow. */
  static final Duration SLOW_WRITE = Duration.ofMillis(300);

  private final DemoDatabase database;
  private final DemoRaft raft;
  private final PrintStream out;
  private final Consumer<String> phase;

  DemoChaos(DemoDatabase database, DemoRaft raft, PrintStream out, Consumer<String> phase) {
    this.database = database;
    this.raft = raft;
    this.out = out;
    this.phase = phase;
  }

  /** A Raft step of the chaos story. */
  private interface RaftAction {
    void run() throws IOException;
  }

  void schedule(
      ScheduledExecutorService timers, Duration start, Duration outage, Duration raftGap) {
    // Dependencies slow down before they fail: the slowdown first, for as long as the outage.
    timers.schedule(this::slowDatabase, start.toMillis(), TimeUnit.MILLISECONDS);
    timers.schedule(this::fastDatabase, start.plus(outage).toMillis(), TimeUnit.MILLISECONDS);
    Duration stop = start.plus(outage).plus(raftGap);
    timers.schedule(this::stopDatabase, stop.toMillis(), TimeUnit.MILLISECONDS);
    timers.schedule(this::restartDatabase, stop.plus(outage).toMillis(), TimeUnit.MILLISECONDS);
    Duration raftStart = stop.plus(outage).plus(raftGap);
    timers.schedule(
        () ->
            raftStep(
                "raft: n2 stopped",
                "== chaos: stopping Raft server n2: quorum holds, failure tolerance 0 (DEGRADED)",
                () -> {
                  raft.leadWithN1();
                  raft.stop("n2");
                }),
        raftStart.toMillis(),
        TimeUnit.MILLISECONDS);
    timers.schedule(
        () ->
            raftStep(
                "raft: n3 stopped",
                "== chaos: stopping Raft server n3: quorum lost, /health/raft DOWN",
                () -> raft.stop("n3")),
        raftStart.plus(raftGap).toMillis(),
        TimeUnit.MILLISECONDS);
    timers.schedule(
        () ->
            raftStep(
                "raft: restored",
                "== chaos: restarting n2 and n3: quorum and health return",
                () -> {
                  raft.restart("n2");
                  raft.restart("n3");
                }),
        raftStart.plus(raftGap.multipliedBy(2)).toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private void slowDatabase() {
    phase.accept("database slow");
    out.println(
        "== chaos: H2 slows down: each write takes "
            + SLOW_WRITE.toMillis()
            + "ms longer; the adaptive limit shrinks to what the database can take, the excess is"
            + " rejected at once");
    database.slowDown(SLOW_WRITE);
  }

  private void fastDatabase() {
    database.slowDown(Duration.ZERO);
    phase.accept("database fast again");
    out.println(
        "== chaos: H2 is fast again: rejections stop; the limit grows back only as far as the"
            + " load uses it (a limit no call reaches is no evidence of capacity)");
  }

  private void raftStep(String newPhase, String message, RaftAction action) {
    phase.accept(newPhase);
    out.println(message);
    try {
      action.run();
    } catch (IOException e) {
      out.println("== chaos: " + newPhase + " failed: " + e.getMessage());
    }
  }

  private void stopDatabase() {
    phase.accept("database stopped");
    out.println(
        "== chaos: stopping the H2 server: writes fail, the breaker opens, readiness goes DOWN");
    database.stop();
  }

  private void restartDatabase() {
    try {
      database.restart();
      phase.accept("database restarted");
      out.println("== chaos: H2 is back: the breaker half-opens and closes, readiness returns");
    } catch (SQLException e) {
      out.println("== chaos: H2 did not restart: " + e.getMessage());
    }
  }
}
