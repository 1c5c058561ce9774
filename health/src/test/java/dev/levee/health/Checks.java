package dev.levee.health;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** Test checks and a same-thread executor, so a manual scheduler drives a monitor step by step. */
final class Checks {
  private Checks() {}

  /** Runs every task at once on the submitting thread. */
  static class DirectExecutor extends AbstractExecutorService {
    private volatile boolean shutdown;

    @Override
    public void execute(Runnable command) {
      command.run();
    }

    @Override
    public void shutdown() {
      shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
      shutdown = true;
      return List.of();
    }

    @Override
    public boolean isShutdown() {
      return shutdown;
    }

    @Override
    public boolean isTerminated() {
      return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
      return true;
    }
  }

  /** A check whose next result the test sets. */
  static final class Scripted implements HealthCheck {
    final AtomicReference<HealthResult> next = new AtomicReference<>(HealthResult.up());
    volatile int runs;

    void set(HealthResult result) {
      next.set(result);
    }

    @Override
    public HealthResult check() {
      runs++;
      return next.get();
    }
  }
}
