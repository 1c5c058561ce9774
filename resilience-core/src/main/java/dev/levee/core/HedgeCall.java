package dev.levee.core;

import dev.levee.core.internal.Tasks;
import dev.levee.timeouts.ContextSnapshot;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One hedged call: the first attempt at once, a timer for the second, the first success wins.
 *
 * <p>States, moved by CAS: {@code WAITING} (the first attempt runs, the second is not sent), {@code
 * HEDGED} (both sent), {@code DONE}. A failure in {@code WAITING} ends the call at once (no second
 * attempt is sent: a hedge is not a retry); a failure in {@code HEDGED} waits for the other
 * attempt, and the second failure ends the call with the first one (the second suppressed). The
 * timer sends the second attempt only by moving {@code WAITING} to {@code HEDGED}, so it can never
 * race a failure into a call that nobody completes.
 *
 * <p>Cleaning up: whatever completes the result (a success, the last failure, the caller's {@code
 * cancel}) cancels the timer and both attempts; an attempt already done ignores it. The timer and
 * the second attempt are published after they are made and checked against the result again, so a
 * result completed in between still cancels them: no timer and no attempt outlives its call.
 */
final class HedgeCall<T> {
  private static final int WAITING = 0;
  private static final int HEDGED = 1;
  private static final int DONE = 2;

  private final Hedge hedge;
  private final Supplier<? extends CompletionStage<T>> supplier;
  private final Function<Supplier<CompletionStage<T>>, CompletionStage<T>> around;
  private final ContextSnapshot context;
  private final long start;
  private final long delay;
  private final CompletableFuture<T> result = new CompletableFuture<>();
  private final AtomicInteger state = new AtomicInteger(WAITING);
  private final AtomicInteger failures = new AtomicInteger();
  private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
  private final Attempt<T> first;
  private volatile Attempt<T> second;
  private volatile long secondStart; // the ticker's reading when the second attempt was sent
  private volatile Future<?> timer;

  HedgeCall(
      Hedge hedge,
      Supplier<? extends CompletionStage<T>> supplier,
      Function<Supplier<CompletionStage<T>>, CompletionStage<T>> around,
      long start,
      long delay) {
    this.hedge = hedge;
    this.supplier = supplier;
    this.around = around;
    this.context = ContextSnapshot.capture();
    this.start = start;
    this.delay = delay;
    this.first = new Attempt<>(supplier);
  }

  CompletableFuture<T> start() {
    result.whenComplete((value, error) -> cleanUp());
    launch(first, false);
    if (!result.isDone() && state.get() == WAITING) {
      try {
        Future<?> t =
            hedge
                .config()
                .scheduler()
                .schedule(context.wrap(this::fire), delay, TimeUnit.NANOSECONDS);
        timer = t;
        if (result.isDone()) {
          t.cancel(false);
        }
      } catch (RuntimeException refused) { // a scheduler shut down: no hedge, the call goes on
        hedge.timerRefused(refused);
      }
    }
    return result;
  }

  /** The timer: sends the second attempt if the first is still running and the budget allows. */
  private void fire() {
    if (result.isDone() || state.get() != WAITING || !hedge.tryHedge()) {
      return;
    }
    if (!state.compareAndSet(WAITING, HEDGED)) {
      return; // the first attempt failed meanwhile (its token is spent: a rare race)
    }
    Attempt<T> a = new Attempt<>(supplier);
    secondStart = hedge.startReading(start + delay);
    second = a;
    hedge.sent(delay);
    launch(a, true);
    if (result.isDone()) {
      a.cancel();
    }
  }

  private void launch(Attempt<T> a, boolean isHedge) {
    CompletionStage<T> stage;
    try {
      stage = around == null ? a.get() : around.apply(a);
    } catch (Throwable e) {
      stage = CompletableFuture.failedFuture(e);
    }
    a.watched = stage;
    stage.whenComplete((value, error) -> settled(isHedge, value, Tasks.cause(error)));
  }

  private void settled(boolean isHedge, T value, Throwable failure) {
    if (failure == null) {
      // The winner is decided by the state, and counted before the result is published, so that a
      // caller who sees the result sees the counters too.
      for (int s = state.get(); s != DONE && !result.isDone(); s = state.get()) {
        if (state.compareAndSet(s, DONE)) {
          hedge.succeeded(isHedge, isHedge ? secondStart : start);
          result.complete(value);
          return;
        }
      }
      return;
    }
    if (result.isDone()) {
      return; // a loser's cancellation, or a failure after the call ended
    }
    if (state.get() == WAITING && state.compareAndSet(WAITING, DONE)) {
      result.completeExceptionally(failure); // no second attempt was sent: nothing to wait for
      return;
    }
    firstFailure.compareAndSet(null, failure);
    if (failures.incrementAndGet() == 2 && state.getAndSet(DONE) != DONE) {
      Throwable reported = firstFailure.get();
      if (reported != failure) {
        reported.addSuppressed(failure);
      }
      result.completeExceptionally(reported);
    }
  }

  private void cleanUp() {
    Future<?> t = timer;
    if (t != null) {
      t.cancel(false);
    }
    first.cancel();
    Attempt<T> s = second;
    if (s != null) {
      s.cancel();
    }
  }

  /**
   * One attempt: starts the work, and remembers both the work's own stage and the stage the hedge
   * watches (a pipeline's, which completes after the pipeline's stages are released), so that
   * cancelling reaches the work itself.
   */
  private static final class Attempt<T> implements Supplier<CompletionStage<T>> {
    private final Supplier<? extends CompletionStage<T>> supplier;
    private volatile CompletionStage<T> source;
    volatile CompletionStage<T> watched;

    Attempt(Supplier<? extends CompletionStage<T>> supplier) {
      this.supplier = supplier;
    }

    @Override
    public CompletionStage<T> get() {
      CompletionStage<T> s =
          Objects.requireNonNull(supplier.get(), "supplier returned a null stage");
      source = s;
      return s;
    }

    void cancel() {
      cancel(source); // first: a pipeline then releases its stages as the work ends
      cancel(watched);
    }

    private static void cancel(CompletionStage<?> stage) {
      if (stage != null) {
        try {
          stage.toCompletableFuture().cancel(true);
        } catch (UnsupportedOperationException cannot) {
          // A stage that cannot be a future cannot be cancelled: the work runs to its end, and its
          // outcome is ignored.
        }
      }
    }
  }
}
