package dev.levee.timeouts.testing;

import dev.levee.timeouts.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link Scheduler} driven by a {@link ManualTicker}: tasks run when the test advances time past
 * their due reading, on the thread that advances it, in due order. Nothing runs by itself, so a
 * test decides exactly when every timeout fires. This class is thread-safe.
 */
public final class ManualScheduler implements Scheduler {
  private final ManualTicker ticker;
  private final ReentrantLock lock = new ReentrantLock();
  private final PriorityQueue<Entry> queue = new PriorityQueue<>();
  private long sequence;

  /**
   * A scheduler on {@code ticker}.
   *
   * @param ticker the ticker whose readings decide when tasks are due
   */
  public ManualScheduler(ManualTicker ticker) {
    this.ticker = Objects.requireNonNull(ticker, "ticker");
  }

  /**
   * The ticker this scheduler reads.
   *
   * @return the ticker
   */
  public ManualTicker ticker() {
    return ticker;
  }

  @Override
  public Future<?> schedule(Runnable task, long delay, TimeUnit unit) {
    FutureTask<Void> future = new FutureTask<>(Objects.requireNonNull(task, "task"), null);
    lock.lock();
    try {
      queue.add(
          new Entry(
              ticker.read() + Math.max(0, unit.toNanos(delay)),
              sequence++,
              future,
              Thread.currentThread()));
    } finally {
      lock.unlock();
    }
    return future;
  }

  /**
   * Waits for {@code future} until it completes or the test advances time past {@code timeout}: no
   * real time limits the wait (the surrounding test should bound it). The wait shows in {@link
   * #pending()} as a scheduled task while it lasts. It polls the future every 100 microseconds,
   * since an arbitrary future cannot announce its completion.
   */
  @Override
  public <T> T await(Future<T> future, long timeout, TimeUnit unit)
      throws InterruptedException, ExecutionException, TimeoutException {
    AtomicBoolean expired = new AtomicBoolean();
    Future<?> timer = schedule(() -> expired.set(true), timeout, unit);
    try {
      while (!future.isDone()) {
        if (expired.get()) {
          throw new TimeoutException("manual time ran out after " + unit.toNanos(timeout) + "ns");
        }
        if (Thread.interrupted()) {
          throw new InterruptedException();
        }
        LockSupport.parkNanos(100_000L);
      }
      return future.get();
    } finally {
      timer.cancel(false);
    }
  }

  /**
   * Advances the ticker and runs every task that has become due, including tasks those tasks
   * schedule within the new time. A task that another thread schedules meanwhile waits for the next
   * call, so that what runs does not depend on how threads interleave.
   *
   * @param amount how far to move time
   * @return how many tasks ran
   */
  public int advance(Duration amount) {
    ticker.advance(amount);
    return runDue();
  }

  /**
   * Runs every task due at the ticker's current reading, without moving time: those scheduled
   * before the call, and those they schedule (on this thread) that are due too. A task another
   * thread schedules meanwhile waits for the next call.
   *
   * @return how many tasks ran (cancelled ones are not counted)
   */
  public int runDue() {
    Thread self = Thread.currentThread();
    long before;
    lock.lock();
    try {
      before = sequence;
    } finally {
      lock.unlock();
    }
    List<Entry> later = new ArrayList<>(); // due, but scheduled by another thread meanwhile
    int ran = 0;
    try {
      while (true) {
        FutureTask<Void> next;
        lock.lock();
        try {
          Entry head = queue.peek();
          if (head == null || head.due - ticker.read() > 0) {
            return ran;
          }
          queue.poll();
          if (head.order >= before && head.scheduledBy != self) {
            later.add(head);
            continue;
          }
          next = head.task;
        } finally {
          lock.unlock();
        }
        if (!next.isCancelled()) {
          next.run();
          ran++;
        }
      }
    } finally {
      lock.lock();
      try {
        queue.addAll(later);
      } finally {
        lock.unlock();
      }
    }
  }

  /**
   * The tasks scheduled and neither run nor cancelled.
   *
   * @return how many are waiting
   */
  public int pending() {
    lock.lock();
    try {
      int count = 0;
      for (Entry e : queue) {
        if (!e.task.isCancelled()) {
          count++;
        }
      }
      return count;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The delays until each pending task is due, soonest first.
   *
   * @return the delays
   */
  public List<Duration> pendingDelays() {
    lock.lock();
    try {
      List<Entry> sorted = new ArrayList<>(queue);
      sorted.sort(null);
      List<Duration> out = new ArrayList<>();
      long now = ticker.read();
      for (Entry e : sorted) {
        if (!e.task.isCancelled()) {
          out.add(Duration.ofNanos(e.due - now));
        }
      }
      return out;
    } finally {
      lock.unlock();
    }
  }

  private static final class Entry implements Comparable<Entry> {
    final long due;
    final long order;
    final FutureTask<Void> task;
    final Thread scheduledBy;

    Entry(long due, long order, FutureTask<Void> task, Thread scheduledBy) {
      this.due = due;
      this.order = order;
      this.task = task;
      this.scheduledBy = scheduledBy;
    }

    @Override
    public int compareTo(Entry other) {
      int byDue = Long.signum(due - other.due);
      return byDue != 0 ? byDue : Long.compare(order, other.order);
    }
  }
}
