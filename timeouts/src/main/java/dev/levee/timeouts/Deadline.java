package dev.levee.timeouts;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * An absolute point in time by which work must finish, on a {@link Ticker}.
 *
 * <p>A deadline is set once, where a request enters the service, and every call beneath it works
 * within what remains, instead of each layer adding its own full timeout. {@link #bind()} makes a
 * deadline the <em>current</em> one of the thread for a block:
 *
 * <pre>{@code
 * try (Deadline.Scope scope = Deadline.after(Duration.ofSeconds(2)).bind()) {
 *   repository.load(id);   // a TimeLimiter inside limits itself to what remains of the 2s
 * }
 * }</pre>
 *
 * <p>Binding inside a bound block keeps the earlier of the two deadlines: an inner layer can
 * shorten the budget, never extend it. {@link ContextSnapshot} carries the current deadline to
 * other threads, executors and {@code CompletableFuture} stages.
 *
 * <p>Remaining time is computed with subtraction, like {@link System#nanoTime()}, so it is correct
 * across a wrapping ticker. Deadlines further away than {@link #MAX_TIMEOUT} are capped there.
 * Deadlines on tickers of the same {@link Ticker#timeBase() time base} (a {@link CoarseTicker} and
 * its source) nest and compare. Instances are immutable and thread-safe values: two deadlines at
 * the same point in the same time are equal. A {@link Scope} belongs to the thread that bound it.
 */
public final class Deadline implements Comparable<Deadline> {
  /** The furthest a deadline can be: about 146 years, far enough to mean "never". */
  public static final Duration MAX_TIMEOUT = Duration.ofNanos(1L << 62);

  private static final long MAX_NANOS = 1L << 62;

  private static final ThreadLocal<Frame> FRAME = ThreadLocal.withInitial(Frame::new);

  /**
   * A thread's current deadline and how many scopes are open on it. The deadline is kept as its
   * parts ({@code ticker} null for none), so that {@link #bindAfterNanos} installs one without
   * creating a {@code Deadline}; {@code object} is the instance behind them, made on first request.
   */
  private static final class Frame {
    final Thread owner = Thread.currentThread();
    Ticker ticker;
    long expiresAt;
    Deadline object;
    int depth;
    // What narrowAfterNanos replaced, by depth, so that restore needs no object per call.
    Ticker[] savedTickers = new Ticker[4];
    long[] savedExpiresAt = new long[4];
    Deadline[] savedObjects = new Deadline[4];

    Deadline current() {
      if (object == null && ticker != null) {
        object = new Deadline(ticker, expiresAt);
      }
      return object;
    }

    /** Installs the earlier of the current deadline and the given one; see {@link #bind()}. */
    Scope bind(Ticker ticker, long expiresAt, Deadline object) {
      Ticker previousTicker = this.ticker;
      long previousExpiresAt = this.expiresAt;
      Deadline previousObject = this.object;
      narrow(ticker, expiresAt, object);
      return new Scope(this, previousTicker, previousExpiresAt, previousObject);
    }

    void narrow(Ticker ticker, long expiresAt, Deadline object) {
      if (this.ticker != null && this.ticker.timeBase() != ticker.timeBase()) {
        throw new IllegalArgumentException(
            "deadlines on different tickers cannot be compared: " + this.ticker + " and " + ticker);
      }
      if (this.ticker == null || expiresAt - this.expiresAt < 0) {
        set(ticker, expiresAt, object); // else the current one is earlier (or the same): it stays
      }
    }

    int push(Ticker ticker, long expiresAt) {
      int d = depth;
      if (d == savedTickers.length) {
        savedTickers = Arrays.copyOf(savedTickers, d * 2);
        savedExpiresAt = Arrays.copyOf(savedExpiresAt, d * 2);
        savedObjects = Arrays.copyOf(savedObjects, d * 2);
      }
      Ticker previousTicker = this.ticker;
      long previousExpiresAt = this.expiresAt;
      Deadline previousObject = this.object;
      narrow(ticker, expiresAt, null); // throws before anything is saved
      savedTickers[d] = previousTicker;
      savedExpiresAt[d] = previousExpiresAt;
      savedObjects[d] = previousObject;
      depth = d + 1;
      return depth;
    }

    void pop(int token) {
      if (owner != Thread.currentThread() || depth != token) {
        throw new IllegalStateException(
            "deadline restored out of order or on another thread: token "
                + token
                + ", depth "
                + depth);
      }
      int d = token - 1;
      Ticker previousTicker = savedTickers[d];
      long previousExpiresAt = savedExpiresAt[d];
      Deadline previousObject = savedObjects[d];
      // A narrowing that kept the current deadline hands back the instance made meanwhile.
      Deadline restored =
          previousObject == null && ticker == previousTicker && expiresAt == previousExpiresAt
              ? object
              : previousObject;
      set(previousTicker, previousExpiresAt, restored);
      savedTickers[d] = null;
      savedObjects[d] = null;
      depth = d;
    }

    void set(Ticker ticker, long expiresAt, Deadline object) {
      this.ticker = ticker;
      this.expiresAt = expiresAt;
      this.object = object;
    }
  }

  private final Ticker ticker;
  private final long expiresAt;

  private Deadline(Ticker ticker, long expiresAt) {
    this.ticker = ticker;
    this.expiresAt = expiresAt;
  }

  /**
   * A deadline {@code timeout} from now on the system ticker.
   *
   * @param timeout how long from now; zero or negative gives a deadline that has already expired
   * @return the deadline
   * @throws NullPointerException if {@code timeout} is {@code null}
   */
  public static Deadline after(Duration timeout) {
    return after(timeout, Ticker.system());
  }

  /**
   * A deadline {@code timeout} from now on {@code ticker}.
   *
   * @param timeout how long from now; zero or negative gives a deadline that has already expired
   * @param ticker the ticker it is measured on
   * @return the deadline
   * @throws NullPointerException if an argument is {@code null}
   */
  public static Deadline after(Duration timeout, Ticker ticker) {
    Objects.requireNonNull(timeout, "timeout");
    long nanos =
        timeout.compareTo(MAX_TIMEOUT) >= 0
            ? MAX_NANOS
            : timeout.isNegative() ? 0 : timeout.toNanos();
    return afterNanos(nanos, ticker);
  }

  /**
   * A deadline {@code nanos} nanoseconds from now on {@code ticker}.
   *
   * @param nanos how long from now; zero or negative gives a deadline that has already expired
   * @param ticker the ticker it is measured on
   * @return the deadline
   * @throws NullPointerException if {@code ticker} is {@code null}
   */
  public static Deadline afterNanos(long nanos, Ticker ticker) {
    Objects.requireNonNull(ticker, "ticker");
    long bounded = Math.max(0, Math.min(nanos, MAX_NANOS));
    return new Deadline(ticker, ticker.read() + bounded);
  }

  /**
   * The current deadline of this thread, set by {@link #bind()} or carried by a {@link
   * ContextSnapshot}.
   *
   * @return the current deadline, or empty if none is bound
   */
  public static Optional<Deadline> current() {
    return Optional.ofNullable(FRAME.get().current());
  }

  /**
   * The smaller of {@code limitNanos} and the current deadline's remaining time: the time a
   * component may give an operation whose own limit is {@code limitNanos}. Reads the ticker only
   * when a deadline is bound; allocates nothing.
   *
   * @param limitNanos the operation's own limit
   * @return the effective limit, never negative
   */
  public static long effectiveNanos(long limitNanos) {
    Frame frame = FRAME.get();
    long limit = Math.max(0, limitNanos);
    return frame.ticker == null
        ? limit
        : Math.min(limit, Math.max(0, frame.expiresAt - frame.ticker.read()));
  }

  /**
   * The time left, in nanoseconds.
   *
   * @return the time left; zero once expired, never negative
   */
  public long remainingNanos() {
    return Math.max(0, expiresAt - ticker.read());
  }

  /**
   * The time left.
   *
   * @return the time left; {@link Duration#ZERO} once expired, never negative
   */
  public Duration remaining() {
    return Duration.ofNanos(remainingNanos());
  }

  /**
   * Whether the deadline has passed.
   *
   * @return {@code true} once no time is left
   */
  public boolean isExpired() {
    return expiresAt - ticker.read() <= 0;
  }

  /**
   * The earlier of this deadline and {@code other}.
   *
   * @param other another deadline on a ticker with the same {@link Ticker#timeBase() time base}
   * @return whichever expires first; this one if they expire together
   * @throws IllegalArgumentException if the deadlines' tickers have different time bases
   * @throws NullPointerException if {@code other} is {@code null}
   */
  public Deadline earlier(Deadline other) {
    return compareTo(other) <= 0 ? this : other;
  }

  /**
   * The ticker this deadline is measured on.
   *
   * @return the ticker
   */
  public Ticker ticker() {
    return ticker;
  }

  /**
   * Orders deadlines by when they expire, earliest first.
   *
   * @param other another deadline on a ticker with the same {@link Ticker#timeBase() time base}
   * @return negative, zero or positive as this expires before, with, or after {@code other}
   * @throws IllegalArgumentException if the deadlines' tickers have different time bases
   */
  @Override
  public int compareTo(Deadline other) {
    Objects.requireNonNull(other, "other");
    if (other.ticker.timeBase() != ticker.timeBase()) {
      throw new IllegalArgumentException(
          "deadlines on different tickers cannot be compared: " + ticker + " and " + other.ticker);
    }
    return Long.signum(expiresAt - other.expiresAt);
  }

  /**
   * Makes this deadline the thread's current one until the scope closes; if a deadline is already
   * current, the earlier of the two stays current. Use with try-with-resources.
   *
   * @return the scope to close
   * @throws IllegalArgumentException if the current deadline's ticker has another time base
   */
  public Scope bind() {
    return FRAME.get().bind(ticker, expiresAt, this);
  }

  /**
   * Binds a deadline {@code nanos} nanoseconds from now on {@code ticker}, like {@code
   * afterNanos(nanos, ticker).bind()} but without creating a {@code Deadline}: the way a component
   * that bounds every call (a pipeline's timeout) binds one on its hot path. The instance is made
   * only if someone asks for it ({@link #current()}, {@link Scope#deadline()}).
   *
   * @param nanos how long from now; zero or negative gives a deadline that has already expired
   * @param ticker the ticker it is measured on
   * @return the scope to close
   * @throws IllegalArgumentException if the current deadline's ticker has another time base
   * @throws NullPointerException if {@code ticker} is {@code null}
   */
  public static Scope bindAfterNanos(long nanos, Ticker ticker) {
    Objects.requireNonNull(ticker, "ticker");
    long bounded = Math.max(0, Math.min(nanos, MAX_NANOS));
    return FRAME.get().bind(ticker, ticker.read() + bounded, null);
  }

  /**
   * Narrows this thread's deadline to {@code nanos} from now on {@code ticker}, like {@link
   * #bindAfterNanos}, but returns a token instead of a {@link Scope}: the form for components that
   * bound every call on a hot path, which allocates nothing even where escape analysis does not
   * remove a scope (in the interpreter, or at a busy call site). Pass the token to {@link
   * #restore(int)} in a {@code finally} block, on this thread, in the reverse order of narrowing
   * (scopes and tokens nest with each other).
   *
   * @param nanos how long from now; zero or negative gives a deadline that has already expired
   * @param ticker the ticker it is measured on
   * @return the token to restore with
   * @throws IllegalArgumentException if the current deadline's ticker has another time base
   * @throws NullPointerException if {@code ticker} is {@code null}
   */
  public static int narrowAfterNanos(long nanos, Ticker ticker) {
    Objects.requireNonNull(ticker, "ticker");
    long bounded = Math.max(0, Math.min(nanos, MAX_NANOS));
    return FRAME.get().push(ticker, ticker.read() + bounded);
  }

  /**
   * Restores the deadline that was current before {@link #narrowAfterNanos(long, Ticker)} returned
   * {@code token}.
   *
   * @param token what {@code narrowAfterNanos} returned, on this thread
   * @throws IllegalStateException if an inner scope or narrowing is still open, or the token is
   *     from another thread; nothing changes then
   */
  public static void restore(int token) {
    FRAME.get().pop(token);
  }

  /**
   * Makes {@code deadline} current exactly, replacing (not narrowing) whatever was current, and
   * returns what was. Used by {@link ContextSnapshot} on the thread it carries a context to.
   */
  static Deadline swap(Deadline deadline) {
    Frame frame = FRAME.get();
    Deadline previous = frame.current();
    if (deadline == null) {
      frame.set(null, 0, null);
    } else {
      frame.set(deadline.ticker, deadline.expiresAt, deadline);
    }
    return previous;
  }

  /**
   * Whether {@code other} is a deadline at the same point in the same time (tickers with the same
   * {@link Ticker#timeBase() time base}).
   *
   * @param other any object
   * @return {@code true} for an equal deadline
   */
  @Override
  public boolean equals(Object other) {
    return other instanceof Deadline
        && ((Deadline) other).ticker.timeBase() == ticker.timeBase()
        && ((Deadline) other).expiresAt == expiresAt;
  }

  @Override
  public int hashCode() {
    return 31 * System.identityHashCode(ticker.timeBase()) + Long.hashCode(expiresAt);
  }

  @Override
  public String toString() {
    long left = expiresAt - ticker.read();
    return left <= 0
        ? "Deadline[expired " + Durations.human(Duration.ofNanos(-left)) + " ago]"
        : "Deadline[" + Durations.human(Duration.ofNanos(left)) + " left]";
  }

  /**
   * A block during which a deadline is current on the thread that bound it. Closing restores the
   * deadline that was current before; closing twice does nothing. Scopes must close in the reverse
   * order they were opened, on the thread that opened them. Not thread-safe.
   */
  public static final class Scope implements AutoCloseable {
    private final Frame frame;
    private final Ticker previousTicker;
    private final long previousExpiresAt;
    private final Deadline previousObject;
    private final Ticker installedTicker;
    private final long installedExpiresAt;
    private Deadline installedObject; // made on first request if the bind made none
    private final int depth;
    private boolean closed;

    private Scope(
        Frame frame, Ticker previousTicker, long previousExpiresAt, Deadline previousObject) {
      this.frame = frame;
      this.previousTicker = previousTicker;
      this.previousExpiresAt = previousExpiresAt;
      this.previousObject = previousObject;
      this.installedTicker = frame.ticker;
      this.installedExpiresAt = frame.expiresAt;
      this.installedObject = frame.object;
      this.depth = ++frame.depth;
    }

    /**
     * The deadline current inside this scope.
     *
     * @return the deadline, or empty for a scope that carries none
     */
    public Optional<Deadline> deadline() {
      if (installedTicker == null) {
        return Optional.empty();
      }
      if (installedObject == null) {
        // The instance the thread shows for this deadline, if it shows it now; else one of our own.
        installedObject =
            showsInstalled() ? frame.current() : new Deadline(installedTicker, installedExpiresAt);
      } else if (frame.object == null && showsInstalled()) {
        frame.object = installedObject; // so Deadline.current() gives the same one
      }
      return Optional.of(installedObject);
    }

    private boolean showsInstalled() {
      return frame.owner == Thread.currentThread()
          && frame.ticker == installedTicker
          && frame.expiresAt == installedExpiresAt;
    }

    /**
     * Restores the previous deadline.
     *
     * @throws IllegalStateException if an inner scope is still open, or this is not the thread that
     *     opened the scope; nothing changes then
     */
    @Override
    public void close() {
      if (closed) {
        return;
      }
      // The depth tells scopes apart even when an inner one installed the same deadline (it did
      // not shorten it): comparing deadlines alone would let an outer scope close under an inner.
      if (frame.owner != Thread.currentThread() || frame.depth != depth) {
        throw new IllegalStateException(
            "deadline scope closed out of order or on another thread: this scope is at depth "
                + depth
                + " and installed "
                + deadline().orElse(null)
                + "; the thread's current deadline is "
                + FRAME.get().current());
      }
      closed = true;
      if (installedObject == null && showsInstalled()) {
        installedObject = frame.object; // what Deadline.current() gave inside, if anything
      }
      // An inner scope that kept the current deadline hands back the instance made meanwhile.
      Deadline restored =
          previousObject == null
                  && frame.ticker == previousTicker
                  && frame.expiresAt == previousExpiresAt
              ? frame.object
              : previousObject;
      frame.set(previousTicker, previousExpiresAt, restored);
      frame.depth--;
    }
  }
}
