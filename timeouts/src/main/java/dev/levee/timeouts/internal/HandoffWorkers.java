package dev.levee.timeouts.internal;

import dev.levee.timeouts.Ticker;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * A time limiter's own worker threads, each with a hand-off slot of its own.
 *
 * <p>Design: a caller claims an idle slot with one CAS (IDLE to BUSY), writes its task into the
 * slot's volatile field, and unparks the worker only if it is parked. A worker that finished a task
 * spins for a few microseconds ({@link SpinWait}) on its slot before it parks, so that a caller who
 * comes straight back finds it awake: a short call then costs no thread wake-up at all. Nothing is
 * allocated per call: no queue node (as {@link java.util.concurrent.SynchronousQueue} needs) and no
 * tracking node, because the slot itself says which task each worker holds, and {@link #close()}
 * reads the slots to release every caller in flight.
 *
 * <p>Slots are created on first need, at most {@code maxThreads}; a claim takes the lowest-numbered
 * idle slot (the low slots are the busiest, so their workers are the likeliest to be spinning),
 * else the first slot without a thread, starting one. A worker idle for the keep-alive time retires
 * (its slot loses its thread until a caller needs it again). When every slot is busy the call is
 * refused, never queued: at once, unless a worker is finishing up (its work has returned), which
 * the claim waits for (a few microseconds, longer only on a loaded machine at the thread cap) and
 * never longer than the caller's limit.
 *
 * <p>The park is guarded Dekker-style: a worker sets {@code parked} before it re-reads its slot,
 * and a caller reads {@code parked} after it wrote the task, so one of them always sees the other.
 * This class is thread-safe.
 */
final class HandoffWorkers {
  private static final int EMPTY = 0; // no thread
  private static final int IDLE = 1; // a thread waits for a task
  private static final int BUSY = 2; // claimed by a caller, or running its task

  // How many times awaitFinishing yields, once its spin is spent, for a finishing worker.
  private static final int MAX_FINISHING_YIELDS = 100;

  // Then, with no room for another thread, how long each park of that wait lasts at most.
  private static final long FINISHING_PARK_NANOS = 50_000;

  private final AtomicReferenceArray<Slot> slots;
  private final ThreadFactory threads;
  private final SpinWait spin;
  private final Ticker realTime;
  private final long keepAliveNanos;
  private final String rejection;
  private volatile boolean closed;
  // What claimIdle returns when no slot is idle but one may soon be: never handed a task.
  private final Slot finishing = new Slot();

  /**
   * Creates the workers; no thread starts until the first task.
   *
   * @param limiter the limiter's name, for the rejection message
   * @param maxThreads the most threads at once
   * @param threads makes the worker threads
   * @param spin how long an idle worker spins before it parks
   * @param realTime the system ticker (keep-alive is real time)
   * @param keepAliveNanos how long an idle worker lives
   */
  HandoffWorkers(
      String limiter,
      int maxThreads,
      ThreadFactory threads,
      SpinWait spin,
      Ticker realTime,
      long keepAliveNanos) {
    this.slots = new AtomicReferenceArray<>(maxThreads);
    this.threads = threads;
    this.spin = spin;
    this.realTime = realTime;
    this.keepAliveNanos = keepAliveNanos;
    this.rejection =
        "timeLimiter \""
            + limiter
            + "\": all "
            + maxThreads
            + " worker threads are busy; work that ignores interrupts keeps its"
            + " thread after it times out (pass closeOnTimeout to stop blocked I/O)";
  }

  /**
   * Hands {@code task} to an idle worker, starting one if none is idle. If the workers closed
   * meanwhile, the task is aborted instead (its caller sees the cancellation).
   *
   * @param task the task
   * @param maxWaitNanos the longest this may wait for a finishing worker (the caller's limit)
   * @return what remains of {@code maxWaitNanos} after that wait ({@code maxWaitNanos} itself if
   *     there was none), at least 0
   * @throws RejectedExecutionException if every worker is busy
   */
  long submit(LimitedTask<?> task, long maxWaitNanos) {
    long left = maxWaitNanos;
    Slot slot = claimIdle();
    if (slot == finishing) {
      long begin = realTime.read(); // read only when it must wait: a claim at once reads no clock
      slot = awaitFinishing(begin, maxWaitNanos);
      left = Math.max(0, maxWaitNanos - (realTime.read() - begin));
    }
    if (slot != null) {
      slot.task = task;
      if (slot.parked) {
        LockSupport.unpark(slot.thread);
      }
    } else {
      slot = claimEmpty();
      slot.task = task;
      if (!closed) {
        start(slot);
      } else {
        slot.task = null;
        slot.state = EMPTY;
      }
    }
    if (closed) {
      task.abort(); // close() may have read the slots before this task was in one
    }
    return left;
  }

  /**
   * Releases every caller in flight (their tasks are aborted: cancelled with an interrupt, and
   * their resources closed on this thread), then interrupts every worker so that idle ones end and
   * busy ones are told to stop. Closing twice does nothing more.
   */
  void close() {
    closed = true;
    for (int i = 0; i < slots.length(); i++) {
      Slot slot = slots.get(i);
      if (slot == null) {
        break;
      }
      LimitedTask<?> task = slot.task;
      if (task != null) {
        task.abort();
      }
      Thread thread = slot.thread;
      if (thread != null) {
        thread.interrupt();
      }
    }
  }

  /**
   * Waits until every worker thread has ended, or the deadline passes.
   *
   * @param deadline a reading of the real-time ticker
   * @return whether every worker thread has ended
   * @throws InterruptedException if the waiting thread is interrupted
   */
  boolean awaitTermination(long deadline) throws InterruptedException {
    for (int i = 0; i < slots.length(); i++) {
      Slot slot = slots.get(i);
      if (slot == null) {
        break;
      }
      Thread thread = slot.thread;
      if (thread != null) {
        TimeUnit.NANOSECONDS.timedJoin(thread, Math.max(1, deadline - realTime.read()));
        if (thread.isAlive()) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * How many worker threads are alive now (for tests and diagnostics).
   *
   * @return the count
   */
  int liveThreads() {
    int live = 0;
    for (int i = 0; i < slots.length(); i++) {
      Slot slot = slots.get(i);
      if (slot != null && slot.thread != null && slot.thread.isAlive()) {
        live++;
      }
    }
    return live;
  }

  /**
   * Claims an idle slot.
   *
   * @return the slot; else {@link #finishing} if a worker is finishing up (its work has returned,
   *     as its caller may already have seen) or a slot is being handed a task; else {@code null}
   */
  private Slot claimIdle() {
    boolean sawFinishing = false;
    for (int i = 0; i < slots.length(); i++) {
      Slot slot = slots.get(i);
      if (slot == null) {
        break; // slots fill in order: past the first gap none has been created
      }
      int state = slot.state;
      if (state == IDLE && Slot.STATE.compareAndSet(slot, IDLE, BUSY)) {
        return slot;
      }
      if (state == BUSY && !sawFinishing) {
        LimitedTask<?> task = slot.task;
        sawFinishing = task == null || task.workReturned();
      }
    }
    return sawFinishing ? finishing : null;
  }

  /**
   * Waits for a finishing worker rather than start a thread or refuse: a caller that comes straight
   * back for its next call would otherwise find its own worker still busy. The wait spins within
   * the spin budget, then yields at most {@value #MAX_FINISHING_YIELDS} times; if the worker has
   * still not marked itself idle (a loaded machine has descheduled it), it starts a thread if there
   * is room, else parks in steps of at most 50 µs for it. It never lasts longer than {@code
   * maxWaitNanos} (the caller's limit) on the real-time ticker, and waits only on Levee's own
   * bookkeeping, never on work.
   *
   * @return an idle slot, claimed, or {@code null} if none turned up in time
   */
  private Slot awaitFinishing(long begin, long maxWaitNanos) {
    int yields = 0;
    for (int round = 1; ; round++) {
      long waited = realTime.read() - begin;
      if (waited >= maxWaitNanos) {
        return null;
      }
      if (waited < spin.budgetNanos()) {
        SpinWait.pause(round);
      } else if (++yields <= MAX_FINISHING_YIELDS) {
        Thread.yield();
      } else if (hasRoom()) {
        return null; // the finishing worker is descheduled: a new thread is cheaper than waiting
      } else {
        // At the cap: refusing would fail a caller that comes straight back to a one-thread limiter
        // on a loaded machine. The worker's work has returned; wait for it, up to the limit.
        LockSupport.parkNanos(Math.min(FINISHING_PARK_NANOS, maxWaitNanos - waited));
      }
      Slot slot = claimIdle();
      if (slot != finishing) {
        return slot;
      }
    }
  }

  /** Whether a slot is free for a new thread (none created yet, or its worker retired). */
  private boolean hasRoom() {
    for (int i = 0; i < slots.length(); i++) {
      Slot slot = slots.get(i);
      if (slot == null || slot.state == EMPTY) {
        return true;
      }
    }
    return false;
  }

  private Slot claimEmpty() {
    for (int i = 0; i < slots.length(); i++) {
      Slot slot = slots.get(i);
      if (slot == null) {
        Slot fresh = new Slot();
        if (slots.compareAndSet(i, null, fresh)) {
          return fresh; // born BUSY
        }
        slot = slots.get(i);
      }
      if (slot.state == EMPTY && Slot.STATE.compareAndSet(slot, EMPTY, BUSY)) {
        return slot;
      }
    }
    throw new RejectedExecutionException(rejection);
  }

  private void start(Slot slot) {
    try {
      Thread thread = threads.newThread(slot);
      slot.thread = thread;
      thread.start();
    } catch (RuntimeException | Error failed) {
      slot.thread = null;
      slot.task = null;
      slot.state = EMPTY;
      throw failed;
    }
  }

  /** One worker's hand-off slot, and the loop its thread runs. */
  private final class Slot implements Runnable {
    static final VarHandle STATE;

    static {
      try {
        STATE = MethodHandles.lookup().findVarHandle(Slot.class, "state", int.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    volatile int state = BUSY;
    volatile LimitedTask<?> task;
    volatile Thread thread;
    volatile boolean parked;

    @Override
    public void run() {
      while (true) {
        LimitedTask<?> next = awaitTask();
        if (next == null || closed) {
          return; // a task handed over after close is aborted by close() or its submitter
        }
        Thread.interrupted(); // an interrupt meant for an earlier task must not reach this one
        try {
          next.run(); // a FutureTask: it catches what the work throws
        } finally {
          // FutureTask.run returns only after a cancelling interrupt has landed: clear it here.
          Thread.interrupted();
          task = null;
          state = IDLE;
        }
      }
    }

    /** The next task, or {@code null} once the workers closed or this one retired. */
    private LimitedTask<?> awaitTask() {
      LimitedTask<?> next;
      long begin = spin.begin();
      int spins = 0;
      while ((next = task) == null && !closed && spin.within(begin)) {
        SpinWait.pause(++spins);
      }
      long deadline = realTime.read() + keepAliveNanos;
      while (next == null) {
        if (closed) {
          return null;
        }
        long remaining = deadline - realTime.read();
        if (remaining <= 0) {
          if (STATE.compareAndSet(this, IDLE, EMPTY)) {
            return null; // retired; a later claim starts a new thread for this slot
          }
          // A caller claimed this slot as it timed out: its task is on the way, and it will unpark.
          remaining = keepAliveNanos;
          deadline = realTime.read() + remaining;
        }
        parked = true;
        // A stray interrupt (work that leaked its thread to code that interrupts it later) would
        // make every park return at once: a busy loop until keep-alive. Clear it: close() sets
        // closed before it interrupts, and closed is read again just below.
        Thread.interrupted();
        if ((next = task) == null && !closed) {
          LockSupport.parkNanos(this, remaining);
          next = task;
        }
        parked = false;
      }
      return next;
    }
  }
}
