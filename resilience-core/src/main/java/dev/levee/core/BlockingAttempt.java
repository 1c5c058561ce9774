package dev.levee.core;

import dev.levee.core.internal.Tasks;
import dev.levee.timeouts.ContextSnapshot;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;

/**
 * One attempt of a blocking hedged call: the task runs on an executor, within the caller's context,
 * and this future completes with its outcome. Cancelling this future cancels the task with an
 * interrupt ({@link FutureTask#cancel(boolean)}, which also keeps a late interrupt from reaching
 * the executor's next task). An executor that refuses the task fails the attempt with its refusal.
 */
final class BlockingAttempt extends CompletableFuture<Object> {
  private final FutureTask<Object> task;

  BlockingAttempt(Executor executor, ContextSnapshot context, Object work, int kind) {
    Callable<Object> call = context.wrap((Callable<Object>) () -> Tasks.run(work, kind));
    this.task = new Task(call);
    try {
      executor.execute(task);
    } catch (RuntimeException refused) {
      completeExceptionally(refused);
    }
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    task.cancel(true);
    return super.cancel(mayInterruptIfRunning);
  }

  /** The task, which completes the attempt when it is done. */
  private final class Task extends FutureTask<Object> {
    Task(Callable<Object> call) {
      super(call);
    }

    @Override
    protected void done() {
      if (isCancelled()) {
        BlockingAttempt.super.cancel(false);
        return;
      }
      try {
        BlockingAttempt.this.complete(get());
      } catch (ExecutionException e) {
        BlockingAttempt.this.completeExceptionally(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // not reached: the task is done, get() does not wait
        BlockingAttempt.this.completeExceptionally(e);
      }
    }
  }
}
