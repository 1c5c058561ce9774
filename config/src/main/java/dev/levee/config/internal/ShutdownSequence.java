package dev.levee.config.internal;

import dev.levee.config.LeveeConfig;
import dev.levee.health.GracefulShutdown;
import dev.levee.health.HealthMonitor;
import dev.levee.http.EndpointServer;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime's shutdown: what the application registered to stop, drain and close, the JVM hook,
 * and the one close that runs it all (see {@link dev.levee.config.Levee}'s class description for
 * the order). Idempotent: a second close waits for the first; a close from within the first (a
 * registered resource that closes the runtime) returns at once. Thread-safe.
 */
public final class ShutdownSequence {
  private static final Logger LOG = LoggerFactory.getLogger(ShutdownSequence.class);

  private record Named<T>(String name, T value) {}

  private final LeveeConfig.Shutdown plan;
  private final HealthMonitor health;
  private final List<Named<IntSupplier>> drains = new CopyOnWriteArrayList<>();
  private final List<Named<Runnable>> intakes = new CopyOnWriteArrayList<>();
  private final List<Named<AutoCloseable>> resources = new CopyOnWriteArrayList<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile Thread hook;
  private volatile Thread closer; // the thread running close(), once one does

  /**
   * A sequence for one runtime.
   *
   * @param plan the configured delay and drain timeout
   * @param health the monitor that turns readiness DOWN and is closed
   */
  public ShutdownSequence(LeveeConfig.Shutdown plan, HealthMonitor health) {
    this.plan = plan;
    this.health = health;
  }

  /**
   * Adds a count to wait for.
   *
   * @param name names it in the shutdown report
   * @param inFlight the count now
   */
  public void drain(String name, IntSupplier inFlight) {
    drains.add(
        new Named<>(
            Objects.requireNonNull(name, "name"), Objects.requireNonNull(inFlight, "inFlight")));
  }

  /**
   * Adds what stops an intake.
   *
   * @param name names it in the shutdown report
   * @param stop what stops it
   */
  public void stopIntake(String name, Runnable stop) {
    intakes.add(
        new Named<>(Objects.requireNonNull(name, "name"), Objects.requireNonNull(stop, "stop")));
  }

  /**
   * Adds a resource to close.
   *
   * @param name names it in the shutdown report
   * @param resource the resource
   */
  public void close(String name, AutoCloseable resource) {
    resources.add(
        new Named<>(
            Objects.requireNonNull(name, "name"), Objects.requireNonNull(resource, "resource")));
  }

  /**
   * Installs a JVM shutdown hook that runs {@code close}; the sequence removes it once it has run.
   *
   * @param close the runtime's close
   */
  public void installHook(Runnable close) {
    Thread t = new Thread(close, "levee-shutdown");
    hook = t;
    Runtime.getRuntime().addShutdownHook(t);
  }

  /**
   * Runs the graceful shutdown once: readiness DOWN, the delay, intakes, drains, resources (newest
   * first), the health monitor, then the servers.
   *
   * @param bulkheadsInFlight calls in flight in every bulkhead
   * @param meters Levee's own meter registry to close, or {@code null}
   * @param servers the HTTP servers, closed last
   */
  public void run(
      IntSupplier bulkheadsInFlight, AutoCloseable meters, List<EndpointServer> servers) {
    if (!closed.compareAndSet(false, true)) {
      if (closer != Thread.currentThread()) {
        awaitStopped(); // not from within the close underway, which would wait for itself
      }
      return;
    }
    closer = Thread.currentThread();
    try {
      GracefulShutdown.Builder b =
          GracefulShutdown.builder(health)
              .propagationDelay(plan.propagationDelay())
              .drainTimeout(plan.drainTimeout())
              .drain("bulkheads", bulkheadsInFlight);
      drains.forEach(d -> b.drain(d.name(), d.value()));
      intakes.forEach(i -> b.stopIntake(i.name(), i.value()));
      if (meters != null) {
        b.close("metrics", meters);
      }
      resources.forEach(r -> b.close(r.name(), r.value()));
      // Last registered, first closed: the checks stop before what they watch closes, and probes
      // keep the last judgement (liveness UP, readiness DOWN) until the servers close.
      b.close("health", health);
      for (EndpointServer server : servers) {
        b.server("http " + server.port(), server);
      }
      b.build().run();
    } finally {
      stopped.countDown();
      // Only now: a SIGTERM during this close starts the hook, which waits for the close to
      // finish, so the JVM does not exit in the middle of the propagation delay or the drain.
      removeHook();
    }
  }

  /**
   * A failed start: everything closed at once, no delay and no drain, but everything {@link #run}
   * closes: the servers, the health monitor, the registered resources (newest first; a failure is
   * logged and the rest still close) and Levee's own meter registry; the JVM hook is removed. Does
   * nothing if a close ran or runs.
   *
   * @param meters Levee's own meter registry to close, or {@code null}
   * @param servers the servers started so far
   */
  public void runNow(AutoCloseable meters, List<EndpointServer> servers) {
    if (!closed.compareAndSet(false, true)) {
      return; // closed already, or closing: that close goes on
    }
    try {
      for (int i = servers.size() - 1; i >= 0; i--) {
        servers.get(i).close();
      }
      health.close();
      for (int i = resources.size() - 1; i >= 0; i--) {
        closeQuietly(resources.get(i));
      }
      if (meters != null) {
        closeQuietly(new Named<>("metrics", meters));
      }
    } finally {
      stopped.countDown();
      removeHook();
    }
  }

  private static void closeQuietly(Named<AutoCloseable> r) {
    try {
      r.value().close();
    } catch (Exception | Error e) {
      LOG.atError()
          .addKeyValue("component", "shutdown")
          .addKeyValue("name", r.name())
          .addKeyValue("error", e.toString())
          .setCause(e)
          .log("shutdown: closing \"{}\" failed", r.name());
    }
  }

  private void removeHook() {
    Thread t = hook;
    if (t != null && t != Thread.currentThread()) {
      try {
        Runtime.getRuntime().removeShutdownHook(t);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs, or ran: it finds the close done
      }
    }
  }

  private void awaitStopped() {
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
