package dev.levee.timeouts;

import java.time.Duration;
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
 * Instances are immutable and thread-safe; a {@link Scope} belongs to the thread that bound it.
 */
public final class Deadline implements Comparable<Deadline> {
  /** The furthest a deadline can be: about 146 years, far enough to mean "never". */
  public static final Duration MAX_TIMEOUT = Duration.ofNanos(1L << 62);

  private static final long MAX_NANOS = 1L << 62;

  private static final ThreadLocal<Frame> FRAME = ThreadLocal.withInitial(Frame::new);

  /** A thread's current deadline and how many scopes are open on it. */
  private static final class Frame {
    Deadline current;
    int depth;
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
    return Optional.ofNullable(FRAME.get().current);
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
    Deadline current = FRAME.get().current;
    long limit = Math.max(0, limitNanos);
    return current == null ? limit : Math.min(limit, current.remainingNanos());
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
   * @param other another deadline on the same ticker
   * @return whichever expires first; this one if they expire together
   * @throws IllegalArgumentException if the deadlines are on different tickers
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
   * @param other another deadline on the same ticker
   * @return negative, zero or positive as this expires before, with, or after {@code other}
   * @throws IllegalArgumentException if the deadlines are on different tickers
   */
  @Override
  public int compareTo(Deadline other) {
    Objects.requireNonNull(other, "other");
    if (other.ticker != ticker) {
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
   * @throws IllegalArgumentException if the current deadline is on a different ticker
   */
  public Scope bind() {
    Frame frame = FRAME.get();
    Deadline previous = frame.current;
    Deadline installed = previous == null ? this : previous.earlier(this);
    frame.current = installed;
    return new Scope(frame, previous, installed, ++frame.depth);
  }

  /**
   * Makes {@code deadline} current exactly, replacing (not narrowing) whatever was current, and
   * returns what was. Used by {@link ContextSnapshot} on the thread it carries a context to.
   */
  static Deadline swap(Deadline deadline) {
    Frame frame = FRAME.get();
    Deadline previous = frame.current;
    frame.current = deadline;
    return previous;
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
    private final Deadline previous;
    private final Deadline installed;
    private final int depth;
    private boolean closed;

    private Scope(Frame frame, Deadline previous, Deadline installed, int depth) {
      this.frame = frame;
      this.previous = previous;
      this.installed = installed;
      this.depth = depth;
    }

    /**
     * The deadline current inside this scope.
     *
     * @return the deadline, or empty for a scope that carries none
     */
    public Optional<Deadline> deadline() {
      return Optional.ofNullable(installed);
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
      if (FRAME.get() != frame || frame.depth != depth) {
        throw new IllegalStateException(
            "deadline scope closed out of order or on another thread: this scope is at depth "
                + depth
                + " and installed "
                + installed
                + "; the thread's current deadline is "
                + FRAME.get().current);
      }
      closed = true;
      frame.current = previous;
      frame.depth--;
    }
  }
}
